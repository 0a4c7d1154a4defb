"""Đảng vụ — party records of one commune."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("dangvu")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

APP_NAME = "Đảng vụ"
