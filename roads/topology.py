"""Build the routable network from plain lines in PostGIS: drop zero-length lines, snap endpoints, find islands.

Every import and the demo pass their lines to `rebuild`, which replaces the whole network inside the caller's
transaction and bumps the network version (so cached drive-time areas of the old network are never served).
Endpoints closer than the tolerance become one node (ST_ClusterDBSCAN in a metric projection, the most common
position of the cluster kept); islands are the connected components other than the largest (pgr_connectedComponents).
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from core.formats import fmt_number
from roads.models import Isochrone, RoadClass, RoadEdge, RoadNetwork, RoadNode

DEFAULT_TOLERANCE_M = 5.0
# Free-flow speed of a class when the data gives none (km/h): Vietnamese design speeds, rounded down for towns.
DEFAULT_SPEED_KMH: dict[str, float] = {
    RoadClass.NATIONAL: 60.0,
    RoadClass.PROVINCIAL: 50.0,
    RoadClass.DISTRICT: 40.0,
    RoadClass.URBAN: 30.0,
    RoadClass.LOCAL: 25.0,
}
MAX_LISTED_ISLANDS = 20
DROP_WORK_TABLES = "DROP TABLE IF EXISTS roads_stage, roads_ends, roads_nodes, roads_snapped"


@dataclass
class LineInput:
    """One drivable line: WKT or WKB hex in EPSG:4326, drawn in the direction of travel when one-way."""

    wkt: str
    name: str = ""
    road_class: str = RoadClass.LOCAL
    oneway: bool = False
    speed_kmh: float | None = None


@dataclass
class TopologyReport:
    """What rebuilding the network found and fixed."""

    lines: int = 0
    edges: int = 0
    nodes: int = 0
    zero_length_dropped: int = 0
    endpoints_snapped: int = 0
    components: int = 0
    islands: int = 0
    island_edges: int = 0
    island_list: list[dict[str, Any]] = field(default_factory=list)  # up to MAX_LISTED_ISLANDS, largest first
    tolerance_m: float = DEFAULT_TOLERANCE_M
    version: int = 0

    def summary(self) -> str:
        """Return the report in one sentence for a person."""
        return _(
            "%(lines)d lines read; %(edges)d road segments and %(nodes)d junctions built; %(snapped)d endpoints "
            "snapped within %(tolerance)s m; %(zero)d zero-length lines dropped; %(islands)d disconnected islands "
            "(%(island_edges)d segments) apart from the main network; network version %(version)d."
        ) % {
            "lines": self.lines, "edges": self.edges, "nodes": self.nodes, "snapped": self.endpoints_snapped,
            "tolerance": f"{self.tolerance_m:g}", "zero": self.zero_length_dropped, "islands": self.islands,
            "island_edges": self.island_edges, "version": self.version,
        }  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def metric_srid(lon: float) -> int:
    """Return the UTM zone (WGS 84, northern hemisphere) over the longitude: distances in metres for snapping."""
    zone = min(60, max(1, math.floor((lon + 180) / 6) + 1))
    return 32600 + zone


def rebuild(
    lines: Sequence[LineInput], *, source: str, tolerance_m: float = DEFAULT_TOLERANCE_M, synthetic: bool = False
) -> TopologyReport:
    """Replace the whole network with these lines, noded and checked; all or nothing."""
    if not lines:
        raise InvalidInput(_("There are no drivable lines to build a road network from."))
    if not 0 <= tolerance_m <= 100:
        raise InvalidInput(_("The snapping tolerance must be between 0 and 100 metres."))
    report = TopologyReport(lines=len(lines), tolerance_m=tolerance_m)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(DROP_WORK_TABLES)  # inside an outer transaction (tests, the demo) ON COMMIT has not come
        _stage(cursor, lines)
        report.zero_length_dropped = _drop_zero_length(cursor)
        cursor.execute("SELECT count(*) FROM roads_stage")
        if cursor.fetchone()[0] == 0:
            raise InvalidInput(_("Every line has zero length; there is no network to build."))
        cursor.execute("SELECT ST_X(ST_Centroid(ST_Extent(geom)::geometry)) FROM roads_stage")
        srid = metric_srid(cursor.fetchone()[0])
        _clear_network()
        report.endpoints_snapped = _node(cursor, srid, tolerance_m)
        report.zero_length_dropped += _write_edges(cursor)
        report.edges, report.nodes = RoadEdge.objects.count(), RoadNode.objects.count()
        _components(cursor, report)
        network = RoadNetwork.current()
        network.version += 1
        network.source, network.synthetic, network.imported_at = source[:300], synthetic, timezone.now()
        report.version = network.version
        network.report = report.as_dict()
        network.save()
        Isochrone.objects.filter(version__lt=network.version).delete()
        cursor.execute(DROP_WORK_TABLES)
    return report


def _clear_network() -> None:
    """Delete the current network; refuse when records of other apps (traffic flows, detectors) still use it."""
    try:
        RoadEdge.objects.all().delete()
    except ProtectedError as exc:
        counts = Counter(str(obj._meta.verbose_name_plural) for obj in exc.protected_objects)
        records = "; ".join(f"{kind}: {fmt_number(count)}" for kind, count in sorted(counts.items()))
        # No page moves or deletes these records (flows and episodes are read-only in the admin, and a detector can
        # only be linked to a segment of the current network), so the message names no control the user lacks.
        raise InvalidInput(
            _(
                "The current road network cannot be replaced, and nothing was imported: the traffic service's records "
                "use its segments (%(records)s) and would be lost with them. No page can move or delete these "
                "records, so the current network stays in use. To replace it, ask the platform's technical team to "
                "move the traffic records to the new segments first."
            )
            % {"records": records}
        ) from None
    RoadNode.objects.all().delete()


def _stage(cursor: Any, lines: Sequence[LineInput]) -> None:
    cursor.execute(
        "CREATE TEMP TABLE roads_stage (n serial, geom geometry(LineString, 4326), name text, road_class text,"
        " oneway boolean, speed double precision) ON COMMIT DROP"
    )
    cursor.executemany(
        "INSERT INTO roads_stage (geom, name, road_class, oneway, speed) VALUES (ST_GeomFromText(%s, 4326), %s, %s,"
        " %s, %s)",
        [
            (line.wkt, line.name[:200], line.road_class, line.oneway,
             line.speed_kmh or DEFAULT_SPEED_KMH.get(line.road_class, DEFAULT_SPEED_KMH[RoadClass.LOCAL]))
            for line in lines
        ],
    )  # fmt: skip


def _drop_zero_length(cursor: Any) -> int:
    cursor.execute("DELETE FROM roads_stage WHERE ST_NPoints(geom) < 2 OR ST_Length(geom::geography) < 0.01")
    return int(cursor.rowcount)


def _node(cursor: Any, srid: int, tolerance_m: float) -> int:
    """Cluster endpoints within the tolerance into nodes; return how many endpoints moved."""
    cursor.execute(
        """
        CREATE TEMP TABLE roads_ends ON COMMIT DROP AS
        SELECT n, which, pt, ST_ClusterDBSCAN(ST_Transform(pt, %s), %s, 1) OVER () AS cluster
        FROM (SELECT n, 0 AS which, ST_StartPoint(geom) AS pt FROM roads_stage
              UNION ALL SELECT n, 1, ST_EndPoint(geom) FROM roads_stage) ends
        """,
        [srid, max(tolerance_m, 1e-6)],
    )
    # The most common position of a cluster is kept, so well-formed junctions never move.
    cursor.execute(
        """
        CREATE TEMP TABLE roads_nodes ON COMMIT DROP AS
        SELECT DISTINCT ON (cluster) cluster, pt AS geom, nextval(pg_get_serial_sequence('roads_roadnode', 'id')) AS id
        FROM (SELECT cluster, pt, count(*) AS uses, min(n) AS first FROM roads_ends GROUP BY cluster, pt) positions
        ORDER BY cluster, uses DESC, first
        """
    )
    cursor.execute("INSERT INTO roads_roadnode (id, geom) SELECT id, geom FROM roads_nodes")
    cursor.execute(
        "SELECT count(*) FROM roads_ends e JOIN roads_nodes p USING (cluster) WHERE NOT ST_Equals(e.pt, p.geom)"
    )
    return int(cursor.fetchone()[0])


def _write_edges(cursor: Any) -> int:
    """Write the edges between their nodes, ends moved onto them; return how many collapsed to nothing."""
    cursor.execute(
        """
        CREATE TEMP TABLE roads_snapped ON COMMIT DROP AS
        SELECT s.n, s.name, s.road_class, s.oneway, s.speed, a.id AS source, b.id AS target,
               ST_SetPoint(ST_SetPoint(s.geom, 0, a.geom), ST_NPoints(s.geom) - 1, b.geom) AS geom
        FROM roads_stage s
        JOIN roads_ends ea ON ea.n = s.n AND ea.which = 0 JOIN roads_nodes a ON a.cluster = ea.cluster
        JOIN roads_ends eb ON eb.n = s.n AND eb.which = 1 JOIN roads_nodes b ON b.cluster = eb.cluster
        """
    )
    cursor.execute("DELETE FROM roads_snapped WHERE ST_Length(geom::geography) < 0.01")
    collapsed = int(cursor.rowcount)
    cursor.execute(
        """
        INSERT INTO roads_roadedge (source_id, target_id, geom, name, road_class, oneway, speed_kmh, length_m,
                                    cost_s, reverse_cost_s, unit_id)
        SELECT source, target, geom, coalesce(name, ''), road_class, oneway, speed, length,
               length / (speed / 3.6), CASE WHEN oneway THEN -1 ELSE length / (speed / 3.6) END,
               (SELECT u.id FROM gis_core_adminunit u
                WHERE ST_Intersects(u.geom, ST_LineInterpolatePoint(edges.geom, 0.5)) ORDER BY u.code LIMIT 1)
        FROM (SELECT *, ST_Length(geom::geography) AS length FROM roads_snapped) edges
        ORDER BY n
        """
    )
    # Nodes no edge uses any more (their only line collapsed) are not part of the network.
    cursor.execute(
        "DELETE FROM roads_roadnode n WHERE NOT EXISTS (SELECT 1 FROM roads_roadedge e WHERE e.source_id = n.id"
        " OR e.target_id = n.id)"
    )
    return collapsed


def _components(cursor: Any, report: TopologyReport) -> None:
    cursor.execute(
        """
        WITH comp AS (
            SELECT component, node FROM pgr_connectedComponents(
                'SELECT id, source_id AS source, target_id AS target, 1.0::float8 AS cost,
                        1.0::float8 AS reverse_cost FROM roads_roadedge')
        )
        SELECT c.component, count(*) AS edges,
               ST_X(ST_Centroid(ST_Collect(e.geom))), ST_Y(ST_Centroid(ST_Collect(e.geom)))
        FROM roads_roadedge e JOIN comp c ON c.node = e.source_id
        GROUP BY c.component ORDER BY edges DESC, c.component
        """
    )
    rows = cursor.fetchall()
    report.components = len(rows)
    islands = rows[1:]
    report.islands = len(islands)
    report.island_edges = sum(int(row[1]) for row in islands)
    report.island_list = [
        {"edges": int(edges), "lon": round(lon, 6), "lat": round(lat, 6)}
        for _component, edges, lon, lat in islands[:MAX_LISTED_ISLANDS]
    ]
