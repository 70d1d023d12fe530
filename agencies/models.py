"""The agencies of Article 2: management, operating and processing agencies and data providers."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """A service or sector of Appendix I; new ones are added here, not in code (service 16)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(_("number in Appendix I"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["number", "code"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """An organisation with a role in the IOC."""

    class Kind(models.TextChoices):
        MANAGEMENT = "management", _("Management agency")
        OPERATING = "operating", _("Operating agency")
        PROCESSING = "processing", _("Processing agency")
        DATA_PROVIDER = "data_provider", _("Data provider")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROCESSING)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="agencies", verbose_name=_("sectors"))
    whole_province = models.BooleanField(
        _("jurisdiction over the whole province"), default=False,
        help_text=_("Provincial departments; communes and wards list their units instead."),
    )
    units = models.ManyToManyField(
        "gis_core.AdminUnit", blank=True, related_name="agencies", verbose_name=_("units in jurisdiction")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class ContactQuerySet(models.QuerySet["AgencyContact"]):
    def current(self) -> "ContactQuerySet":
        """Contacts in post today."""
        today = timezone.localdate()
        return self.filter(models.Q(until__isnull=True) | models.Q(until__gte=today), since__lte=today)


class AgencyContact(models.Model):
    """The leader or a focal person an agency names for alerts (Article 10)."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        FOCAL = "focal", _("Focal person")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("agency"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="contact_roles",
        verbose_name=_("account"),
    )
    since = models.DateField(_("in post since"), default=timezone.localdate)
    until = models.DateField(_("in post until"), null=True, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency contact")
        verbose_name_plural = _("agency contacts")
        ordering = ["agency", "role", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"], condition=models.Q(role="leader", until__isnull=True),
                name="one_open_leader_per_agency",
                violation_error_message=_("An agency has one leader in post; end the previous leader's term first."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.get_role_display()}, {self.agency}"
