"""Education (service 12): the schools register and closures during disasters."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class School(models.Model):
    """A school with its level, ownership, pupils, teachers and classrooms; closed or open."""

    class Level(models.TextChoices):
        PRESCHOOL = "preschool", _("Preschool")
        PRIMARY = "primary", _("Primary")
        LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
        UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
        VOCATIONAL = "vocational", _("Vocational")

    class Ownership(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    ownership = models.CharField(_("ownership"), max_length=10, choices=Ownership.choices, default=Ownership.PUBLIC)
    unit = models.ForeignKey("gis_core.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    enrolment = models.PositiveIntegerField(_("pupils enrolled"), default=0)
    teachers = models.PositiveIntegerField(_("teachers"), default=0)
    classrooms = models.PositiveIntegerField(_("classrooms"), default=0)
    closed = models.BooleanField(_("closed"), default=False)
    closed_since = models.DateTimeField(_("closed since"), null=True, blank=True)
    closure_reason = models.CharField(_("reason for closure"), max_length=300, blank=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "education_school"
        ordering = ("code",)
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name

    def agency_ids(self) -> set[int]:
        """Agencies that may mark the school closed: the education department and the unit's committee."""
        from agencies.models import Agency

        return set(Agency.objects.responsible_for(self.unit, "education").values_list("pk", flat=True))

    @property
    def pupils_per_teacher(self) -> float | None:
        return round(self.enrolment / self.teachers, 1) if self.teachers else None


class Closure(models.Model):
    """One closing or reopening of a school, by whom and why (append-only history)."""

    class Action(models.TextChoices):
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="closures", verbose_name=_("school"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        db_table = "education_closure"
        ordering = ("-at", "-pk")
        verbose_name = _("school closure")
        verbose_name_plural = _("school closures")

    def __str__(self) -> str:
        return f"{self.school_id} {self.action} {self.at:%Y-%m-%d}"
