"""The admin site's own titles (Django's defaults read "Django administration")."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Khánh Hòa IOC administration")
admin.site.site_title = _("Khánh Hòa IOC administration")
admin.site.index_title = _("Data and settings of the platform")
