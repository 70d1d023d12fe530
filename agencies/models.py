"""The agencies of Article 2: management, operating and processing agencies and data providers."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """A service or sector of Appendix I; new ones are added here, not in code (service 16)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(_("number in Appendix I"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("The service as Appendix I of Decision 2421/QĐ-UBND words it.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["number", "code"]

    def __str__(self) -> str:
        return self.name


type AdminUnitLike = models.Model | str
type SectorLike = Sector | str


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> "AgencyQuerySet":
        """Agencies currently taking part in the IOC."""
        return self.filter(is_active=True)

    def responsible_for(self, unit: AdminUnitLike, sector: SectorLike | None = None) -> "AgencyQuerySet":
        """Active processing agencies competent for the sector on the unit.

        Order: the unit's People's Committee, then other local agencies (e.g. a ward's service company), then
        provincial departments; the alert goes to the responsible commune first (Article 8, step 2).
        """
        through_units = Agency.units.through.objects.filter(agency_id=models.OuterRef("pk"))
        local = models.Exists(through_units.filter(**_unit_lookup(unit)))
        queryset = self.active().filter(kind=Agency.Kind.PROCESSING).alias(is_local=local)
        queryset = queryset.filter(models.Q(is_local=True) | models.Q(whole_province=True))
        if sector is not None:
            through_sectors = Agency.sectors.through.objects.filter(agency_id=models.OuterRef("pk"))
            competent = models.Exists(through_sectors.filter(**_sector_lookup(sector)))
            queryset = queryset.filter(models.Q(all_sectors=True) | competent)
        return queryset.order_by("-is_local", "-all_sectors", "name")

    def lacking_contacts(self) -> "AgencyQuerySet":
        """Active agencies without exactly one leader or without a focal person in post."""
        today = timezone.localdate()
        in_post = models.Q(contacts__since__lte=today) & (
            models.Q(contacts__until__isnull=True) | models.Q(contacts__until__gte=today)
        )
        leaders = models.Count("contacts", filter=in_post & models.Q(contacts__role=AgencyContact.Role.LEADER))
        focal = models.Count("contacts", filter=in_post & models.Q(contacts__role=AgencyContact.Role.FOCAL))
        queryset = self.active().alias(leaders=leaders, focal=focal)
        return queryset.filter(~models.Q(leaders=1) | models.Q(focal=0))


def _unit_lookup(unit: AdminUnitLike) -> dict[str, object]:
    return {"adminunit__code": unit} if isinstance(unit, str) else {"adminunit_id": unit.pk}


def _sector_lookup(sector: SectorLike) -> dict[str, object]:
    return {"sector__code": sector} if isinstance(sector, str) else {"sector_id": sector.pk}


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
    all_sectors = models.BooleanField(
        _("competent for every sector"),
        default=False,
        help_text=_("People's Committees of communes, wards and the special zone handle every sector in their units."),
    )
    whole_province = models.BooleanField(
        _("jurisdiction over the whole province"),
        default=False,
        help_text=_("Provincial departments; communes and wards list their units instead."),
    )
    units = models.ManyToManyField(
        "gis_core.AdminUnit", blank=True, related_name="agencies", verbose_name=_("units in jurisdiction")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def leader(self) -> "AgencyContact | None":
        """The leader in post today, if one is registered."""
        return self.contacts.current().filter(role=AgencyContact.Role.LEADER).order_by("-since").first()

    def alert_recipients(self) -> "ContactQuerySet":
        """The focal persons in post today, who receive forwarded alerts (Article 16.2)."""
        return self.contacts.current().filter(role=AgencyContact.Role.FOCAL)

    def check_contacts(self) -> None:
        """Raise ValidationError unless the stored contacts satisfy Article 16.2."""
        if self.is_active:
            validate_contact_roster(self.contacts.all())


def validate_contact_roster(contacts: Iterable["AgencyContact"], on: datetime.date | None = None) -> None:
    """Raise ValidationError unless exactly one leader and at least one focal person are in post."""
    in_post = [contact for contact in contacts if contact.is_in_post(on)]
    leaders = sum(1 for contact in in_post if contact.role == AgencyContact.Role.LEADER)
    focal = sum(1 for contact in in_post if contact.role == AgencyContact.Role.FOCAL)
    errors = []
    if leaders != 1:
        errors.append(
            ValidationError(
                _(
                    "An agency needs exactly one leader in post today (Article 16.2); it has %(count)d. "
                    "When the leader changes, end the previous term the day before the new one starts."
                ),
                code="leader_count",
                params={"count": leaders},
            )
        )
    if focal < 1:
        errors.append(
            ValidationError(
                _("An agency needs at least one focal person in post to receive alerts (Article 16.2)."),
                code="no_focal_person",
            )
        )
    if errors:
        raise ValidationError(errors)


class ContactQuerySet(models.QuerySet["AgencyContact"]):
    def current(self) -> "ContactQuerySet":
        """Contacts in post today."""
        today = timezone.localdate()
        return self.filter(models.Q(until__isnull=True) | models.Q(until__gte=today), since__lte=today)


class AgencyContact(models.Model):
    """The leader or a focal person an agency names for alerts (Article 16.2)."""

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
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_roles",
        verbose_name=_("account"),
    )
    since = models.DateField(_("in post since"), default=timezone.localdate)
    until = models.DateField(_("in post until"), null=True, blank=True)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("E.g. the letter that named this person, or 'demo contact'.")
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency contact")
        verbose_name_plural = _("agency contacts")
        ordering = ["agency", "role", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(role="leader", until__isnull=True),
                name="one_open_leader_per_agency",
                violation_error_message=_("An agency has one leader in post; end the previous leader's term first."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.get_role_display()}, {self.agency}"

    def is_in_post(self, on: datetime.date | None = None) -> bool:
        """Whether the contact holds the post on the day (today by default), as ContactQuerySet.current."""
        day = on or timezone.localdate()
        return self.since is not None and self.since <= day and (self.until is None or self.until >= day)

    def clean(self) -> None:
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("The end of the term cannot come before its start.")})
