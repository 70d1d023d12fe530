from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from core.error_pages import ACCESS_GUIDES
        from core.registry import register

        # The error pages name a missing permission and link the role's home page without core naming accounts.
        register(ACCESS_GUIDES, "accounts", "accounts.access_guide.AccountsGuide", "access guide")
