"""The congestion rule: a segment whose level of service stays below TRAFFIC_CONGESTED_BELOW_PERCENT for
TRAFFIC_CONGESTED_MINUTES raises an alert (Source.SECTOR_RULE, Category.TRAFFIC); once a step flows at or above the
level again, the episode ends and the alert records a retreat. Runs inside the ingestion transaction, on the segments
the batch touched.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Sector
from alerts import api
from roads.models import RoadEdge
from sectors.traffic.models import STEP, CongestionEpisode, SegmentFlow

SECTOR = "traffic"


def congested_below() -> float:
    """Return the level of service (a fraction of free flow) under which a segment counts as congested."""
    return settings.TRAFFIC_CONGESTED_BELOW_PERCENT / 100


def steps_needed(minutes: int | None = None) -> int:
    """Return how many consecutive 5-minute steps make the rule's duration."""
    minutes = settings.TRAFFIC_CONGESTED_MINUTES if minutes is None else minutes
    return max(1, -(-minutes // int(STEP.total_seconds() // 60)))


def evaluate(edge_ids: list[int], level: float | None = None, minutes: int | None = None) -> list[str]:
    """Apply the rule to each segment's newest steps; return what changed ("raised:<id>", "retreated:<id>")."""
    level = congested_below() if level is None else level
    minutes = settings.TRAFFIC_CONGESTED_MINUTES if minutes is None else minutes
    changes: list[str] = []
    needed = steps_needed(minutes)
    for edge_id in edge_ids:
        recent = [
            (step, float(los or 0.0))
            for step, los in SegmentFlow.objects.filter(edge_id=edge_id, los__isnull=False)
            .order_by("-step")
            .values_list("step", "los")[:needed]
        ]
        if not recent:
            continue
        open_episode = CongestionEpisode.objects.filter(edge_id=edge_id, ended_at__isnull=True).first()
        newest_step, newest_los = recent[0]
        if open_episode is None and _congested(recent, needed, level):
            changes.append(f"raised:{_raise(edge_id, recent, level, minutes)}")
        elif open_episode is not None and newest_los >= level:
            _retreat(open_episode, newest_step, newest_los)
            changes.append(f"retreated:{edge_id}")
    return changes


def _congested(recent: list[tuple[datetime.datetime, float]], needed: int, level: float) -> bool:
    """Whether the newest `needed` steps are consecutive and all below the level."""
    if len(recent) < needed or any(los >= level for _step, los in recent):
        return False
    return recent[0][0] - recent[-1][0] == STEP * (needed - 1)


def _raise(edge_id: int, recent: list[tuple[datetime.datetime, float]], level: float, minutes: int) -> int:
    edge = RoadEdge.objects.get(pk=edge_id)
    since, newest = recent[-1][0], recent[0][0]
    with transaction.atomic():
        episode = CongestionEpisode.objects.create(edge=edge, started_at=since)
        name = edge.name or _("segment %(id)s") % {"id": edge.pk}
        geom = edge.geom if api.units_touched(edge.geom) else None  # a segment outside the province: no place
        alert, _created = api.raise_alert(api.AlertInput(
            title=_("Congestion on %(road)s") % {"road": name}, source=api.Source.SECTOR_RULE,
            category=api.Category.TRAFFIC, severity=api.Severity.MODERATE,
            sector=Sector.objects.filter(code=SECTOR).first(), geom=geom,
            description=_("Traffic has moved at under %(level)d%% of its free-flow speed for %(minutes)d minutes.")
            % {"level": round(level * 100), "minutes": minutes},
            details={"road_segment": edge.pk, "level_of_service": round(recent[0][1], 2), "since": since.isoformat(),
                     "below": level},
            external_ref=f"traffic:congestion:{edge.pk}", observed_at=newest,
        ))  # fmt: skip
        episode.alert = alert
        episode.save(update_fields=["alert"])
    return edge.pk


def _retreat(episode: CongestionEpisode, step: datetime.datetime, los: float) -> None:
    episode.ended_at = step
    episode.save(update_fields=["ended_at"])
    if episode.alert is not None and episode.alert.is_open:
        api.record_retreat(episode.alert, {"road_segment": episode.edge_id, "level_of_service": round(los, 2),
                                           "flowing_since": step.isoformat()})  # fmt: skip
