"""The page of each service of Appendix I, built from configuration: what belongs to it is data, not code.

A service is a Sector (agencies.Sector, the 16 services of Appendix I) with one ServicePage row naming its layers,
indicators, alert sectors and categories, field-report categories and device kinds. What belongs to the service is
what its sector already links (alerts, indicators and report categories of that sector) plus what the row lists.
A new service (item 16) is a new Sector and a new ServicePage row in the admin.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Sector
from alerts.api import Alert, AlertQuerySet, Category
from fieldreports.models import FieldReport
from indicators.models import Indicator
from iot.models import Device, DeviceQuerySet


class ServicePageQuerySet(models.QuerySet["ServicePage"]):
    def active(self) -> "ServicePageQuerySet":
        """Pages shown in the list: active rows of active sectors."""
        return self.filter(is_active=True, sector__is_active=True).select_related("sector")


class ServicePage(models.Model):
    """The configuration of one service's page: its layers, indicators, alerts, field reports and devices."""

    sector = models.OneToOneField(
        Sector, on_delete=models.PROTECT, related_name="service_page", verbose_name=_("service of Appendix I"),
        help_text=_("The page's address is /services/<code of the service>/."),
    )  # fmt: skip
    summary = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    layers = models.ManyToManyField(
        "layers.Layer", blank=True, related_name="+", verbose_name=_("map layers"),
        help_text=_("Drawn on the service's map; each user sees only the layers the layer catalogue lets them see."),
    )  # fmt: skip
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("further indicators"),
        help_text=_("Besides the indicators whose service is this one."),
    )  # fmt: skip
    alert_sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("further alert sectors"),
        help_text=_("Alerts of these sectors belong to the page too, besides those of its own sector."),
    )  # fmt: skip
    alert_categories = ArrayField(
        models.CharField(max_length=20, choices=Category.choices), blank=True, default=list,
        verbose_name=_("alert categories"),
        help_text=_("Alerts of these categories belong to the page, whatever their sector."),
    )  # fmt: skip
    report_categories = models.ManyToManyField(
        "fieldreports.ReportCategory", blank=True, related_name="+", verbose_name=_("further field-report categories"),
        help_text=_("Besides the categories whose sector is this service."),
    )  # fmt: skip
    device_kinds = ArrayField(
        models.CharField(max_length=20, choices=Device.Kind.choices), blank=True, default=list,
        verbose_name=_("device kinds"), help_text=_("Devices of these kinds are listed on the page and its map."),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)

    objects = ServicePageQuerySet.as_manager()

    class Meta:
        verbose_name = _("service page")
        verbose_name_plural = _("service pages")
        ordering = ["order", "sector__number", "sector__code"]

    def __str__(self) -> str:
        return str(self.sector)

    @property
    def code(self) -> str:
        return self.sector.code

    def alerts(self, alerts: AlertQuerySet | None = None) -> AlertQuerySet:
        """The alerts of the service: of its sectors, of its categories, or raised by its field-report categories."""
        sector_ids = {self.sector_id, *self.alert_sectors.values_list("pk", flat=True)}
        rule = Q(sector_id__in=sector_ids) | Q(field_report__category__in=self.report_categories.all())
        if self.alert_categories:
            rule |= Q(category__in=self.alert_categories)
        return (alerts if alerts is not None else Alert.objects.all()).filter(rule).distinct()

    def indicator_list(self) -> list[Indicator]:
        """Active indicators of the service's sector and those the row adds, in the catalogue's order."""
        rule = Q(sector_id=self.sector_id) | Q(pk__in=self.indicators.values("pk"))
        return list(Indicator.objects.filter(rule, is_active=True).select_related("agency").distinct())

    def field_reports(self) -> "models.QuerySet[FieldReport]":
        """Field reports of the service's categories (its sector's and those the row adds)."""
        rule = Q(category__sector_id=self.sector_id) | Q(category__in=self.report_categories.all())
        return FieldReport.objects.filter(rule).distinct()

    def devices(self) -> DeviceQuerySet:
        """Devices of the service's kinds that are not retired."""
        if not self.device_kinds:
            return Device.objects.none()
        return Device.objects.filter(kind__in=self.device_kinds).exclude(status=Device.Status.RETIRED)
