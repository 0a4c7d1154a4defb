"""One small dialog per lifecycle event (admit, confirm, transfer, exempt, discipline, leave, badge …).

Each action is a spec: the fields it asks and the service it calls. The service decides; its refusal is shown
beside the field it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.enums import (MEMBER_DISCIPLINE_FORMS, CardReason, DisciplineForm, RewardForm, Standing,
                              TransferScope)
from app.services import members as ms

from .widgets import Choices, SpecDialog

DATE, TEXT, UNIT, BOOL = "date", "text", "unit", "bool"
BADGE = Choices((f"{y} năm tuổi Đảng", y) for y in ms.BADGE_YEARS)


@dataclass(frozen=True)
class Action:
    key: str
    title: str
    fields: tuple  # (kwarg, label, kind) ; kind may be an enum class or (enum class, members)
    call: object   # (session, member_id, **kwargs) -> object
    needs: str = "any"  # "on_roll" | "probationary" | "off_roll" | "any"
    ok_text: str = "Ghi sự kiện"
    check: object = None  # (**values) -> None, raises DomainError: what the clerk must give beyond the service


def allowed(action: Action, state: dict | None) -> bool:
    """Whether the member's state lets the action apply (the menu offers only those)."""
    if state is None:
        return False
    on_roll = bool(state.get("is_on_roll"))
    standing = state.get("current_standing")
    return {"any": True, "on_roll": on_roll, "off_roll": not on_roll,
            "probationary": on_roll and standing == Standing.PROBATIONARY}[action.needs]


def _check_transfer_out(**v):
    ms.check_transfer_out(on=v["on"], scope=v["scope"], place=v["place"], decision_number=v["decision_number"],
                          temporary=v["temporary"])


def _admit(s, member_id, **kw):
    return ms.admit_member(s, member_id=member_id, **kw)


def _transfer_in(s, member_id, **kw):
    return ms.transfer_in(s, member_id=member_id, **kw)


ACTIONS = (
    Action("confirm", "Công nhận đảng viên chính thức",
           (("decision_date", "Ngày quyết định", DATE), ("decision_number", "Số quyết định", TEXT)),
           ms.confirm_official, "probationary"),
    Action("move", "Chuyển sinh hoạt sang chi bộ khác trong xã",
           (("unit_id", "Đến chi bộ", UNIT), ("on", "Ngày chuyển", DATE), ("decision_number", "Số quyết định", TEXT)),
           ms.move_member, "on_roll"),
    Action("transfer_out", "Chuyển sinh hoạt đi",
           (("on", "Ngày chuyển đi", DATE), ("scope", "Phạm vi (*)", TransferScope), ("place", "Chuyển đến (nơi) (*)", TEXT),
            ("temporary", "Sinh hoạt tạm thời", BOOL), ("end_date", "Đến ngày (tạm thời)", DATE),
            ("decision_number", "Số giấy giới thiệu (*)", TEXT)),
           ms.transfer_out, "on_roll", check=_check_transfer_out),
    Action("exempt", "Miễn công tác và sinh hoạt đảng",
           (("start", "Từ ngày", DATE), ("end", "Đến ngày (nếu có)", DATE), ("reason", "Lý do", TEXT),
            ("decision_number", "Số quyết định", TEXT)),
           ms.exempt_member, "on_roll"),
    Action("end_exemption", "Thôi miễn công tác và sinh hoạt đảng",
           (("on", "Từ ngày", DATE), ("decision_number", "Số quyết định", TEXT)), ms.end_exemption, "on_roll"),
    Action("suspend", "Đình chỉ sinh hoạt đảng",
           (("start", "Từ ngày", DATE), ("end", "Đến ngày (nếu có)", DATE), ("reason", "Lý do", TEXT),
            ("decision_number", "Số quyết định", TEXT)), ms.suspend_member, "on_roll"),
    Action("retired", "Nghỉ hưu, nghỉ công tác", (("on", "Từ ngày", DATE),), ms.mark_retired, "on_roll"),
    Action("end_temporary", "Kết thúc sinh hoạt tạm thời (trở về nơi cũ)", (("on", "Ngày", DATE),),
           ms.end_temporary_transfer, "on_roll"),
    Action("discipline", "Kỷ luật",
           (("on", "Ngày quyết định", DATE), ("form", "Hình thức", (DisciplineForm, MEMBER_DISCIPLINE_FORMS)),
            ("decision_number", "Số quyết định", TEXT), ("reason", "Lý do", TEXT)),
           ms.discipline_member, "on_roll"),
    Action("strike_off", "Xóa tên",
           (("on", "Ngày", DATE), ("reason", "Lý do", TEXT), ("decision_number", "Số quyết định", TEXT)),
           ms.strike_off, "on_roll"),
    Action("resign", "Xin ra khỏi Đảng",
           (("on", "Ngày", DATE), ("reason", "Lý do", TEXT), ("decision_number", "Số quyết định", TEXT)),
           ms.resign, "on_roll"),
    Action("death", "Từ trần", (("on", "Ngày mất", DATE), ("reason", "Ghi chú", TEXT)), ms.record_death, "on_roll"),
    Action("card", "Phát thẻ đảng viên",
           (("on", "Ngày phát", DATE), ("card_number", "Số thẻ", TEXT), ("decision_number", "Số quyết định", TEXT)),
           ms.issue_card, "on_roll"),
    Action("reissue_card", "Cấp lại, đổi thẻ đảng viên",
           (("on", "Ngày", DATE), ("reason", "Lý do", CardReason), ("card_number", "Số thẻ mới (nếu đổi)", TEXT)),
           ms.reissue_card, "any"),
    Action("badge", "Tặng Huy hiệu Đảng",
           (("years", "Huy hiệu", BADGE), ("on", "Ngày trao", DATE), ("decision_number", "Số quyết định", TEXT)),
           ms.award_badge, "any"),
    Action("reward", "Khen thưởng",
           (("on", "Ngày", DATE), ("form", "Hình thức", RewardForm), ("decision_number", "Số quyết định", TEXT),
            ("decided_by", "Cấp khen", TEXT), ("reason", "Thành tích", TEXT)),
           ms.reward_member, "any"),
    Action("admit", "Kết nạp (lại) vào Đảng",
           (("unit_id", "Chi bộ", UNIT), ("decision_date", "Ngày quyết định", DATE),
            ("ceremony_date", "Ngày lễ kết nạp", DATE), ("decision_number", "Số quyết định", TEXT),
            ("introducers", "Người giới thiệu", TEXT), ("higher_approval", "QĐ của cấp trên (trên 60 tuổi)", TEXT)),
           _admit, "off_roll"),
    Action("transfer_in", "Chuyển sinh hoạt đến",
           (("unit_id", "Chi bộ", UNIT), ("on", "Ngày đến", DATE), ("standing", "Đảng viên", Standing),
            ("scope", "Phạm vi", TransferScope), ("place", "Từ (nơi)", TEXT), ("temporary", "Sinh hoạt tạm thời", BOOL),
            ("end_date", "Đến ngày (tạm thời)", DATE), ("decision_number", "Số giấy giới thiệu", TEXT)),
           _transfer_in, "off_roll"),
    Action("restore", "Phục hồi đảng tịch",
           (("unit_id", "Chi bộ", UNIT), ("on", "Ngày", DATE), ("decision_number", "Số quyết định", TEXT),
            ("reason", "Lý do", TEXT)), ms.restore_membership, "off_roll"),
)
ACTION_BY_KEY = {a.key: a for a in ACTIONS}
# DomainError.field names the model's field; the dialog's first date field takes the refusals about dates
# (an event dated before birth names birth_date, but the date the clerk typed is the one to fix)
_DATE_ALIASES = ("event_date", "date", "birth_date")


class ActionDialog(SpecDialog):
    """One event for one member; the member is named in large type above the fields (who), since an event
    for the wrong person is the worst error a records program can make."""

    def __init__(self, db, action: Action, member_id: int, member_name: str, units, parent=None,
                 today: date | None = None, who: str | None = None):
        self.action, self.member_id = action, member_id
        fields, first_date = [], None
        for name, label, kind in action.fields:
            if kind == DATE and first_date is None:
                first_date = name
                fields.append((name, label, "date!", today or date.today()))
            else:
                fields.append((name, label, kind))
        aliases = {alias: first_date for alias in _DATE_ALIASES} if first_date else {}
        aliases.setdefault("member", None)
        super().__init__(db, f"{action.title} — {member_name}", fields, None, parent, units=units,
                         aliases=aliases, who=who or f"Đảng viên: {member_name}", ok_text=action.ok_text)

    def before_write(self, values: dict) -> bool:
        from .ask import confirm

        if self.action.check is not None:
            self.action.check(**values)
        first = next((name for name, _l, kind, *_ in self.spec if kind == "date!"), None)
        on = values.get(first) if first else None
        if on is not None and on > date.today():
            return confirm(self, "Ngày ở tương lai",
                           f"Ngày {on:%d/%m/%Y} chưa tới. Ghi «{self.action.title.lower()}» từ ngày đó?",
                           "Vẫn ghi", cancel="Sửa lại ngày")
        return True

    def perform(self, session, values: dict):
        return self.action.call(session, self.member_id, **values)
