"""Template tag placing the reusable map component: {% load ioc_map %} … {% ioc_map %}."""

from typing import Any

from django import template

from portal.map_config import MapOptions, map_config

register = template.Library()


@register.inclusion_tag("portal/includes/map.html", takes_context=True)
def ioc_map(
    context: template.Context,
    element_id: str = "ioc-map",
    css_class: str = "",
    options: MapOptions | None = None,
    popups: bool = True,
) -> dict[str, Any]:
    """Render a map element and its JSON config; the page must also include portal/includes/map_assets.html.

    options: a portal.map_config.MapOptions from the view (layers to start with, area, overlays); popups=False
    leaves clicks on the map to the page (the citizen lookup asks about the place instead).
    """
    options = options or MapOptions()
    if not popups:
        options.popups = False
    return {
        "element_id": element_id,
        "config_id": f"{element_id}-config",
        "css_class": css_class,
        "config": map_config(options, context.get("request")),
    }
