"""The words of field reports: kinds of category, channels, attribute types and the public status of a report."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from alerts.api import State


class CategoryKind(models.TextChoices):
    """Who may file a report of the category."""

    PUBLIC = "public", _("Field report (anyone)")
    VOTERS_PETITION = "voters_petition", _("Voters' petition (entered by staff)")


class Channel(models.TextChoices):
    """How the report reached the IOC."""

    WEB = "web", _("Public web page")
    OPEN311 = "open311", _("Open311 client")
    STAFF = "staff", _("Entered by IOC staff")


class AttributeType(models.TextChoices):
    """The datatypes of an Open311 service-definition attribute."""

    STRING = "string", _("Text on one line")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Text")
    SINGLE = "singlevaluelist", _("One value from a list")
    MULTI = "multivaluelist", _("Several values from a list")


LIST_TYPES = frozenset({AttributeType.SINGLE, AttributeType.MULTI})


class PublicStatus(models.TextChoices):
    """What the reporter and the public see; it follows the alert's state."""

    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    RESOLVED = "resolved", _("Resolved")
    REFUSED = "refused", _("Not accepted")


# The alert's step decides the public status; waiting for the operator's confirmation still counts as handling.
PUBLIC_STATUS_OF_STATE: dict[str, PublicStatus] = {
    State.NEW: PublicStatus.RECEIVED,
    State.VERIFIED: PublicStatus.RECEIVED,
    State.FORWARDED: PublicStatus.RECEIVED,
    State.RETURNED: PublicStatus.RECEIVED,
    State.IN_PROGRESS: PublicStatus.IN_PROGRESS,
    State.RESOLVED: PublicStatus.IN_PROGRESS,
    State.CLOSED: PublicStatus.RESOLVED,
    State.REJECTED: PublicStatus.REFUSED,
}
CLOSED_PUBLIC_STATUSES = frozenset({PublicStatus.RESOLVED, PublicStatus.REFUSED})
# Open311 knows two statuses only.
OPEN311_OPEN_STATES = frozenset(state for state, status in PUBLIC_STATUS_OF_STATE.items()
                                if status not in CLOSED_PUBLIC_STATUSES)  # fmt: skip
