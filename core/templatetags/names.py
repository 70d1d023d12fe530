"""Template filter for names in the active language: {% load names %} … {{ sector|display_name }}."""

from django import template

from core.names import display_name

register = template.Library()
register.filter("display_name", display_name)
