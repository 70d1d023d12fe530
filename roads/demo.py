"""The demo road network: synthetic but plausible, generated the same way every time, never a survey of real roads.

National highway QL1A runs along the coast from Vạn Ninh to the south of Phan Rang, with QL26, QL27 and two
provincial roads inland, and a street grid in Nha Trang, Cam Ranh, Ninh Hòa and Phan Rang joined to the highway.
Lines are cut every ~400 m so the network has junctions to route through; the lines go through
roads.topology.rebuild like an import. A network imported from a real file is kept.
"""

import itertools
import math
from typing import TextIO

from roads import layer, topology
from roads.models import RoadClass, RoadEdge, RoadNetwork

SOURCE = "Mạng đường tổng hợp (dữ liệu demo), không phải số liệu đo đạc thật"
STEP_DEG = 0.004  # about 400 m between junctions along the long roads

Point = tuple[float, float]

# (name, class, waypoints lon/lat): plausible alignments across the demo province's units.
ROUTES: list[tuple[str, str, list[Point]]] = [
    ("Quốc lộ 1A", RoadClass.NATIONAL, [
        (109.130, 12.850), (109.150, 12.740), (109.160, 12.600), (109.150, 12.500), (109.150, 12.400),
        (109.168, 12.330), (109.160, 12.270), (109.140, 12.180), (109.150, 12.070), (109.140, 11.970),
        (109.070, 11.870), (109.000, 11.720), (108.990, 11.575), (108.930, 11.450), (108.850, 11.330),
    ]),
    ("Quốc lộ 26", RoadClass.NATIONAL, [(109.150, 12.500), (109.050, 12.560), (108.940, 12.600), (108.800, 12.650)]),
    ("Quốc lộ 27", RoadClass.NATIONAL, [(108.990, 11.575), (108.900, 11.620), (108.800, 11.680), (108.720, 11.750)]),
    ("Đường tỉnh 652", RoadClass.PROVINCIAL, [(109.160, 12.270), (109.100, 12.240), (109.000, 12.250),
                                              (108.900, 12.270)]),
    ("Đường tỉnh 702", RoadClass.PROVINCIAL, [(108.990, 11.575), (109.040, 11.630), (109.100, 11.690),
                                              (109.150, 11.720)]),
]  # fmt: skip

# (town, west, south, columns, rows, spacing in degrees, street names north-south, highway junction)
TOWNS: list[tuple[str, float, float, int, int, float, tuple[str, ...], Point]] = [
    ("Nha Trang", 109.168, 12.220, 9, 19, 0.003,
     ("Lê Hồng Phong", "Nguyễn Thị Minh Khai", "Lê Thánh Tôn", "Yersin", "Thống Nhất", "Pasteur", "Hùng Vương",
      "Biệt Thự", "Trần Phú"), (109.160, 12.270)),
    ("Cam Ranh", 109.150, 11.905, 6, 9, 0.003,
     ("Hùng Vương", "Nguyễn Trọng Kỷ", "Trần Hưng Đạo", "Lê Duẩn", "Phạm Văn Đồng", "Nguyễn Thái Học"),
     (109.140, 11.970)),
    ("Ninh Hòa", 109.120, 12.485, 6, 7, 0.003,
     ("Trần Quý Cáp", "Nguyễn Huệ", "Hoàng Văn Thụ", "Lê Lợi", "Trần Phú", "Nguyễn Trãi"), (109.150, 12.500)),
    ("Phan Rang", 108.965, 11.545, 10, 12, 0.003,
     ("Thống Nhất", "Ngô Gia Tự", "Lê Hồng Phong", "21 Tháng 8", "Quang Trung", "Yên Ninh", "Trần Phú",
      "Hải Thượng Lãn Ông", "Lê Duẩn", "Tô Hiệu"), (108.990, 11.575)),
]  # fmt: skip


def _round(point: Point) -> Point:
    return round(point[0], 6), round(point[1], 6)


def _cut(waypoints: list[Point]) -> list[Point]:
    """Return the polyline's vertices with extra ones every STEP_DEG, waypoints kept exactly."""
    vertices = [_round(waypoints[0])]
    for (x0, y0), (x1, y1) in itertools.pairwise(waypoints):
        pieces = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / STEP_DEG))
        vertices += [_round((x0 + (x1 - x0) * i / pieces, y0 + (y1 - y0) * i / pieces)) for i in range(1, pieces + 1)]
    return vertices


def _wkt(a: Point, b: Point) -> str:
    return f"LINESTRING({a[0]} {a[1]}, {b[0]} {b[1]})"


def _route_lines() -> tuple[list[topology.LineInput], list[Point]]:
    lines: list[topology.LineInput] = []
    highway: list[Point] = []
    for name, road_class, waypoints in ROUTES:
        vertices = _cut(waypoints)
        if not highway:
            highway = vertices
        lines += [topology.LineInput(_wkt(a, b), name, road_class) for a, b in itertools.pairwise(vertices)]
    return lines, highway


def _town_lines(highway: list[Point]) -> list[topology.LineInput]:
    lines: list[topology.LineInput] = []
    for town, west, south, columns, rows, step, streets, junction in TOWNS:
        grid = [[_round((west + c * step, south + r * step)) for r in range(rows)] for c in range(columns)]
        for c, column in enumerate(grid):
            # Every third street runs one-way northwards, as town centres often do.
            oneway = c % 3 == 1
            lines += [topology.LineInput(_wkt(a, b), streets[c], RoadClass.URBAN, oneway)
                      for a, b in itertools.pairwise(column)]  # fmt: skip
        for r in range(rows):
            name = f"Đường ngang số {r + 1} ({town})"
            lines += [topology.LineInput(_wkt(grid[c][r], grid[c + 1][r]), name, RoadClass.URBAN)
                      for c in range(columns - 1)]  # fmt: skip
        # The town joins the highway from the grid's nearest corner through a district road.
        corner = min((grid[0][0], grid[0][-1], grid[-1][0], grid[-1][-1]), key=lambda p: math.dist(p, junction))
        lines.append(topology.LineInput(_wkt(junction, corner), f"Đường vào {town}", RoadClass.DISTRICT))
        nearest = min(highway, key=lambda p: math.dist(p, grid[0][rows // 2]))
        if nearest != junction:
            lines.append(topology.LineInput(_wkt(nearest, grid[0][rows // 2]), f"Đường nối {town}", RoadClass.DISTRICT))
    return lines


def demo_lines() -> list[topology.LineInput]:
    """Return the demo network's lines, the same at every call."""
    lines, highway = _route_lines()
    return lines + _town_lines(highway)


def load(stdout: TextIO) -> None:
    """Build the synthetic network unless a network is there already, and publish its layer."""
    network = RoadNetwork.current()
    if RoadEdge.objects.exists():
        stdout.write(f"roads: network {network.source!r} v{network.version} kept ({RoadEdge.objects.count()} edges).\n")
    else:
        report = topology.rebuild(demo_lines(), source=SOURCE, synthetic=True)
        stdout.write(f"roads: synthetic demo network built: {report.summary()}\n")
    layer.register(stdout)
