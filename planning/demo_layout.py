"""Generate the SYNTHETIC Nha Trang demo plans in VN-2000 metres with shapely; deterministic, no database."""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from shapely import STRtree
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

GENERATOR_VERSION = "planning-demo-4"
# Shown to citizens as the plan's source note: plain Vietnamese, no file names ("simulated data for demonstration,
# not a real plan or survey").
SYNTHETIC = "Dữ liệu MÔ PHỎNG để trình diễn, không phải quy hoạch hay bản đồ hiện trạng thật."

# The zoning plan covers 9 x 7 km of central Nha Trang around the province's test vector (E 602805, N 1353660),
# reaching east past the coast (Natural Earth's, E ≈ 604 000 here); clipped to the wards' union (about 50 km²).
ZONING_WINDOW = (596_500.0, 1_350_500.0, 605_500.0, 1_357_500.0)
BLOCK_PITCH_E, BLOCK_PITCH_N, ROAD_WIDTH = 160.0, 120.0, 20.0
GENERAL_CELL, STATUS_CELL = 600.0, 350.0
MIN_BLOCK_M2, MIN_ROAD_M2, MIN_ZONE_M2 = 2_000.0, 500.0, 5_000.0

# Land-use mixes by distance from the coast (metres): residential and hotels along the shore, public and green
# land inland, farms and forest on the hills to the west.
ZONING_MIX = [
    (250, {"DKV": 60, "TMD": 40}),
    (1_500, {"ODT": 55, "TMD": 25, "DKV": 6, "DVH": 4, "DGD": 4, "DYT": 2, "TSC": 2, "TON": 1, "TIN": 1}),
    (4_000, {"ODT": 60, "DGD": 8, "DYT": 3, "DKV": 10, "DTT": 5, "TSC": 5, "DCH": 3, "TMD": 4, "TON": 1, "DNL": 1}),
    (None, {"DKV": 30, "DTT": 10, "ODT": 35, "DGD": 8, "SKC": 7, "NTD": 3, "DRA": 2, "MNC": 5}),
]
GENERAL_MIX = [
    (1_000, {"ODT": 55, "TMD": 30, "DKV": 15}),
    (3_000, {"ODT": 60, "DGD": 8, "DYT": 4, "DKV": 12, "TSC": 6, "TMD": 10}),
    (6_000, {"ODT": 35, "DKV": 20, "DTT": 8, "SKC": 12, "CLN": 15, "NTD": 3, "DTL": 7}),
    (None, {"RSX": 30, "RPH": 25, "CLN": 20, "LUC": 15, "ONT": 10}),
]
STATUS_MIX = [
    (1_000, {"ODT": 60, "TMD": 20, "DGT": 5, "BCS": 5, "DKV": 10}),
    (4_000, {"ODT": 40, "HNK": 15, "CLN": 15, "LUC": 10, "DGD": 5, "BCS": 10, "DGT": 5}),
    (None, {"CLN": 25, "RSX": 25, "RPH": 15, "LUC": 15, "ONT": 10, "DCS": 10}),
]
COASTAL_FLOOR_CAP = 25  # the adjustment caps towers along the shore
PUBLIC = {"DGD", "DYT", "DVH", "TSC", "DTT", "DCH"}


@dataclass(frozen=True)
class DemoLot:
    """One generated lot: geometry in EPSG:9217 and the indicators the synthetic plan states."""

    geom: MultiPolygon
    lot_code: str
    land_use: str
    function_name: str = ""
    indicators: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoArea:
    """One polygon of the synthetic land-use status map."""

    geom: MultiPolygon
    land_use: str


def as_multi(geom: BaseGeometry) -> MultiPolygon | None:
    """Keep the polygonal part of a clip result as a MultiPolygon, or None if nothing is left."""
    if isinstance(geom, Polygon):
        return MultiPolygon([geom]) if not geom.is_empty else None
    if isinstance(geom, MultiPolygon):
        return geom if not geom.is_empty else None
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]
    return MultiPolygon(parts) if parts else None


class Coast:
    """Distance inland from the east edge of the wards' union (the synthetic coast), per 50 m of northing."""

    def __init__(self, area: BaseGeometry) -> None:
        self.area = area
        self._east: dict[int, float] = {}

    def east_edge(self, northing: float) -> float:
        key = int(northing // 50)
        if key not in self._east:
            minx, _miny, maxx, _maxy = self.area.bounds
            line = LineString([(minx - 1, key * 50 + 25), (maxx + 1, key * 50 + 25)]).intersection(self.area)
            self._east[key] = line.bounds[2] if not line.is_empty else maxx
        return self._east[key]

    def distance(self, geom: BaseGeometry) -> float:
        point = geom.representative_point()
        return max(self.east_edge(point.y) - point.x, 0.0)


def pick(rng: random.Random, mixes: list[tuple[int | None, dict[str, int]]], distance: float) -> str:
    """Draw a land-use code from the mix of the distance band."""
    mix = next(m for limit, m in mixes if limit is None or distance < limit)
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def zoning_indicators(rng: random.Random, use: str, area: float) -> tuple[str, dict[str, object]]:
    """The function name and indicators a 1/2000 zoning plan would state for a lot of this use."""
    stated: dict[str, object] = {"area_m2": Decimal(round(area))}
    red_line = "Bản vẽ QH-05 chỉ giới đường đỏ (mô phỏng)"
    if use == "ODT":
        coverage, floors = rng.choice([60, 70, 80]), rng.choice([5, 7, 9])
        far = Decimal(str(round(coverage / 100 * floors * 0.9, 1)))
        setback = rng.choice([0, 3])
        stated |= {
            "building_coverage_pct": coverage,
            "floor_area_ratio": far,
            "floors_min": 2,
            "floors_max": floors,
            "height_max_m": Decimal(floors * 4 + 2),
            "setback_m": setback,
            "population": round(area * float(far) / 40),
            "red_line_ref": red_line,
            "building_line": "Trùng chỉ giới đường đỏ" if setback == 0 else f"Lùi {setback} m so với chỉ giới đường đỏ",
        }
        return "Nhóm nhà ở", stated
    if use == "TMD":
        coverage, floors = rng.choice([40, 50, 60]), rng.choice([12, 20, 30, 40])
        far = Decimal(str(min(round(coverage / 100 * floors * 0.6, 1), 13.0)))
        stated |= {
            "building_coverage_pct": coverage,
            "floor_area_ratio": far,
            "floors_min": 3,
            "floors_max": floors,
            "setback_m": 6,
            "red_line_ref": red_line,
            "building_line": "Lùi 6 m so với chỉ giới đường đỏ",
        }
        return "Thương mại, dịch vụ, khách sạn", stated
    if use in PUBLIC:
        floors = rng.choice([3, 4, 5])
        stated |= {
            "building_coverage_pct": 40,
            "floor_area_ratio": Decimal(str(round(0.4 * floors, 1))),
            "floors_min": 1,
            "floors_max": floors,
            "setback_m": 6,
            "red_line_ref": red_line,
            "building_line": "Lùi 6 m so với chỉ giới đường đỏ",
        }
        return "Công trình công cộng", stated
    if use == "DKV":
        stated |= {"building_coverage_pct": 5, "floor_area_ratio": Decimal("0.05"), "floors_max": 1}
        return "Cây xanh, công viên", stated
    if use in {"TON", "TIN"}:
        stated |= {"building_coverage_pct": 40, "floor_area_ratio": Decimal("0.8"), "floors_max": 2}
        return "Cơ sở tôn giáo, tín ngưỡng", stated
    if use == "SKC":
        stated |= {"building_coverage_pct": 60, "floor_area_ratio": Decimal("1.8"), "floors_max": 3, "setback_m": 6}
        return "Tiểu thủ công nghiệp", stated
    return "Hạ tầng kỹ thuật", stated  # NTD, DRA, MNC, DNL: the plan states only the area


def _grid(
    window: tuple[float, float, float, float], pitch_e: float, pitch_n: float
) -> Iterator[tuple[int, int, float, float]]:
    e0, n0, e1, n1 = window
    for row in range(int((n1 - n0) // pitch_n)):
        for col in range(int((e1 - e0) // pitch_e)):
            yield row, col, e0 + col * pitch_e, n0 + row * pitch_n


def zoning_lots(area: BaseGeometry) -> tuple[BaseGeometry, list[DemoLot], list[MultiLineString]]:
    """Blocks and roads of the zoning plan (revision 1), with the red lines between them."""
    rng = random.Random(f"{GENERATOR_VERSION}-zoning")  # noqa: S311 (reproducible demo data, not secrets)
    coast = Coast(area)
    e0, n0, e1, n1 = ZONING_WINDOW
    zone = area.intersection(box(*ZONING_WINDOW))
    blocks: list[DemoLot] = []
    for row, col, e, n in _grid(ZONING_WINDOW, BLOCK_PITCH_E, BLOCK_PITCH_N):
        clipped = as_multi(zone.intersection(box(e + ROAD_WIDTH, n + ROAD_WIDTH, e + BLOCK_PITCH_E, n + BLOCK_PITCH_N)))
        if clipped is None or clipped.area < MIN_BLOCK_M2:
            continue
        use = pick(rng, ZONING_MIX, coast.distance(clipped))
        function, stated = zoning_indicators(rng, use, clipped.area)
        blocks.append(DemoLot(clipped, f"{use}.{row:02d}{col:02d}", use, function, stated))
    horizontal = [box(e0, n, e1, n + ROAD_WIDTH) for n in _steps(n0, n1, BLOCK_PITCH_N)]
    across = unary_union(horizontal)
    vertical = [box(e, n0, e + ROAD_WIDTH, n1).difference(across) for e in _steps(e0, e1, BLOCK_PITCH_E)]
    roads: list[DemoLot] = []
    for prefix, strips in (("H", horizontal), ("V", vertical)):
        for index, strip in enumerate(strips):
            clipped = as_multi(zone.intersection(strip))
            if clipped is not None and clipped.area >= MIN_ROAD_M2:
                name = "Đường ngang" if prefix == "H" else "Đường dọc"
                stated = {"area_m2": Decimal(round(clipped.area)), "red_line_ref": "Bản vẽ QH-05 (mô phỏng)"}
                roads.append(DemoLot(clipped, f"DGT.{prefix}{index:02d}", "DGT", f"{name} lộ giới 20 m", stated))
    return zone, blocks + roads, red_lines(blocks, roads)


def _steps(start: float, stop: float, pitch: float) -> list[float]:
    return [start + k * pitch for k in range(int((stop - start) // pitch) + 1)]


def red_lines(blocks: list[DemoLot], roads: list[DemoLot]) -> list[MultiLineString]:
    """Each road's edges shared with blocks: its chỉ giới đường đỏ."""
    tree = STRtree([b.geom for b in blocks])
    lines = []
    for road in roads:
        touching = [blocks[i].geom for i in tree.query(road.geom, predicate="intersects")]
        if not touching:
            continue
        shared = road.geom.boundary.intersection(unary_union(touching).boundary)
        parts = [g for g in getattr(shared, "geoms", [shared]) if isinstance(g, LineString) and g.length > 0]
        if parts:
            lines.append(MultiLineString(parts))
    return lines


def adjusted(lots: list[DemoLot], area: BaseGeometry) -> list[DemoLot]:
    """Revision 2 (a local adjustment): some inland housing becomes parks and schools; coastal towers are capped."""
    rng = random.Random(f"{GENERATOR_VERSION}-adjustment")  # noqa: S311
    coast = Coast(area)
    result = []
    for lot in lots:
        if lot.land_use == "ODT" and coast.distance(lot.geom) > 1_500 and rng.random() < 0.08:
            use = rng.choice(["DKV", "DGD"])
            function, stated = zoning_indicators(rng, use, lot.geom.area)
            lot = replace(
                lot,
                land_use=use,
                lot_code=lot.lot_code.replace("ODT", use, 1),
                function_name=function,
                indicators=stated,
            )
        elif lot.land_use == "TMD" and _floors(lot) > COASTAL_FLOOR_CAP:
            lot = replace(lot, indicators=_capped(lot.indicators))
        result.append(lot)
    return result


def _floors(lot: DemoLot) -> int:
    value = lot.indicators.get("floors_max")
    return value if isinstance(value, int) else 0


def _capped(stated: dict[str, object]) -> dict[str, object]:
    coverage = stated["building_coverage_pct"]
    assert isinstance(coverage, int)
    far = Decimal(str(round(coverage / 100 * COASTAL_FLOOR_CAP * 0.6, 1)))
    return {**stated, "floors_max": COASTAL_FLOOR_CAP, "floor_area_ratio": far}


def general_zones(area: BaseGeometry) -> list[DemoLot]:
    """Land-use zones of the general plan: 600 m cells over the wards."""
    rng = random.Random(f"{GENERATOR_VERSION}-general")  # noqa: S311
    coast = Coast(area)
    minx, miny, maxx, maxy = area.bounds
    zones = []
    for row, col, e, n in _grid((minx, miny, maxx + GENERAL_CELL, maxy + GENERAL_CELL), GENERAL_CELL, GENERAL_CELL):
        clipped = as_multi(area.intersection(box(e, n, e + GENERAL_CELL, n + GENERAL_CELL)))
        if clipped is None or clipped.area < MIN_ZONE_M2:
            continue
        use = pick(rng, GENERAL_MIX, coast.distance(clipped))
        stated: dict[str, object] = {"area_m2": Decimal(round(clipped.area))}
        if use in {"ODT", "TMD", "ONT"}:
            stated |= {"building_coverage_pct": rng.choice([40, 50, 60]), "floors_max": rng.choice([5, 9, 15])}
        zones.append(DemoLot(clipped, f"KV.{row:02d}{col:02d}", use, "Khu chức năng", stated))
    return zones


def status_areas(area: BaseGeometry) -> list[DemoArea]:
    """The synthetic land-use status map: 350 m cells with today's use."""
    rng = random.Random(f"{GENERATOR_VERSION}-status")  # noqa: S311
    coast = Coast(area)
    minx, miny, maxx, maxy = area.bounds
    cells = []
    for _row, _col, e, n in _grid((minx, miny, maxx + STATUS_CELL, maxy + STATUS_CELL), STATUS_CELL, STATUS_CELL):
        clipped = as_multi(area.intersection(box(e, n, e + STATUS_CELL, n + STATUS_CELL)))
        if clipped is not None and clipped.area >= MIN_ROAD_M2:
            cells.append(DemoArea(clipped, pick(rng, STATUS_MIX, coast.distance(clipped))))
    return cells
