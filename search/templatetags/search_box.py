"""{% search_box_config %}: the search box's address and texts, for portal/static/portal/search.js."""

from django import template
from django.urls import reverse
from django.utils.html import json_script
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()
CONFIG_ID = "ioc-search-config"


@register.simple_tag
def search_box_config() -> SafeString:
    """A json_script with the API address and every text the box shows, in the active language."""
    config = {
        "url": reverse("search:search"),
        "labels": {
            "label": _("Search the map"),
            "placeholder": _("Commune, ward, plan, lot code or coordinates"),
            "results": _("Search results"),
            "searching": _("Searching…"),
            "none": _("Nothing found for “%(q)s”."),
            "count": _("%(n)s results: use the up and down arrows, then Enter."),
            "failed": _("The search failed: %(reason)s"),
            "open": _("Open its page"),
        },
    }
    return json_script(config, CONFIG_ID)
