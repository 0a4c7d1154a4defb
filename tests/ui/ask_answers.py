"""Answers for the questions of app.ui.ask (a real QMessageBox would wait for a click forever offscreen).

Imported by the UI test modules of the windows that ask; each box is recorded with its title, text and
button texts, so a test can check that a question was asked, in Vietnamese, with buttons named by the action.
"""

from __future__ import annotations

import pytest


class Answers:
    def __init__(self):
        self.asked: list[dict] = []
        self.replies: list[str] = []  # button texts to click, in order; otherwise the action (accept) button
        self.files: list[list[str]] = []  # paths the file dialogs return, in order

    def last(self) -> dict:
        assert self.asked, "no question was asked"
        return self.asked[-1]


@pytest.fixture(autouse=True)
def answers(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    ans = Answers()

    def run(box: QMessageBox):
        buttons = box.buttons()
        ans.asked.append({"title": box.windowTitle(), "text": box.text(), "info": box.informativeText(),
                          "buttons": [b.text() for b in buttons]})
        if ans.replies:
            wanted = ans.replies.pop(0)
            return next(b for b in buttons if b.text() == wanted)
        accept = [b for b in buttons if box.buttonRole(b) in (QMessageBox.ButtonRole.AcceptRole,
                                                               QMessageBox.ButtonRole.YesRole)]
        return accept[0] if accept else buttons[0]

    def run_file(dialog):
        ans.asked.append({"title": dialog.windowTitle(), "text": "", "info": "", "buttons": []})
        return ans.files.pop(0) if ans.files else []

    monkeypatch.setattr("app.ui.ask._exec", run)
    monkeypatch.setattr("app.ui.ask._exec_file", run_file)
    return ans
