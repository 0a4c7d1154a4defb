"""The window (PySide6). Everything here reads and writes through app.services; no SQL."""
