"""The province's indicator set ("Bộ chỉ tiêu", service 1) and the administrative procedure results (service 3).

Values arrive only through datahub datasets; each keeps its lineage (the delivery and the row it came from).
"""

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.formats import fmt_date
from core.names import display_name, localized
from indicators import periods


class Indicator(models.Model):
    """One indicator of the catalogue: what it measures, how often, who reports it, its target and warning limits."""

    class Period(models.TextChoices):
        MONTH = periods.MONTH, _("Month")
        QUARTER = periods.QUARTER, _("Quarter")
        YEAR = periods.YEAR, _("Year")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        UNIT = "unit", _("Commune, ward or special zone")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum of the units")
        MEAN = "mean", _("Average of the units")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=40, help_text=_("E.g. tỷ đồng, %, người, lượt khách."))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.MONTH)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    aggregation = models.CharField(
        _("province figure of unit values"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="indicators", verbose_name=_("responsible agency")
    )
    sector = models.ForeignKey(
        "agencies.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="indicators",
        verbose_name=_("service"),
    )  # fmt: skip
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    warn_above = models.DecimalField(
        _("warning above"), max_digits=20, decimal_places=4, null=True, blank=True,
        help_text=_("A value above this raises an alert (deadline procedure)."),
    )  # fmt: skip
    warn_below = models.DecimalField(
        _("warning below"), max_digits=20, decimal_places=4, null=True, blank=True,
        help_text=_("A value below this raises an alert (deadline procedure)."),
    )  # fmt: skip
    deadline_days = models.PositiveSmallIntegerField(
        _("days to report"), default=10,
        help_text=_("Days after the period ends by which the responsible agency must have sent the values."),
    )  # fmt: skip
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(warn_above__isnull=True) | models.Q(warn_below__isnull=True)
                | models.Q(warn_above__gt=models.F("warn_below")),
                name="indicator_warning_band_ordered",
                violation_error_message=_("'Warning above' must be greater than 'warning below'."),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.code} — {self.display_name}"

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_en)

    def agency_ids(self) -> set[int]:
        return {self.agency_id}

    def period_label(self, start: datetime.date) -> str:
        return periods.label(self.period, start)

    def due_date(self, start: datetime.date) -> datetime.date:
        """The last day the responsible agency has to send the period's values."""
        return periods.end(self.period, start) + datetime.timedelta(days=self.deadline_days)

    def breach(self, value: Decimal) -> str:
        """'above' or 'below' when the value passes a warning limit, else ''."""
        if self.warn_above is not None and value > self.warn_above:
            return "above"
        if self.warn_below is not None and value < self.warn_below:
            return "below"
        return ""

    def target_met(self, value: Decimal | None) -> bool | None:
        """Whether the value reaches the target (None without a target or value)."""
        if self.target is None or value is None:
            return None
        return value >= self.target if self.higher_is_better else value <= self.target


class Lineage(models.Model):
    """Where a stored value came from: the delivery (upload, request or file) and the row in it."""

    delivery = models.ForeignKey(
        "datahub.Delivery", on_delete=models.PROTECT, related_name="+", verbose_name=_("delivery")
    )
    source_row = models.PositiveIntegerField(_("row in the delivery"))
    source_ref = models.CharField(_("place in the source"), max_length=120)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def lineage(self) -> str:
        return f"{self.delivery.describe_source()} — {self.source_ref}"

    def source_in_words(self) -> str:
        """Say where the value came from for a page or an alert: the dataset, its provider, the day and the item."""
        dataset = self.delivery.dataset
        return gettext("Dataset “%(dataset)s” sent by %(provider)s on %(date)s, item %(row)s") % {
            "dataset": display_name(dataset), "provider": display_name(dataset.provider),
            "date": fmt_date(self.delivery.received_at), "row": self.source_row,
        }  # fmt: skip


class IndicatorValue(Lineage):
    """An indicator's value for one period, for the province or for one unit."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    period_start = models.DateField(_("period (first day)"))
    unit = models.ForeignKey(
        "gis_core.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unit"), help_text=_("Empty: the value of the whole province."),
    )  # fmt: skip
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "period_start", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "unit"], nulls_distinct=False, name="one_value_per_period_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.indicator.period_label(self.period_start)}: {self.value}"


class DossierStat(Lineage):
    """Administrative procedure results of one agency (and unit) for one month (service 3)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="dossier_stats", verbose_name=_("agency")
    )
    unit = models.ForeignKey(
        "gis_core.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    # Blank: the agency's results over all its procedures (the older files carry no procedure).
    procedure = models.CharField(_("procedure"), max_length=300, blank=True, default="")
    period_start = models.DateField(_("month (first day)"))
    received = models.PositiveIntegerField(_("dossiers received"))
    on_time = models.PositiveIntegerField(_("resolved on time"))
    late = models.PositiveIntegerField(_("resolved late"))
    in_progress = models.PositiveIntegerField(_("in progress"))
    overdue = models.PositiveIntegerField(_("in progress past their deadline"), default=0)

    class Meta:
        verbose_name = _("dossier statistics")
        verbose_name_plural = _("dossier statistics")
        ordering = ["period_start", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit", "procedure", "period_start"],
                nulls_distinct=False,
                name="one_dossier_stat_per_procedure_month",
            ),
            models.CheckConstraint(
                condition=models.Q(overdue__lte=models.F("in_progress")), name="overdue_in_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.period_start:%m/%Y}"

    @property
    def resolved(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        """Share of resolved dossiers resolved on time (None when none was resolved)."""
        return self.on_time / self.resolved if self.resolved else None
