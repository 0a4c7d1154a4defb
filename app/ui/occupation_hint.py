"""The member form's suggestion of an occupation group (Biểu 2/3), from what the clerk typed as occupation and
positions — the same classifier the import uses. A suggestion only: the clerk confirms it with «Dùng gợi ý»."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.common.occupation_classifier import classify_occupation
from app.models.enums import OccupationGroup

POSITION_FIELDS = ("position_government", "position_party", "position_mass_org")


class OccupationHint(QWidget):
    def __init__(self, widgets: dict, parent=None):
        super().__init__(parent)
        self.widgets = widgets
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #555;")
        self.use = QPushButton("Dùng gợi ý")
        self.use.clicked.connect(self.accept_suggestion)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.use)
        self.suggestion: OccupationGroup | None = None
        for name in ("occupation", *POSITION_FIELDS):
            if name in widgets:
                widgets[name].textChanged.connect(self.update_hint)
        widgets["occupation_group"].currentIndexChanged.connect(self.update_hint)
        self.update_hint()

    def update_hint(self, *_args) -> None:
        w = self.widgets
        positions = tuple(w[n].text() for n in POSITION_FIELDS if n in w)
        s = classify_occupation(w["occupation"].text(), positions)
        self.suggestion = OccupationGroup(s.group) if s.group else None
        current = w["occupation_group"].value()
        show = self.suggestion is not None and self.suggestion != current
        self.label.setText(f"Gợi ý: {self.suggestion.label} ({s.reason})" if show else "")
        self.setVisible(show)

    def accept_suggestion(self) -> None:
        if self.suggestion is not None:
            self.widgets["occupation_group"].set_value(self.suggestion)


def attach_occupation_hint(widgets: dict) -> OccupationHint:
    """Put the hint under the occupation-group field of a Form (its box holds the field and its error line)."""
    box = widgets["occupation_group"].parentWidget()
    hint = OccupationHint(widgets, box)
    box.layout().insertWidget(1, hint)
    return hint
