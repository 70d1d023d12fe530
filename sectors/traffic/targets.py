"""The incident register as a datahub target ("traffic_incidents": CSV/XLSX files and the JSON push API), row by row.

Columns: code, kind, reported_at, lon, lat (lanes_blocked, confirmed_at, cleared_at, deaths, injured, description
optional). Rows are keyed by the sender's code: a new code registers an incident (placed on the nearest segment;
one still open raises its alert to the traffic sector), a known one updates it. Kinds are accepted in Vietnamese or
English. Casualties are counts: a file with a column of names or identity numbers is refused whole. Any bad row
refuses the whole file (the datahub writes nothing).
"""

import datetime
import re
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts import api
from datahub.models import Delivery
from datahub.targets import CleanRow, Counts, Field, Target, latitude_field, longitude_field
from datahub.values import fold
from sectors.traffic import incidents
from sectors.traffic.models import IncidentKind, IncidentOrigin, TrafficIncident

MOMENT_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
MOMENT_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$")
KINDS = {
    "accident": IncidentKind.ACCIDENT, "tai_nan": IncidentKind.ACCIDENT, "tai_nan_giao_thong": IncidentKind.ACCIDENT,
    "breakdown": IncidentKind.BREAKDOWN, "xe_hong": IncidentKind.BREAKDOWN, "hong_xe": IncidentKind.BREAKDOWN,
    "road_flooding": IncidentKind.ROAD_FLOODING, "ngap": IncidentKind.ROAD_FLOODING,
    "ngap_nuoc": IncidentKind.ROAD_FLOODING, "ngap_nuoc_tren_duong": IncidentKind.ROAD_FLOODING,
    "landslide": IncidentKind.LANDSLIDE, "sat_lo": IncidentKind.LANDSLIDE, "sat_lo_tren_duong": IncidentKind.LANDSLIDE,
    "congestion": IncidentKind.CONGESTION, "un_tac": IncidentKind.CONGESTION,
    "un_tac_giao_thong": IncidentKind.CONGESTION,
    "road_works": IncidentKind.ROAD_WORKS, "thi_cong": IncidentKind.ROAD_WORKS,
    "thi_cong_tren_duong": IncidentKind.ROAD_WORKS,
}  # fmt: skip
PERSONAL = {"ho_ten", "ho_va_ten", "ten_nan_nhan", "nan_nhan", "name", "victim", "cccd", "cmnd", "so_dien_thoai",
            "phone", "bien_so", "bien_kiem_soat"}  # fmt: skip
STORED = ["kind", "geom", "reported_at", "confirmed_at", "cleared_at", "lanes_blocked", "deaths", "injured",
          "description"]  # fmt: skip


def parse_moment(text: str) -> datetime.datetime:
    """Read "2026-05-01 14:05" or "01/05/2026 14:05" (local time); raise ValueError saying how to write it."""
    text = text.strip()
    match = MOMENT_ISO.match(text)
    parts = (match[1], match[2], match[3]) if match else None
    if match is None and (match := MOMENT_VN.match(text)):
        parts = (match[3], match[2], match[1])
    if match is None or parts is None:
        raise ValueError(_("'%(text)s' is not a moment; write it as 2026-05-01 14:05") % {"text": text})
    try:
        moment = datetime.datetime(int(parts[0]), int(parts[1]), int(parts[2]), int(match[4]), int(match[5]),
                                   int(match[6] or 0))  # fmt: skip
    except ValueError:
        raise ValueError(_("'%(text)s' is not a real date and time") % {"text": text}) from None
    return timezone.make_aware(moment)


class TrafficIncidents(Target):
    fields = (
        Field("code", gettext_lazy("code"), aliases=("ma", "ma_so", "so_hieu", "ma_su_co", "id")),
        Field("kind", gettext_lazy("kind"), aliases=("loai", "loai_su_co")),
        Field("reported_at", gettext_lazy("reported at"), aliases=("thoi_gian_tiep_nhan", "tiep_nhan", "bao_tin")),
        longitude_field(),
        latitude_field(),
        Field("lanes_blocked", gettext_lazy("lanes blocked"), kind="integer", required=False,
              aliases=("so_lan_bi_chan", "lan_bi_chan")),
        Field("confirmed_at", gettext_lazy("confirmed at"), required=False, aliases=("xac_nhan", "thoi_gian_xac_nhan")),
        Field("cleared_at", gettext_lazy("cleared at"), required=False, aliases=("giai_toa", "thoi_gian_giai_toa")),
        Field("deaths", gettext_lazy("deaths"), kind="integer", required=False, aliases=("tu_vong", "so_nguoi_chet")),
        Field("injured", gettext_lazy("injured"), kind="integer", required=False,
              aliases=("bi_thuong", "so_nguoi_bi_thuong")),
        Field("description", gettext_lazy("description"), required=False, aliases=("mo_ta", "dien_bien", "ghi_chu")),
    )  # fmt: skip

    def check_columns(self, columns: list[str]) -> list[str]:
        personal = [column for column in columns if fold(column) in PERSONAL]
        if personal:
            return [_("the file carries personal data in the columns %(columns)s; incidents hold casualty counts only. "
                      "Remove these columns and send the file again. Nothing was stored.")
                    % {"columns": ", ".join(personal)}]  # fmt: skip
        return []

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values["code"],)

    def describe_key(self, values: dict[str, Any]) -> str:
        return str(values["code"])

    def check_row(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        code = str(values["code"]).strip()
        if len(code) > 40:
            problems.append(("code", _("the code is longer than 40 characters.")))
        kind = KINDS.get(fold(str(values["kind"])))
        if kind is None:
            problems.append(("kind", _("'%(value)s' is not a kind of incident; use one of: %(allowed)s.")
                             % {"value": values["kind"], "allowed": ", ".join(IncidentKind.values)}))  # fmt: skip
        point = self._point(values, problems)
        moments = {name: self._moment(values, name, problems) for name in ("reported_at", "confirmed_at", "cleared_at")}
        reported = moments["reported_at"]
        for name in ("confirmed_at", "cleared_at"):
            later = moments[name]
            if reported is not None and later is not None and later < reported:
                problems.append((name, _("this time is before the report; it must come after it.")))
        counts = {}
        for name in ("lanes_blocked", "deaths", "injured"):
            counts[name] = values[name] or 0
            if not 0 <= counts[name] <= 999:
                problems.append((name, _("a count is a whole number from 0 to 999.")))
        cleaned = {"code": code, "kind": kind, "geom": point, **moments, **counts,
                   "description": str(values["description"] or "")[:2000]}  # fmt: skip
        return cleaned, problems

    @staticmethod
    def _point(values: dict[str, Any], problems: list[tuple[str, str]]) -> Point | None:
        lon, lat = values["lon"], values["lat"]
        if not (Decimal(-180) <= lon <= Decimal(180) and Decimal(-90) <= lat <= Decimal(90)):
            problems.append(("lon", _("give longitude and latitude in WGS 84 decimal degrees.")))
            return None
        point = Point(float(lon), float(lat), srid=4326)
        if not api.units_touched(point):
            problems.append(("lon", _("the point %(lon)s, %(lat)s lies outside the province; give longitude and "
                                      "latitude in WGS 84 decimal degrees.") % {"lon": lon, "lat": lat}))  # fmt: skip
        return point

    @staticmethod
    def _moment(values: dict[str, Any], name: str, problems: list[tuple[str, str]]) -> datetime.datetime | None:
        raw = values.get(name)
        if raw is None or raw == "":
            return None
        try:
            moment = parse_moment(str(raw))
        except ValueError as exc:
            problems.append((name, str(exc) + "."))
            return None
        if moment > timezone.now() + datetime.timedelta(minutes=5):
            problems.append((name, _("this time is in the future.")))
        return moment

    def store(self, delivery: Delivery, rows: list[CleanRow]) -> Counts:
        counts = Counts()
        existing = {
            item.reference: item for item in TrafficIncident.objects.filter(reference__in=[r.key[0] for r in rows])
        }
        for row in rows:
            values = row.values
            item = existing.get(row.key[0])
            if item is not None and all(getattr(item, name) == values[name] for name in STORED):
                counts.unchanged += 1
                continue
            if item is None:
                item = incidents.new_incident(values["kind"], values["geom"], IncidentOrigin.DATA_FILE,
                                              values["reported_at"], reference=row.key[0])  # fmt: skip
                counts.created += 1
            else:
                counts.updated += 1
            for name in STORED:
                setattr(item, name, values[name])
            item.delivery, item.source_row = delivery, row.source.number
            item.save()
            counts.changed.append(item)
        return counts

    def after_store(self, delivery: Delivery, counts: Counts) -> None:
        """Raise the alert of each new incident still open (a cleared one from the past is only recorded); a cleared
        incident's open alert records the retreat."""
        for item in counts.changed:
            if item.alert_id is None and item.cleared_at is None:
                incidents.raise_for(item, api.Source.MANUAL)
            elif item.alert is not None and item.cleared_at is not None and item.alert.is_open:
                api.record_retreat(item.alert, {"traffic_incident": item.pk, "cleared_at": item.cleared_at.isoformat()})
