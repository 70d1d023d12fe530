"""Events recorded from signals: sign-in and sign-out, failed sign-ins, two-factor steps (accounts.signals), role
changes, admin log entries."""

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.http import HttpRequest

from accounts.signals import two_factor_enrolled, two_factor_failed
from audit.log import record
from audit.models import Kind

# The fields of an account that decide what it may do (accounts.permissions); a change of one is recorded.
WATCHED_FIELDS = ("role", "agency_id", "is_active", "is_superuser")
ADMIN_KINDS = {ADDITION: Kind.ADMIN_ADD, CHANGE: Kind.ADMIN_CHANGE, DELETION: Kind.ADMIN_DELETE}


def logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(Kind.LOGIN, request=request, user=user)


def logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Kind.LOGOUT, request=request, user=user)


def login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Django hides the password in credentials; only the name tried is kept.
    tried = str(credentials.get("username", ""))[:150]
    record(Kind.LOGIN_FAILED, request=request, user=False, username=tried, target=tried)


def enrolled_two_factor(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(Kind.TWO_FACTOR_ENROLLED, request=request, target=user.get_username())


def failed_two_factor(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(Kind.TWO_FACTOR_FAILED, request=request, target=user.get_username())


def remember_rights(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """Before an account is saved, keep what it could do, unless the save touches none of the watched fields."""
    instance._audit_before = None
    if instance.pk is None or (
        update_fields is not None and not {"role", "agency", *WATCHED_FIELDS} & set(update_fields)
    ):
        return
    instance._audit_before = type(instance).objects.filter(pk=instance.pk).values(*WATCHED_FIELDS).first()


def rights_changed(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Record a change of role, agency, active or superuser flag, with before and after."""
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if created or before is None:
        return
    after = {field: getattr(instance, field) for field in WATCHED_FIELDS}
    changes = {field: [before[field], after[field]] for field in WATCHED_FIELDS if before[field] != after[field]}
    if changes:
        record(Kind.ROLE_CHANGED, target=instance.get_username(), details=changes)


def admin_logged(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """Copy each admin add/change/delete (Django's LogEntry) into the audit log."""
    if not created:
        return
    model = instance.content_type.name if instance.content_type is not None else ""
    record(
        ADMIN_KINDS.get(instance.action_flag, Kind.ADMIN_CHANGE),
        user=instance.user,
        target=f"{model}: {instance.object_repr}"[:300],
        details={"model": model, "object_id": str(instance.object_id or ""), "change": instance.get_change_message()},
    )


def connect() -> None:
    """Connect the receivers (AuditConfig.ready)."""
    user_model = get_user_model()
    user_logged_in.connect(logged_in, dispatch_uid="audit.logged_in")
    user_logged_out.connect(logged_out, dispatch_uid="audit.logged_out")
    user_login_failed.connect(login_failed, dispatch_uid="audit.login_failed")
    two_factor_enrolled.connect(enrolled_two_factor, dispatch_uid="audit.two_factor_enrolled")
    two_factor_failed.connect(failed_two_factor, dispatch_uid="audit.two_factor_failed")
    pre_save.connect(remember_rights, sender=user_model, dispatch_uid="audit.remember_rights")
    post_save.connect(rights_changed, sender=user_model, dispatch_uid="audit.rights_changed")
    post_save.connect(admin_logged, sender=LogEntry, dispatch_uid="audit.admin_logged")
