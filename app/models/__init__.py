"""SQLAlchemy models and enums. Nothing else lives here."""

from .base import Base
from .enums import *  # noqa: F401,F403 - the enums are part of the models' vocabulary
from .member import Evaluation, Member, MemberEvent, MemberSpan
from .person import PERSON_FIELD_NAMES
from .records import ImportBatch, ImportChange, SavedReport
from .recruitment import Candidate, RecruitmentTarget
from .reminder_state import ReminderState
from .search_word import MemberSearchWord
from .settings import Setting
from .unit import Unit, UnitEvent, UnitOfficer
from .unit_evaluation import UnitEvaluation, YearLock, YearLockEntry
from .value_answer import ValueAnswer

__all__ = [
    "Base", "Candidate", "Evaluation", "ImportBatch", "ImportChange", "Member", "MemberEvent", "MemberSearchWord", "MemberSpan",
    "PERSON_FIELD_NAMES", "RecruitmentTarget", "ReminderState", "SavedReport", "Setting", "Unit",
    "UnitEvaluation", "UnitEvent", "UnitOfficer", "ValueAnswer", "YearLock", "YearLockEntry",
]
