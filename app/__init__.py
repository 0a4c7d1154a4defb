"""Đảng vụ — party records of one commune."""

APP_NAME = "Đảng vụ"


def __getattr__(name: str):
    # the version is read from the installed metadata only when asked for (the About box): importing
    # importlib.metadata costs every command a tenth of a second before its first query (issue 15 item 3)
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("dangvu")
        except PackageNotFoundError:  # running from a source tree that was never installed
            value = "0.0.0"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'app' has no attribute {name!r}")
