"""Which audiences nobody can receive now: shown by `manage.py check`, /healthz and the alert pages.

An audience reaches someone when it has a subscribed webhook, or recipients (the province recipients of a province
audience; the focal persons or the leader of each active processing agency) and an active template on a configured
channel (email: EMAIL_HOST or a non-SMTP backend; sms: ALERTS_SMS_URL; zalo: ALERTS_ZALO_ACCESS_TOKEN). A notice
written for an audience that reaches nobody is kept as "not delivered" (alerts.notifications), never as sent.
"""

from django.core import checks
from django.db import DatabaseError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencyContact
from alerts.api import PROVINCE_AUDIENCES, Audience, Gap, ProvinceRecipient
from delivery import planning

# Agencies listed by name in one warning at most; the rest are counted.
AGENCIES_NAMED = 5


def gaps() -> list[Gap]:
    """Every audience without a configured channel, and every audience (or agency) without a recipient."""
    found = []
    for audience in Audience:
        if planning.subscriptions(audience):
            continue  # a subscribed system receives every notice of the audience
        if not planning.templates(audience):
            found.append(Gap(audience, "no_channel", _no_channel(audience)))
        missing = _without_recipients(audience)
        if missing:
            found.append(Gap(audience, "no_recipient", missing))
    return found


def _no_channel(audience: Audience) -> str:
    return _(
        "%(audience)s: no active message template on a configured channel; configure email (EMAIL_HOST), SMS "
        "(ALERTS_SMS_URL) or Zalo (ALERTS_ZALO_ACCESS_TOKEN) and activate its template in the admin."
    ) % {"audience": audience.label}


def _without_recipients(audience: Audience) -> str:
    if audience in PROVINCE_AUDIENCES:
        if ProvinceRecipient.objects.filter(audience=audience, is_active=True).exists():
            return ""
        return _("%(audience)s: no active province recipient; add one in the admin (Province recipients).") % {
            "audience": audience.label
        }
    role = AgencyContact.Role.LEADER if audience == Audience.AGENCY_LEADER else AgencyContact.Role.FOCAL
    in_post = AgencyContact.objects.current().filter(agency=OuterRef("pk"), role=role)
    agencies = Agency.objects.active().filter(kind=Agency.Kind.PROCESSING).filter(~Exists(in_post))
    lacking = list(agencies.order_by("name").values_list("name", flat=True))
    if not lacking:
        return ""
    named = ", ".join(lacking[:AGENCIES_NAMED])
    more = _(" and %(n)d more") % {"n": len(lacking) - AGENCIES_NAMED} if len(lacking) > AGENCIES_NAMED else ""
    return _("%(audience)s: nobody registered at %(agencies)s%(more)s; register the contacts of each agency.") % {
        "audience": audience.label, "agencies": named, "more": more,
    }  # fmt: skip


@checks.register()
def check_audiences(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """`manage.py check`: warn about each audience nobody can receive (before the database exists, say nothing)."""
    try:
        found = gaps()
    except DatabaseError:
        return []  # no database yet (or not migrated): migrate runs the checks again afterwards
    # The ids they had under alerts: deployments that silence them (SILENCED_SYSTEM_CHECKS) keep working.
    ids = {"no_channel": "alerts.W001", "no_recipient": "alerts.W002"}
    hint = _("Notices to it are recorded as not delivered and shown on the alert.")
    return [checks.Warning(gap.message, hint=hint, id=ids[gap.problem]) for gap in found]
