"""Stations' drive-time coverage at 5, 10 and 15 minutes over the road network (roads.isochrones, cached there).

A station's coverage rows carry the network version they were computed on; `refresh` recomputes the rows of
stations that moved, are new or were computed on an older network, and removes rows of stations without a road
nearby (those cover nothing).
"""

from django.db import transaction

from core.errors import InvalidInput
from roads.isochrones import drive_time_area
from roads.models import RoadNetwork
from sectors.fire.models import COVERAGE_MINUTES, FireStation, StationCoverage


def refresh(stations: list[FireStation] | None = None) -> int:
    """Bring the coverage of the stations (all when None) up to the current network; return how many rows changed."""
    version = RoadNetwork.current().version
    changed = 0
    with transaction.atomic():
        for station in stations if stations is not None else FireStation.objects.all():
            current = {row.minutes: row for row in StationCoverage.objects.filter(station=station)}
            fresh = all(
                minutes in current and current[minutes].network_version == version for minutes in COVERAGE_MINUTES
            )
            if fresh and not _moved(station):
                continue
            changed += _compute(station, version)
    return changed


def _moved(station: FireStation) -> bool:
    """Whether the station's 5-minute area no longer contains it (it was moved since the area was computed)."""
    row = StationCoverage.objects.filter(station=station, minutes=COVERAGE_MINUTES[0]).first()
    return row is None or not row.geom.intersects(station.geom)


def _compute(station: FireStation, version: int) -> int:
    StationCoverage.objects.filter(station=station).delete()
    try:
        areas = [drive_time_area(station.geom.x, station.geom.y, minutes) for minutes in COVERAGE_MINUTES]
    except InvalidInput:
        return 0  # no road near the station: it covers nothing until one is mapped
    StationCoverage.objects.bulk_create(
        StationCoverage(station=station, minutes=area.minutes, network_version=version, geom=area.geom)
        for area in areas
    )
    return len(areas)
