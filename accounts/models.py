"""Accounts issued by the management agency, their roles, and API tokens for data providers."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of Article 2 of Decision 2421/QĐ-UBND that hold accounts."""

    MANAGEMENT_ADMIN = "management_admin", _("Management administrator")
    OPERATOR = "operator", _("IOC operator")
    AGENCY_OFFICER = "agency_officer", _("Agency officer")
    DATA_PROVIDER = "data_provider", _("Data provider")
    VIEWER = "viewer", _("Viewer")


class User(AbstractUser):
    """A personal account; never shared (Article 14)."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, blank=True,
        related_name="users", verbose_name=_("agency"),
        help_text=_("Required for agency officers and data providers: they act only for this agency."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["agency_officer", "data_provider"]) | models.Q(agency__isnull=False),
                name="agency_roles_have_agency",
                violation_error_message=_("Agency officers and data providers must belong to an agency."),
            )
        ]


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def authenticate(self, raw: str) -> "ApiToken | None":
        """Return the active token matching the raw secret, or None."""
        token = self.filter(key_hash=ApiToken.hash(raw), revoked_at__isnull=True).select_related("user").first()
        if token is None or not token.user.is_active:
            return None
        return token


class ApiToken(models.Model):
    """A secret a system presents as 'Authorization: Token <secret>'; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        """Hash a raw secret; tokens are random, so a plain SHA-256 suffices."""
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple["ApiToken", str]:
        """Create a token and return it with its raw secret, shown once."""
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash(raw), prefix=raw[:8])
        return token, raw
