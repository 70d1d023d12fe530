"""The closed schools block of the public pages (portal/public_alerts.html includes it with one tag)."""

from typing import Any

from django import template

from sectors.education.closures import closed_schools

register = template.Library()


@register.inclusion_tag("education/public_closures.html")
def closed_schools_block() -> dict[str, Any]:
    """The schools closed now, with their commune and reason."""
    return {"schools": list(closed_schools())}
