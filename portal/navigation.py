"""The site menu: one table of entries (page, label, who sees it), turned into the menu of the current visitor."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_permission

type Visibility = Callable[[Any], bool]


def everyone(user: Any) -> bool:
    """Public pages: every visitor, signed in or not."""
    return True


def holding(perm: str) -> Visibility:
    """Staff pages: accounts whose role holds the permission (accounts.permissions decides)."""

    def visible(user: Any) -> bool:
        return has_permission(user, perm)

    visible.__name__ = f"holding({perm})"
    return visible


@dataclass(frozen=True)
class Entry:
    """One menu entry: the page's URL name, its label, who sees it and which group it belongs to."""

    url_name: str
    label: Promise
    visible: Visibility
    group: str  # "public" or "staff"
    query: str = ""  # e.g. "?f=html" for the OGC landing page, which answers JSON by default


PUBLIC = "public"
STAFF = "staff"

MENU: tuple[Entry, ...] = (
    Entry("portal:map", _("Map"), everyone, PUBLIC),
    Entry("planning:lookup", _("Planning lookup"), everyone, PUBLIC),
    Entry("fieldreports:new", _("Report a problem"), everyone, PUBLIC),
    Entry("fieldreports:track-lookup", _("Track my report"), everyone, PUBLIC),
    Entry("portal:public-alerts", _("Public alerts"), everyone, PUBLIC),
    # Public visitors get the services' public view; staff figures stay for alerts.view (services.views).
    Entry("services:list", _("Services"), everyone, PUBLIC),
    # A short label: the page title's "Public-service ranking" wraps the menu onto a second line at 1366 px.
    Entry("indicators:public-ranking", _("Procedures ranking"), everyone, PUBLIC),
    Entry("ogc_api:landing", _("Open data"), everyone, PUBLIC, query="?f=html"),
    Entry("layers:catalogue", _("Layer catalogue"), everyone, PUBLIC),
    Entry("alerts:console", _("Console"), holding("alerts.operate"), STAFF),
    Entry("alerts:inbox", _("Inbox"), holding("alerts.process"), STAFF),
    Entry("portal:operator-map", _("Alerts map"), holding("alerts.view"), STAFF),
    Entry("planning:planners", _("Planners' page"), holding("planning.view"), STAFF),
    Entry("datahub:catalogue", _("Data hub"), holding("data.view"), STAFF),
    Entry("indicators:table", _("Indicators"), holding("indicators.view"), STAFF),
    Entry("reports:dashboard", _("Dashboard"), holding("reports.view"), STAFF),
    Entry("reports:archive", _("Reports"), holding("reports.view"), STAFF),
    Entry("audit:log", _("Audit log"), holding("audit.view"), STAFF),
    Entry("admin:index", _("Administration"), holding("admin.access"), STAFF),
)


@dataclass(frozen=True)
class Link:
    """A menu entry as the template draws it."""

    url_name: str
    label: str
    href: str
    group: str
    current: bool


def menu_for(request: HttpRequest, entries: tuple[Entry, ...] = MENU) -> list[Link]:
    """Return the entries the visitor may see, the one for the current page marked (longest matching path)."""
    visible = [(entry, reverse(entry.url_name)) for entry in entries if entry.visible(request.user)]
    current = _current_path(request.path, [path for _entry, path in visible])
    return [
        Link(entry.url_name, str(entry.label), path + entry.query, entry.group, path == current)
        for entry, path in visible
    ]


def _current_path(path: str, candidates: list[str]) -> str | None:
    """The candidate the path lies under, the most specific one; '/' only marks itself."""
    matching = [c for c in candidates if path == c or (c != "/" and c.endswith("/") and path.startswith(c))]
    return max(matching, key=len, default=None)


class Menu:
    """The visitor's menu, built on first use so pages that draw no header pay nothing."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @functools.cached_property
    def links(self) -> list[Link]:
        return menu_for(self.request)

    @property
    def public(self) -> list[Link]:
        return [link for link in self.links if link.group == PUBLIC]

    @property
    def staff(self) -> list[Link]:
        return [link for link in self.links if link.group == STAFF]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the visitor's menu as `nav_menu` (its `public` and `staff` links)."""
    return {"nav_menu": Menu(request)}
