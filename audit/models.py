"""The audit log of user activity: append-only entries, refused UPDATE and DELETE by a database trigger."""

import datetime
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from agencies.models import Agency

# The one session setting under which the trigger of migration audit/0001 lets rows be deleted: the purge.
PURGE_SETTING = "ioc.audit_purge"


class Kind(models.TextChoices):
    """What happened; one entry per event."""

    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Two-factor sign-in set up")
    TWO_FACTOR_FAILED = "2fa_failed", _("Wrong two-factor code")
    ROLE_CHANGED = "role_changed", _("Role or agency changed")
    EXPORT = "export", _("Export")
    CONTACTS_VIEWED = "contacts_viewed", _("Reporter contacts viewed")
    ADMIN_ADD = "admin_add", _("Added in the administration")
    ADMIN_CHANGE = "admin_change", _("Changed in the administration")
    ADMIN_DELETE = "admin_delete", _("Deleted in the administration")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def purge(self, before: datetime.datetime) -> int:
        """Delete the entries older than `before` (the retention purge, the only deletion the trigger allows)."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
            try:
                return self.filter(when__lt=before).delete()[0]
            finally:
                # Off again at once, should this run inside a longer transaction (set_config is per transaction).
                cursor.execute("SELECT set_config(%s, 'off', true)", [PURGE_SETTING])


class AuditEntry(models.Model):
    """One event: when, who, what, on which target, from which address; never changed once written."""

    when = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Kept when the account is deleted (the trigger lets user_id alone become NULL); the name stays in username.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices, db_index=True)
    target = models.CharField(_("target"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-when", "-pk"]

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.username or '—'} {self.kind} {self.target}".strip()

    def details_text(self) -> str:
        """The details in words for the page: labelled fields, role names, yes/no, before → after."""
        return "; ".join(f"{DETAIL_LABELS.get(key, key)}: {_words(key, value)}" for key, value in self.details.items())


# The keys entries use in details, in words; a change is a [before, after] pair.
DETAIL_LABELS: dict[str, Any] = {
    "role": _("role"),
    "agency_id": _("agency"),
    "is_active": _("active"),
    "is_superuser": _("superuser"),
    "model": _("object type"),
    "object_id": _("number"),
    "change": _("change"),
    "format": _("format"),
    "rows": _("rows"),
    "reports": _("reports"),
    "filters": _("filters"),
}


def _words(key: str, value: Any) -> str:
    if isinstance(value, list) and len(value) == 2 and key in {"role", "agency_id", "is_active", "is_superuser"}:
        return f"{_word(key, value[0])} → {_word(key, value[1])}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return _word(key, value)


def _word(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if key == "role" and value in Role.values:
        return str(Role(value).label)
    if key == "agency_id":
        agency = Agency.objects.filter(pk=value).first()
        return agency.name if agency is not None else f"#{value}"
    return str(value)
