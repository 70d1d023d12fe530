"""Closing and reopening schools during a disaster: who may, what is recorded, what the public sees."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_permission
from core.errors import Conflict, InvalidInput
from sectors.education.models import Closure, School

PERMISSION = "education.mark_closures"


def close(school: School, user: User, reason: str) -> Closure:
    """Mark the school closed with the reason; the public pages and map show it at once."""
    require_permission(user, PERMISSION, school)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(_("Say why the school is closed (e.g. flooding, storm, landslide risk)."))
    with transaction.atomic():
        locked = School.objects.select_for_update().get(pk=school.pk)
        if locked.closed:
            raise Conflict(_("%(school)s is already closed.") % {"school": locked.name})
        locked.closed, locked.closed_since, locked.closure_reason = True, timezone.now(), reason[:300]
        locked.save(update_fields=["closed", "closed_since", "closure_reason"])
        closure = Closure.objects.create(school=locked, action=Closure.Action.CLOSED, reason=reason[:300], by=user)
    school.refresh_from_db()
    return closure


def reopen(school: School, user: User) -> Closure:
    """Mark the school open again."""
    require_permission(user, PERMISSION, school)
    with transaction.atomic():
        locked = School.objects.select_for_update().get(pk=school.pk)
        if not locked.closed:
            raise Conflict(_("%(school)s is open.") % {"school": locked.name})
        locked.closed, locked.closed_since, locked.closure_reason = False, None, ""
        locked.save(update_fields=["closed", "closed_since", "closure_reason"])
        closure = Closure.objects.create(school=locked, action=Closure.Action.REOPENED, by=user)
    school.refresh_from_db()
    return closure


def closed_schools() -> QuerySet[School]:
    """Schools closed now, longest closed first (what the public sees)."""
    return School.objects.filter(closed=True).select_related("unit").order_by("closed_since", "name")
