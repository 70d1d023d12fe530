"""Accounts issued by the management agency, their roles, and API tokens for data providers."""

import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of Article 2 of Decision 2421/QĐ-UBND that hold accounts.

    Art. 2.8 names the users: leaders (lãnh đạo) who follow the province on the dashboards, and officials who work
    on the data, among them the planners of the urban spatial resources subsystem (Art. 2.7).
    """

    MANAGEMENT_ADMIN = "management_admin", _("Management administrator")
    OPERATOR = "operator", _("IOC operator")
    AGENCY_OFFICER = "agency_officer", _("Agency officer")
    DATA_PROVIDER = "data_provider", _("Data provider")
    PLANNER = "planner", _("Planner")
    LEADER = "leader", _("Leader")
    VIEWER = "viewer", _("Viewer")


# Roles that act only for their own agency; the agency_roles_have_agency constraint gives them one.
AGENCY_BOUND_ROLES = frozenset({Role.AGENCY_OFFICER, Role.DATA_PROVIDER})


class User(AbstractUser):
    """A personal account; never shared (Article 14)."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("agency"),
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
    def active(self) -> "ApiTokenQuerySet":
        """Tokens not revoked."""
        return self.filter(revoked_at__isnull=True)

    def revoke(self) -> int:
        """Revoke every token of the queryset not yet revoked; return how many."""
        return self.active().update(revoked_at=timezone.now())

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
        token = cls(user=user, name=name)
        raw = token.assign_secret()
        token.save()
        return token, raw

    def assign_secret(self) -> str:
        """Give this unsaved token a fresh secret; return the raw secret, which is never stored."""
        raw = secrets.token_urlsafe(32)
        self.key_hash = self.hash(raw)
        self.prefix = raw[:8]
        return raw

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self) -> None:
        """Stop the token from authenticating from now on."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def touch(self) -> None:
        """Record that the token was just used; at most once a minute, so busy data feeds do not write per call."""
        now = timezone.now()
        if self.last_used_at is not None and now - self.last_used_at < datetime.timedelta(minutes=1):
            return
        self.last_used_at = now
        ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
