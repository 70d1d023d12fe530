"""Key figures of a service page, derived from its configuration: alerts, indicators against target, devices."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from alerts.api import Alert, AlertQuerySet
from indicators import figures
from iot.models import Device
from layers import access
from services.models import ServicePage


@dataclass
class KeyFigures:
    """What the list and the page show of a service at a glance."""

    open_alerts: int = 0
    overdue_alerts: int = 0
    open_field_reports: int = 0
    indicators: int = 0
    indicators_off_target: int = 0
    indicators_past_limit: int = 0
    devices: int = 0
    devices_online: int = 0
    devices_silent: int = 0
    devices_maintenance: int = 0
    indicator_rows: list[figures.IndicatorRow] = field(default_factory=list)


def visible_alerts(page: ServicePage, user: access.Viewer) -> AlertQuerySet:
    """The service's alerts the user may see (alerts' own rule: agency officers see their agency's)."""
    return page.alerts(Alert.objects.visible_to(user))


def key_figures(page: ServicePage, user: access.Viewer, today: datetime.date) -> KeyFigures:
    """Compute the page's figures live from the database."""
    now = timezone.now()
    alerts = visible_alerts(page, user)
    open_ids = alerts.open().values("pk")
    board = KeyFigures(
        open_alerts=Alert.objects.filter(pk__in=open_ids).count(),
        overdue_alerts=Alert.objects.filter(pk__in=open_ids, deadline_at__lte=now).count(),
        open_field_reports=page.field_reports().filter(alert__in=open_ids).count(),
    )
    indicators = page.indicator_list()
    board.indicator_rows = figures.table(today, indicators) if indicators else []
    board.indicators = len(board.indicator_rows)
    board.indicators_off_target = sum(1 for row in board.indicator_rows if row.target_met is False)
    board.indicators_past_limit = sum(1 for row in board.indicator_rows if row.breach)
    devices = page.devices()
    board.devices = devices.count()
    board.devices_maintenance = devices.filter(status=Device.Status.MAINTENANCE).count()
    board.devices_silent = devices.silent(now).count()
    board.devices_online = devices.filter(status=Device.Status.ACTIVE).count() - board.devices_silent
    return board
