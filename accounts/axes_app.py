"""django-axes's app config under a Vietnamese title in the admin (its own names none); listed in INSTALLED_APPS.

In a module of its own: a second AppConfig in accounts/apps.py would stop Django choosing AccountsConfig.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes, titled "Login attempts"."""

    verbose_name = _("Login attempts")
