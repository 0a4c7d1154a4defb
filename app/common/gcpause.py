"""Pause Python's cycle collector while the import builds its big, long-lived structures.

Reading, planning and writing 10,000 rows allocate millions of lists, dicts and tuples that all stay alive
until the import ends; the cycle collector keeps rescanning them (≈ 10 % of a 10,000-row import, issue 3)
and can free none of them. Reference counting still frees everything short-lived; the collector is
switched back on as soon as the section ends, also on errors. Never held across a generator's yield, so a
paused collector cannot outlive an abandoned import.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
