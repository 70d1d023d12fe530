"""What the site's error pages learn from accounts: a permission in words, and the home page of a person's role."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from accounts import landing
from accounts.models import User
from accounts.permissions import PERMISSIONS, action_of
from core.error_pages import AccessGuide


class AccountsGuide(AccessGuide):
    """Answer from accounts.permissions and accounts.landing (added to core.error_pages in AccountsConfig.ready)."""

    def action_of(self, permission: str) -> str | None:
        return action_of(permission) if permission in PERMISSIONS else None

    def home_url(self, user: AbstractBaseUser | AnonymousUser) -> str | None:
        return landing.home_url(user if isinstance(user, User) else AnonymousUser())
