"""The words of the alert procedures: sources, categories, severities, procedures, states, event kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where an alert comes from."""

    SPATIAL_RULE = "spatial_rule", _("Spatial rule")
    RASTER_RULE = "raster_rule", _("Raster rule")
    SENSOR_THRESHOLD = "sensor_threshold", _("Sensor threshold")
    FIELD_REPORT = "field_report", _("Field report")
    FEED_INTERRUPTION = "feed_interruption", _("Data-feed interruption")
    CAP_FEED = "cap_feed", _("External CAP feed")
    MANUAL = "manual", _("Entered by an operator")
    SECTOR_RULE = "sector_rule", _("Rule of a sector service")
    CYBER = "cyber", _("Cyber-security operations")


class Category(models.TextChoices):
    """What kind of situation; decides the default procedure and whether the province leadership is told."""

    DISASTER = "disaster", _("Natural disaster")
    STORM = "storm", _("Storm")
    FLOOD = "flood", _("Flood")
    FIRE = "fire", _("Fire")
    EPIDEMIC = "epidemic", _("Epidemic")
    RIOT = "riot", _("Riot")
    ACCIDENT = "accident", _("Accident")
    CRIME = "crime", _("Robbery or theft")
    PUBLIC_ORDER = "public_order", _("Public safety and order")
    THRESHOLD = "threshold", _("Indicator over or under its threshold")
    LATE_PROCESSING = "late_processing", _("Late processing")
    FEED_INTERRUPTION = "feed_interruption", _("Data-feed interruption")
    TRAFFIC = "traffic", _("Traffic congestion or road incident")
    FIRE_SAFETY = "fire_safety", _("Fire safety: water sources, premises, inspections")
    CYBER = "cyber", _("Cyber-security incident")
    MEDIA = "media", _("Press and social media")
    UTILITY = "utility", _("Public utility fault")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")
    EXTREME = "extreme", _("Extreme")


class ProcedureName(models.TextChoices):
    DEADLINE = "deadline", _("Deadline procedure (Article 8, Appendix II)")
    IMMEDIATE = "immediate", _("Immediate procedure (Article 9, Appendix III)")


class State(models.TextChoices):
    """Where an alert stands in its procedure; the comment names the step and who acts."""

    NEW = "new", _("Awaiting verification")  # step 1, operator
    VERIFIED = "verified", _("Verified, awaiting forwarding")  # step 2, operator
    REJECTED = "rejected", _("Rejected as false")  # end
    FORWARDED = "forwarded", _("Forwarded, awaiting acceptance")  # step 3, processing agency
    RETURNED = "returned", _("Refused by the agency, back at the IOC")  # step 2 again, operator
    IN_PROGRESS = "in_progress", _("Accepted, being resolved")  # step 4, processing agency
    RESOLVED = "resolved", _("Result reported, awaiting confirmation")  # step 5, operator
    CLOSED = "closed", _("Closed")  # end


OPEN_STATES = frozenset(State) - {State.REJECTED, State.CLOSED}


class EventKind(models.TextChoices):
    CREATED = "created", _("Alert raised")
    UPDATED = "updated", _("Updated by its source")
    HAZARD_RETREATED = "hazard_retreated", _("Hazard retreated")
    VERIFIED = "verified", _("Verified as true")
    REJECTED = "rejected", _("Rejected as false")
    PROCEDURE_CHANGED = "procedure_changed", _("Procedure changed")
    FORWARDED = "forwarded", _("Forwarded to the processing agency")
    PHONE_CALL = "phone_call", _("Phone call recorded")
    PROVINCE_QUICK_REPORT = "province_quick_report", _("Quick report to the Provincial People's Committee")
    LEADERSHIP_NOTIFIED = "leadership_notified", _("Province leadership notified")
    ACCEPTED = "accepted", _("Accepted by the agency")
    REFUSED = "refused", _("Refused by the agency and returned to the IOC")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_GRANTED = "extension_granted", _("Extension granted")
    EXTENSION_DENIED = "extension_denied", _("Extension denied")
    RESOLVED = "resolved", _("Result reported")
    RETURNED_FOR_REWORK = "returned_for_rework", _("Returned to the agency for rework")
    CLOSED = "closed", _("Result confirmed, alert closed")
    NOTE = "note", _("Progress note")
    OVERDUE = "overdue", _("Step overdue")
    REMINDER = "reminder", _("Reminder sent")
    REMINDER_MISSED = "reminder_missed", _("Reminder missed while the worker was down")
    SOURCE_CANCELLED = "source_cancelled", _("Cancelled by its source")


class Audience(models.TextChoices):
    AGENCY_FOCAL = "agency_focal", _("Focal persons of an agency")
    AGENCY_LEADER = "agency_leader", _("Leader of an agency")
    OPERATORS = "operators", _("IOC operators")
    PROVINCE_COMMITTEE = "province_committee", _("Provincial People's Committee")
    PROVINCE_LEADERSHIP = "province_leadership", _("Province leadership")


class Undelivered(models.TextChoices):
    """Why a notice reached nobody when it was written (it is kept, and shown, instead of looking sent)."""

    NO_RECIPIENT = "no_recipient", _("not delivered: no recipient")
    NO_CHANNEL = "no_channel", _("not delivered: no channel configured for its recipients")


# Article 9.1: emergencies follow the immediate procedure.
IMMEDIATE_CATEGORIES = frozenset(
    {
        Category.DISASTER, Category.STORM, Category.FLOOD, Category.FIRE, Category.EPIDEMIC, Category.RIOT,
        Category.ACCIDENT, Category.CRIME, Category.PUBLIC_ORDER,
    }
)  # fmt: skip
# Article 9.3: urgent, serious situations are also reported to the province leadership at once.
URGENT_CATEGORIES = frozenset(
    {Category.DISASTER, Category.STORM, Category.FLOOD, Category.FIRE, Category.EPIDEMIC, Category.RIOT}
)
# Warnings the public needs (service 7: dangerous weather, disasters, floods; fires; epidemics): once an operator has
# verified one, it is published in CAP with scope Public and in the Atom feed /alerts/feed.atom.
PUBLIC_CATEGORIES = frozenset({Category.DISASTER, Category.STORM, Category.FLOOD, Category.FIRE, Category.EPIDEMIC})
# Alerts whose very existence is confidential (Decree 85/2016: incidents on the province's information systems): only
# the leadership and the agencies named in the alert's details["restricted_to"] see them (AlertQuerySet.visible_to).
RESTRICTED_CATEGORIES = frozenset({Category.CYBER})
PUBLIC_STATES = frozenset(
    {State.VERIFIED, State.FORWARDED, State.RETURNED, State.IN_PROGRESS, State.RESOLVED, State.CLOSED}
)
