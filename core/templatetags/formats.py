"""Template filters over core.formats: {% load formats %} then {{ value|fmt_number:1 }}, |fmt_area, |fmt_date…"""

from django import template

from core import formats

register = template.Library()

register.filter("fmt_number", formats.fmt_number)
register.filter("fmt_percent", formats.fmt_percent)
register.filter("fmt_area", formats.fmt_area)
register.filter("fmt_date", formats.fmt_date)
register.filter("fmt_datetime", formats.fmt_datetime)
register.filter("fmt_duration", formats.fmt_duration)
