"""The routing table: which provincial department handles a sector's alerts (Article 8, step 2)."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from alerts.choices import Category

if TYPE_CHECKING:
    from agencies.models import Sector


class SectorRouteQuerySet(models.QuerySet["SectorRoute"]):
    def for_alert(self, sector: "Sector | None", category: str = "") -> "SectorRoute | None":
        """The route of the sector for this category, else the sector's route for any category."""
        if sector is None:
            return None
        routes = self.filter(sector=sector, department__is_active=True).filter(
            models.Q(category=category) | models.Q(category="")
        )
        return routes.select_related("department").order_by("-category").first()  # the specific one first


class SectorRoute(models.Model):
    """The routing table: which provincial department handles a sector's alerts (Article 8, step 2).

    The unit's polygon decides the People's Committee; this row decides the department. Routing only proposes:
    the operator confirms or changes the proposal when forwarding, with a reason when changed.
    """

    sector = models.ForeignKey(
        "agencies.Sector", on_delete=models.PROTECT, related_name="routes", verbose_name=_("sector")
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, blank=True,
        help_text=_("Empty: every category of the sector without a route of its own."),
    )  # fmt: skip
    department = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("provincial department"),
        limit_choices_to={"kind": "processing", "whole_province": True},
    )  # fmt: skip
    department_leads = models.BooleanField(
        _("the department leads"), default=False,
        help_text=_("Propose the department as lead and the units' People's Committees as coordinating "
                    "(e.g. cyber-security); otherwise the most affected unit's committee leads."),
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("E.g. the decision behind the route."))

    objects = SectorRouteQuerySet.as_manager()

    class Meta:
        verbose_name = _("sector route")
        verbose_name_plural = _("routing table")
        ordering = ["sector", "category"]
        constraints = [models.UniqueConstraint(fields=["sector", "category"], name="one_route_per_sector_category")]

    def __str__(self) -> str:
        return f"{self.sector} → {self.department}"

    def clean(self) -> None:
        department = self.department if self.department_id else None
        if department is not None and (department.kind != Agency.Kind.PROCESSING or not department.whole_province):
            raise ValidationError(
                {"department": _("Choose a processing agency with jurisdiction over the whole province.")}
            )
