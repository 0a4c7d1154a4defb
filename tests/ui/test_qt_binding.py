"""The Qt binding itself must not leak references to None (PySide6 6.12.0 on CPython 3.11 lost one on every
call of a method returning nothing: after a long session, or a 20,000-member printout, Python aborted with
"none_dealloc"). pyproject.toml keeps PySide6 below 6.12; this test says so if a version brings it back."""

import sys

from PySide6.QtCore import QObject


def test_void_calls_do_not_leak_none():
    obj = QObject()
    obj.setObjectName("warm-up")
    before = sys.getrefcount(None)
    for _ in range(5000):
        obj.setObjectName("x")
    assert abs(sys.getrefcount(None) - before) < 100
