"""Forms of the committee's pages; import them from here."""

from jahesh.committee.forms.attachments import AttachmentForm
from jahesh.committee.forms.sessions import (
    AgendaItemForm,
    ApproveForm,
    AttendanceAnswerForm,
    CorrectionForm,
    DeadlineForm,
    FollowUpForm,
    HoldForm,
    MemberChoiceField,
    MinutesItemForm,
    PersianIntegerField,
    PersianTimeField,
    ReasonForm,
    ResolutionForm,
    SessionPlanForm,
)

__all__ = [
    "AgendaItemForm",
    "ApproveForm",
    "AttachmentForm",
    "AttendanceAnswerForm",
    "CorrectionForm",
    "DeadlineForm",
    "FollowUpForm",
    "HoldForm",
    "MemberChoiceField",
    "MinutesItemForm",
    "PersianIntegerField",
    "PersianTimeField",
    "ReasonForm",
    "ResolutionForm",
    "SessionPlanForm",
]
