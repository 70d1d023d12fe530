"""The actions an alert's page offers: exactly the steps the user may take now, each with the fields it needs.

Which steps are open comes from alerts.transitions (STEPS, can_take): the page never offers a button the step would
refuse, nor hides one it would allow. A posted form becomes the same body the API's endpoint reads
(alerts.api_views.ACTIONS), so the page and the API run one code path.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alerts.transitions import STEPS, can_take

if TYPE_CHECKING:
    from accounts.models import User
    from alerts.models import Alert


@dataclass(frozen=True)
class Action:
    """A step as the page shows it: a label, what it asks for (fields) and which of those are required."""

    name: str
    label: str | Promise
    fields: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    tone: str = "neutral"  # primary, danger or neutral: the button's colour
    help: str | Promise = ""


# In the order the page lists them; every name is a step of alerts.transitions.STEPS.
ACTIONS: tuple[Action, ...] = (
    Action("verify", _("Verify: the alert is true"), ("note",), tone="primary"),
    Action("forward", _("Forward to the processing agency"),
           ("lead_agency", "coordinating_agencies", "sector", "message", "phone_call_to", "phone_call_summary",
            "reason"), ("lead_agency",), tone="primary",
           help=_("The proposed routing is filled in; a change needs a reason. The immediate procedure also needs "
                  "the message and the phone call (Appendix III, step 2).")),
    Action("accept", _("Accept: within our competence"), ("note",), tone="primary"),
    Action("refuse", _("Refuse and return to the IOC"),
           ("reason", "phone_call_caller", "phone_call_to", "phone_call_at", "phone_call_summary"), ("reason",),
           tone="danger",
           help=_("A refusal must give its reason (Articles 8.4 and 9.5). In the immediate procedure, also record "
                  "the phone call to the IOC: who called whom, and when (Appendix III, step 3).")),
    Action("resolve", _("Report the result with evidence"), ("result", "files", "references"), ("result",),
           tone="primary",
           help=_("Attach photos (JPEG, PNG, WebP) or PDF documents, or give a document number as reference.")),
    Action("request-extension", _("Ask for an extension"), ("until", "reason"), ("until", "reason"),
           help=_("Report the situation and the obstacles, and propose a new deadline.")),
    Action("grant-extension", _("Grant the extension"), ("until", "reason"), tone="primary"),
    Action("deny-extension", _("Deny the extension"), ("reason",), ("reason",), tone="danger"),
    Action("confirm", _("Confirm the result and close"), ("note",), tone="primary"),
    Action("return-for-rework", _("Return to the agency for rework"), ("reason",), ("reason",), tone="danger"),
    Action("reject", _("Reject: the alert is false"), ("reason",), ("reason",), tone="danger"),
    Action("note", _("Post a progress note"), ("text", "files"), ("text",)),
    Action("change-procedure", _("Change the procedure"), ("procedure", "reason"), ("procedure", "reason")),
    Action("quick-report", _("Quick report to the province (PDF)"), (), tone="neutral",
           help=_("A short report with the map, sent to the province recipients and kept with the alert.")),
)  # fmt: skip
BY_NAME = {action.name: action for action in ACTIONS}
assert set(BY_NAME) == set(STEPS), "every step has exactly one page action"


def available(alert: "Alert", user: "User") -> list[Action]:
    """The actions the user may take on the alert now, in page order."""
    return [action for action in ACTIONS if can_take(alert, user, action.name)]


def form_body(post: QueryDict) -> dict[str, Any]:
    """The JSON body the API's action reads, from a posted form."""
    body: dict[str, Any] = {
        name: post.get(name, "")
        for name in ("note", "reason", "lead_agency", "sector", "message", "procedure", "until", "result", "text")
        if name in post
    }
    if "coordinating_agencies" in post:
        body["coordinating_agencies"] = [code for code in post.getlist("coordinating_agencies") if code]
    call = {key: post.get(f"phone_call_{key}", "") for key in ("to", "caller", "at", "summary")}
    if any(value.strip() for value in call.values()):
        body["phone_call"] = call
    return body
