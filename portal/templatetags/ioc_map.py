"""Template tag placing the reusable map component: {% load ioc_map %} … {% ioc_map %}."""

from typing import Any

from django import template

from portal.map_config import map_config

register = template.Library()


@register.inclusion_tag("portal/includes/map.html")
def ioc_map(element_id: str = "ioc-map", units_url: str | None = None, css_class: str = "") -> dict[str, Any]:
    """Render a map element and its JSON config; the page must also include portal/includes/map_assets.html."""
    return {
        "element_id": element_id,
        "config_id": f"{element_id}-config",
        "css_class": css_class,
        "config": map_config(units_url),
    }
