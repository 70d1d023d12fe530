"""The kinds of things the search finds; each is a SearchKind registered in search.registry.SEARCH_KINDS.

A kind reads the query, asks PostgreSQL for at most `limit` matches the viewer may see, and returns hits. Every
match is scored the same way (exact > prefix > contains, then the kind's weight), so kinds rank together.
"""

import datetime
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, ClassVar

from django.db.models import Case, F, FloatField, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Collate
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import has_permission
from core.formats import fmt_number
from search.coordinates import read_coordinates
from search.text import Fold, SearchText

type Viewer = Any  # a User or AnonymousUser
type Box = tuple[float, float, float, float]
COORD_DECIMALS = 6  # about 10 cm
BOX_KEYS = ("west", "south", "east", "north")
BOX_FUNCTIONS = ("ST_XMin", "ST_YMin", "ST_XMax", "ST_YMax")


class Match(IntEnum):
    """How well a text matched, best last."""

    CONTAINS = 1
    PREFIX = 2
    EXACT = 3


@dataclass(frozen=True)
class Hit:
    """One result: what it is, its label in the active language, and where to move the map."""

    kind: str
    kind_label: str
    label: str
    match: Match
    weight: int
    detail: str = ""
    bbox: Box | None = None  # west, south, east, north in WGS 84
    point: tuple[float, float] | None = None  # lon, lat in WGS 84
    url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return int(self.match) * 100 + self.weight

    def as_dict(self) -> dict[str, Any]:
        """The hit as the API returns it."""
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "label": self.label,
            "detail": self.detail,
            "match": self.match.name.lower(),
            "score": self.score,
            "bbox": [round(value, 7) for value in self.bbox] if self.bbox else None,
            "point": [round(value, 7) for value in self.point] if self.point else None,
            "url": self.url,
            **self.extra,
        }


class SearchKind:
    """A kind of searchable thing; subclasses say their name, label, weight and how to find matches."""

    name: ClassVar[str]
    label: ClassVar[Promise]
    weight: ClassVar[int]  # 0-99: breaks ties between kinds matching equally well

    def find(self, text: SearchText, viewer: Viewer, limit: int) -> list[Hit]:
        raise NotImplementedError

    def hit(self, label: str, match: Match, **fields: Any) -> Hit:
        """A hit of this kind; kind_label may name it more precisely than the kind's label."""
        kind_label = str(fields.pop("kind_label", self.label))
        return Hit(kind=self.name, kind_label=kind_label, label=label, match=match, weight=self.weight, **fields)


def match_case(*expressions: str, text: str) -> Case:
    """SQL: EXACT when any folded expression equals text, PREFIX when one starts with it, else CONTAINS."""
    exact, prefix = Q(), Q()
    for expression in expressions:
        exact |= Q(**{expression: text})
        prefix |= Q(**{f"{expression}__startswith": text})
    return Case(
        When(exact, then=Value(int(Match.EXACT))),
        When(prefix, then=Value(int(Match.PREFIX))),
        default=Value(int(Match.CONTAINS)),
        output_field=IntegerField(),
    )


def with_bbox[Q_: QuerySet[Any]](rows: Q_, geometry: str) -> Q_:
    """Annotate each row with its geometry's bounding box (west, south, east, north), computed by PostGIS."""
    edges = zip(BOX_KEYS, BOX_FUNCTIONS, strict=True)
    return rows.annotate(**{key: Func(F(geometry), function=fn, output_field=FloatField()) for key, fn in edges})


def bbox_of(row: dict[str, Any]) -> Box | None:
    """The box with_bbox annotated, or None for a row without geometry."""
    values = [row[key] for key in BOX_KEYS]
    return None if any(value is None for value in values) else (values[0], values[1], values[2], values[3])


def has_letters(text: SearchText) -> bool:
    """Whether the text has a letter: place and plan names do, coordinates and alert numbers do not."""
    return any(ch.isalpha() for ch in text.folded)


class CoordinatesKind(SearchKind):
    """A typed coordinate pair: WGS 84 degrees or VN-2000 metres, in either order."""

    name = "coordinates"
    label = gettext_lazy("Coordinates")
    weight = 90

    def find(self, text: SearchText, viewer: Viewer, limit: int) -> list[Hit]:
        from gis_core.models import AdminUnit

        typed = read_coordinates(text.raw)
        if typed is None:
            return []
        point = typed.query.point
        unit = AdminUnit.objects.containing(point).only("name").order_by("code").first()
        label = _("Latitude %(lat)s, longitude %(lon)s") % {
            "lat": fmt_number(point.y, COORD_DECIMALS),
            "lon": fmt_number(point.x, COORD_DECIMALS),
        }
        detail = unit.name if unit else _("Outside Khánh Hòa province")
        read_as = _read_as(typed.query.srid, typed.query.assumed_order, typed.lat_first)
        return [self.hit(label, Match.EXACT, detail=f"{read_as} · {detail}", point=(point.x, point.y))]


def _read_as(srid: int, order: str | None, lat_first: bool) -> str:
    from gis_core.coords import X_NORTHING_Y_EASTING

    if srid == 4326:
        return _("WGS 84, latitude first") if lat_first else _("WGS 84, longitude first")
    if order == X_NORTHING_Y_EASTING:
        return _("VN-2000 TM-3 108°15', northing (X) first")
    return _("VN-2000 TM-3 108°15', easting first")


class UnitKind(SearchKind):
    """Communes, wards and the special zone, by name with or without the word xã / phường / đặc khu."""

    name = "unit"
    label = gettext_lazy("Commune or ward")
    weight = 60
    KIND_WORDS = r"^(phuong|xa|dac khu) "

    def find(self, text: SearchText, viewer: Viewer, limit: int) -> list[Hit]:
        from gis_core.models import KHANH_HOA_NAME, AdminUnit

        if not has_letters(text):
            return []  # numbers and codes name no place
        units = (
            AdminUnit.objects.annotate(folded=Fold("name"))
            .filter(folded__contains=text.folded)
            .annotate(
                bare=Func(
                    F("folded"), Value(self.KIND_WORDS), Value(""), function="regexp_replace", output_field=TextField()
                )
            )
            .annotate(match=match_case("folded", "bare", text=text.folded))
        )
        rows = with_bbox(units, "geom").order_by("-match", "name").values("code", "name", "kind", "match", *BOX_KEYS)
        kinds = dict(AdminUnit.Kind.choices)
        return [
            self.hit(
                row["name"],
                Match(row["match"]),
                kind_label=kinds.get(row["kind"], self.label),
                detail=KHANH_HOA_NAME,
                bbox=bbox_of(row),
                extra={"code": row["code"]},
            )
            for row in rows[:limit]
        ]


class PlanKind(SearchKind):
    """Plans by name or code: approved ones for everyone, drafts too for planners."""

    name = "plan"
    label = gettext_lazy("Plan")
    weight = 50

    def find(self, text: SearchText, viewer: Viewer, limit: int) -> list[Hit]:
        from planning.models import Plan

        if not has_letters(text):
            return []
        plans = Plan.objects.annotate(folded=Fold("name")).filter(Q(folded__contains=text.folded) | Q(code=text.folded))
        if not has_permission(viewer, "planning.import"):
            plans = plans.filter(status__in=Plan.WAS_APPROVED)
        plans = plans.annotate(match=match_case("folded", "code", text=text.folded))
        rows = with_bbox(plans, "boundary").order_by("-match", "name")
        rows = rows.values("id", "code", "name", "plan_type", "status", "match", *BOX_KEYS)
        types, statuses = dict(Plan.Type.choices), dict(Plan.Status.choices)
        return [
            self.hit(
                row["name"],
                Match(row["match"]),
                kind_label=types.get(row["plan_type"], self.label),
                detail=str(statuses.get(row["status"], "")),
                bbox=bbox_of(row),
                extra={"code": row["code"]},
            )
            for row in rows[:limit]
        ]


class LotKind(SearchKind):
    """Zoning lots of the plans in force today, by their code: exactly or by its beginning."""

    name = "lot"
    label = gettext_lazy("Zoning lot")
    weight = 40
    LOT_WORD = "lo "  # "Lô A10", folded: the word before the code
    MAX_CODE = 60  # ZoningLot.lot_code's length

    def find(self, text: SearchText, viewer: Viewer, limit: int) -> list[Hit]:
        from planning.models import ZoningLot

        code = text.folded.removeprefix(self.LOT_WORD)
        if not code or " " in code or len(code) > self.MAX_CODE:
            return []  # lot codes are written without spaces
        # search_lot_code indexes this expression; its byte order puts the exact code first among those it begins.
        lots = (
            ZoningLot.objects.in_force(datetime.date.today())
            .annotate(folded=Collate(Fold("lot_code"), "C"))
            .filter(folded__startswith=code)
            .order_by("folded", "pk")
        )
        rows = with_bbox(lots, "geom").values(
            "lot_code", "folded", "land_use_id", "revision__plan__name", "revision__plan__code", *BOX_KEYS
        )
        return [
            self.hit(
                _("Lot %(code)s") % {"code": row["lot_code"]},
                Match.EXACT if row["folded"] == code else Match.PREFIX,
                detail=row["revision__plan__name"],
                bbox=bbox_of(row),
                extra={"plan_code": row["revision__plan__code"], "land_use": row["land_use_id"]},
            )
            for row in rows[:limit]
        ]


class AlertKind(SearchKind):
    """Alerts by number ("18" or "#18"), for staff who may see alerts, among the alerts they may see."""

    name = "alert"
    label = gettext_lazy("Alert")
    weight = 70
    MAX_NUMBER = 2_147_483_647

    def find(self, text: SearchText, viewer: Viewer, limit: int) -> list[Hit]:
        from alerts.api import Alert

        number = text.folded.removeprefix("#").strip()
        if not number.isascii() or not number.isdigit() or int(number) > self.MAX_NUMBER:
            return []
        if not has_permission(viewer, "alerts.view"):
            return []
        alerts = Alert.objects.visible_to(viewer).filter(pk=int(number))
        rows = with_bbox(alerts, "geom").values("pk", "title", "state", *BOX_KEYS)
        states = dict(Alert._meta.get_field("state").choices or [])
        return [
            self.hit(
                f"#{row['pk']} — {row['title']}",
                Match.EXACT,
                detail=str(states.get(row["state"], "")),
                bbox=bbox_of(row),
                url=reverse("alerts:detail", args=[row["pk"]]),
            )
            for row in rows[:limit]
        ]


class FieldReportKind(SearchKind):
    """Field reports by tracking code: anyone by the exact code (their own report), staff also by its beginning."""

    name = "field_report"
    label = gettext_lazy("Field report")
    weight = 70
    MIN_PREFIX = 4  # "PA" and two characters: fewer would list every report

    def find(self, text: SearchText, viewer: Viewer, limit: int) -> list[Hit]:
        from alerts.api import Alert
        from fieldreports.models import TRACKING_LENGTH, TRACKING_PREFIX, FieldReport, normalize_tracking_code

        code = normalize_tracking_code(text.raw)
        if not code.startswith(TRACKING_PREFIX) or not code.isascii() or not code.isalnum():
            return []
        staff = has_permission(viewer, "alerts.view")
        if len(code) == len(TRACKING_PREFIX) + TRACKING_LENGTH:
            reports = FieldReport.objects.filter(tracking_code=code)
        elif staff and len(code) >= self.MIN_PREFIX:
            reports = FieldReport.objects.filter(tracking_code__startswith=code)
        else:
            return []
        if staff:
            # Staff see the reports whose alert they may see; the public finds only the code it holds.
            reports = reports.filter(alert__in=Alert.objects.visible_to(viewer))
        rows = reports.select_related("category").order_by("tracking_code")
        hits = []
        for report in rows[:limit]:
            url = (
                reverse("alerts:detail", args=[report.alert_id])
                if staff
                else reverse("fieldreports:track", args=[report.tracking_code])
            )
            point = (report.geom.x, report.geom.y) if report.geom is not None else None
            match = Match.EXACT if report.tracking_code == code else Match.PREFIX
            label = _("Report %(code)s") % {"code": report.tracking_code}
            hits.append(self.hit(label, match, detail=report.category.display_name, point=point, url=url))
        return hits
