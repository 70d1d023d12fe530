"""Health (service 11): facilities, weekly notifiable disease counts, commune population and vaccination coverage."""

import datetime

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from sectors.health import diseases


class Facility(models.Model):
    """A hospital, medical centre, commune health station or private clinic, with its beds and reported occupancy."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        MEDICAL_CENTRE = "medical_centre", _("Medical centre")
        COMMUNE_STATION = "commune_station", _("Commune health station")
        PRIVATE_CLINIC = "private_clinic", _("Private clinic")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Central")
        PROVINCIAL = "provincial", _("Provincial")
        REGIONAL = "regional", _("Regional")
        COMMUNE = "commune", _("Commune")
        PRIVATE = "private", _("Private")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    unit = models.ForeignKey("gis_core.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    beds = models.PositiveIntegerField(_("beds"), default=0)
    occupied_beds = models.PositiveIntegerField(_("occupied beds"), null=True, blank=True)
    occupancy_reported_at = models.DateTimeField(_("occupancy reported at"), null=True, blank=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "health_facility"
        ordering = ("code",)
        verbose_name = _("health facility")
        verbose_name_plural = _("health facilities")

    def __str__(self) -> str:
        return self.name

    @property
    def occupancy_percent(self) -> float | None:
        if self.occupied_beds is None or not self.beds:
            return None
        return round(100 * self.occupied_beds / self.beds, 1)


class CaseCount(models.Model):
    """Cases of one notifiable disease in one commune whose onset fell in one week (aggregated: no person)."""

    disease = models.CharField(_("disease"), max_length=30, choices=diseases.choices)
    unit = models.ForeignKey("gis_core.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    week_start = models.DateField(_("week of onset (Monday)"))
    cases = models.PositiveIntegerField(_("cases"))
    deaths = models.PositiveIntegerField(_("deaths"), default=0)
    delivery = models.ForeignKey(
        "datahub.Delivery", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("delivery"),
    )  # fmt: skip
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)
    source_ref = models.CharField(_("source reference"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "health_casecount"
        verbose_name = _("weekly case count")
        verbose_name_plural = _("weekly case counts")
        constraints = [
            models.UniqueConstraint(fields=("disease", "unit", "week_start"), name="health_case_one_per_week"),
            models.CheckConstraint(condition=models.Q(week_start__week_day=2), name="health_case_week_starts_monday"),
        ]
        indexes = [models.Index(fields=("disease", "week_start"), name="health_case_disease_week")]

    def __str__(self) -> str:
        return f"{self.disease} {self.unit_id} {self.week_start}: {self.cases}"


class CommunePopulation(models.Model):
    """Inhabitants of a commune in a year: the denominator of incidence per 100,000."""

    unit = models.ForeignKey("gis_core.AdminUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    note = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        db_table = "health_communepopulation"
        constraints = [models.UniqueConstraint(fields=("unit", "year"), name="health_population_one_per_year")]
        verbose_name = _("commune population")
        verbose_name_plural = _("commune populations")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.population}"


class VaccinationCoverage(models.Model):
    """Share of children under one fully immunised (Expanded Programme on Immunization) in a commune and year."""

    unit = models.ForeignKey("gis_core.AdminUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    target_children = models.PositiveIntegerField(_("children under one"))
    fully_immunised = models.PositiveIntegerField(_("fully immunised"))
    note = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        db_table = "health_vaccinationcoverage"
        constraints = [models.UniqueConstraint(fields=("unit", "year"), name="health_vaccination_one_per_year")]
        verbose_name = _("vaccination coverage")
        verbose_name_plural = _("vaccination coverage")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"

    @property
    def percent(self) -> float | None:
        return round(100 * self.fully_immunised / self.target_children, 1) if self.target_children else None


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week holding the day."""
    return day - datetime.timedelta(days=day.weekday())
