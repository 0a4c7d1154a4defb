"""The one progress protocol of every long job (import, report, backup): a generator yields Progress while it
works and finally its result; the window's runner (app/ui/ops.py) and the command line read the same items.

Cancelling is cooperative: the job is handed a CancelToken and checks it only where stopping is safe (an
import inside its one transaction, a report before the file is written), then raises Cancelled. Nothing from
outside stops a job between two steps, so a job that has committed is never reported as cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    done: int
    total: int            # 0 while the amount is not known yet (a busy bar, never a made-up 100 %)
    what: str = ""        # what is being done, in Vietnamese, for the status line
    cancellable: bool = True   # False from the point where stopping would no longer undo anything

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


class Cancelled(Exception):
    """A job stopped because the clerk asked; whatever it had written in its transaction was rolled back."""


class CancelToken:
    """Set by the one who asked for the job (a Hủy button), read by the job. Calling it answers "cancelled?",
    so it can be passed where a `cancel: Callable[[], bool]` is expected."""

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def __call__(self) -> bool:
        return self.cancelled

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()


def drive(job, on_progress=None):
    """The one driver of a progress generator (the window's runner, the command line, the tests): each
    Progress goes to on_progress, the last other item is the result. A plain value (not a generator) is its
    own result, so a runner need not know which kind of job it was given."""
    if not hasattr(job, "__next__"):
        return job
    result = None
    for item in job:
        if isinstance(item, Progress):
            if on_progress is not None:
                on_progress(item)
        else:
            result = item
    return result
