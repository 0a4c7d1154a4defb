"""The one base of every error the clerk is shown as a message rather than as a bug.

DomainError (a refused action, app/services/errors.py), PlanError (an import that cannot be planned),
ImportFileError (a sheet file that cannot be read) and BackupError (a backup or restore that failed) all
derive from UserError: the message is Vietnamese and says what and where, so a window or the CLI shows it
as it is; anything else that reaches the top is a bug and gets the error report.
"""

from __future__ import annotations


class UserError(Exception):
    def __init__(self, message: str = "", *args):
        super().__init__(message, *args)
        self.message = message

    def __str__(self) -> str:
        return self.message
