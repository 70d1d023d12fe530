"""The fire registers as datahub targets (CSV/XLSX files and the JSON push API), checked row by row.

"fire_water_sources": code, name, kind, status, last_checked, lon, lat (capacity_m3, note optional).
"fire_premises": code, name, risk_group, next_due, lon, lat (kind, address, last_inspection optional).
"fire_incidents": code, title, kind, reported_at, lon, lat (station, dispatched/arrived/controlled/closed times,
address, deaths, injured, rescued optional).
Rows are keyed by code: a new code creates an entry, a known one updates it. Values in Vietnamese or English are
accepted for kinds and statuses. Any bad row refuses the whole file (the datahub writes nothing); after a store
the fire rules run in the same transaction.
"""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from datahub.models import Delivery
from datahub.targets import CleanRow, Counts, Field, Target, latitude_field, longitude_field
from datahub.values import fold
from sectors.fire import rules
from sectors.fire.models import FireIncident, FireStation, Premises, WaterSource, unit_at

DAY_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
DAY_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
EARLIEST = datetime.date(2000, 1, 1)

CODE = Field("code", gettext_lazy("code"), aliases=("ma", "ma_so", "so_hieu", "id"))
LON = longitude_field()
LAT = latitude_field()

# Folded words -> stored value, for each choice field.
WATER_KINDS = {"hydrant": "hydrant", "tru_nuoc": "hydrant", "tru_cuu_hoa": "hydrant", "tru": "hydrant",
               "pond": "pond", "ho": "pond", "ao": "pond", "ao_ho": "pond", "song": "pond",
               "tank": "tank", "be": "tank", "be_nuoc": "tank", "bon": "tank"}  # fmt: skip
WATER_STATUSES = {"working": "working", "hoat_dong": "working", "tot": "working", "binh_thuong": "working",
                  "weak": "weak", "yeu": "weak", "ap_luc_yeu": "weak", "it_nuoc": "weak",
                  "out_of_order": "out_of_order", "hong": "out_of_order", "hu_hong": "out_of_order",
                  "khong_hoat_dong": "out_of_order", "broken": "out_of_order"}  # fmt: skip
RISK_GROUPS = {"i": "I", "1": "I", "nhom_i": "I", "ii": "II", "2": "II", "nhom_ii": "II", "iii": "III", "3": "III",
               "nhom_iii": "III"}  # fmt: skip
INCIDENT_KINDS = {"fire": "fire", "chay": "fire", "vu_chay": "fire", "explosion": "explosion", "no": "explosion",
                  "chay_no": "explosion", "rescue": "rescue", "cuu_nan": "rescue", "cuu_ho": "rescue",
                  "cnch": "rescue"}  # fmt: skip


def parse_moment(text: str, *, with_time: bool) -> datetime.datetime | datetime.date:
    """Read "2026-05-01[ 14:05]" or "01/05/2026[ 14:05]"; raise ValueError saying how to write it."""
    text = text.strip()
    match = DAY_ISO.match(text)
    parts = (match[1], match[2], match[3]) if match else None
    if match is None and (match := DAY_VN.match(text)):
        parts = (match[3], match[2], match[1])
    if match is None or parts is None:
        example = "2026-05-01 14:05" if with_time else "2026-05-01"
        raise ValueError(_("'%(text)s' is not a date; write it as %(example)s") % {"text": text, "example": example})
    try:
        day = datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
        if not with_time:
            return day
        moment = datetime.time(int(match[4] or 0), int(match[5] or 0), int(match[6] or 0))
    except ValueError:
        raise ValueError(_("'%(text)s' is not a real date") % {"text": text}) from None
    return timezone.make_aware(datetime.datetime.combine(day, moment))


class FireRegister(Target):
    """Common checks of the fire registers: code, a point inside the province, choice words and dates."""

    model: Any = WaterSource  # the register's model (each has code, delivery and source_row)

    def __init__(self, dataset: Any) -> None:
        super().__init__(dataset)
        self.today = timezone.localdate()

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values["code"],)

    def describe_key(self, values: dict[str, Any]) -> str:
        return str(values["code"])

    def _common(self, values: dict[str, Any], problems: list[tuple[str, str]]) -> dict[str, Any]:
        code = str(values["code"]).strip()
        if len(code) > 40:
            problems.append(("code", _("the code is longer than 40 characters.")))
        point = None
        lon, lat = values["lon"], values["lat"]
        if lon is not None and lat is not None:
            point = Point(float(lon), float(lat), srid=4326)
            if (
                not (Decimal(-180) <= lon <= Decimal(180) and Decimal(-90) <= lat <= Decimal(90))
                or unit_at(point) is None
            ):
                message = _(
                    "the point %(lon)s, %(lat)s lies outside the province; give longitude and latitude in WGS 84 "
                    "decimal degrees."
                )
                problems.append(("lon", message % {"lon": lon, "lat": lat}))
        return {"code": code, "geom": point}

    @staticmethod
    def _choice(values: dict[str, Any], name: str, words: dict[str, str], problems: list[tuple[str, str]],
                default: str | None = None) -> str | None:  # fmt: skip
        raw = values.get(name)
        if raw is None:
            return default
        chosen = words.get(fold(str(raw)).replace(" ", "_"))
        if chosen is None:
            allowed = ", ".join(sorted(set(words.values())))
            problems.append((name, _("'%(value)s' is not understood; use one of: %(allowed)s.") % {
                "value": raw, "allowed": allowed}))  # fmt: skip
        return chosen

    def _date(self, values: dict[str, Any], name: str, problems: list[tuple[str, str]], *, future: bool = False,
              with_time: bool = False) -> Any:  # fmt: skip
        raw = values.get(name)
        if raw is None:
            return None
        try:
            value = parse_moment(str(raw), with_time=with_time)
        except ValueError as exc:
            problems.append((name, str(exc) + "."))
            return None
        day = value.date() if isinstance(value, datetime.datetime) else value
        if day < EARLIEST or (not future and day > self.today):
            problems.append((name, _("%(date)s is in the future or before 2000; check the year.") % {
                "date": day.isoformat()}))  # fmt: skip
        return value

    def _store(self, delivery: Delivery, rows: list[CleanRow], fields: list[str],
               build: Callable[[dict[str, Any]], Any] | None = None) -> Counts:  # fmt: skip
        counts = Counts()
        existing = {item.code: item for item in self.model._default_manager.filter(code__in=[r.key[0] for r in rows])}
        for row in rows:
            item = existing.get(row.key[0])
            if item is not None and all(getattr(item, name) == row.values[name] for name in fields):
                counts.unchanged += 1
                continue
            if item is None:
                item = self.model(code=row.key[0])
                counts.created += 1
            else:
                counts.updated += 1
            for name in fields:
                setattr(item, name, row.values[name])
            item.delivery, item.source_row = delivery, row.source.number
            item.save()
            counts.changed.append(item)
        return counts

    def after_store(self, delivery: Delivery, counts: Counts) -> None:
        if counts.changed:
            rules.run()


class WaterSources(FireRegister):
    model = WaterSource
    fields = (
        CODE,
        Field("name", gettext_lazy("name"), aliases=("ten", "ten_nguon_nuoc")),
        Field("kind", gettext_lazy("kind"), required=False, aliases=("loai", "loai_nguon_nuoc")),
        Field("status", gettext_lazy("status"), aliases=("tinh_trang", "trang_thai")),
        Field("last_checked", gettext_lazy("last checked"), required=False,
              aliases=("ngay_kiem_tra", "kiem_tra_lan_cuoi", "checked")),
        LON, LAT,
        Field("capacity_m3", gettext_lazy("capacity (m³)"), kind="number", required=False,
              aliases=("dung_tich", "tru_luong", "capacity")),
        Field("note", gettext_lazy("note"), required=False, aliases=("ghi_chu",)),
    )  # fmt: skip
    FIELDS = ["name", "kind", "status", "last_checked", "geom", "capacity_m3", "note"]

    def check_row(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        cleaned = self._common(values, problems)
        cleaned["name"] = str(values["name"])[:200]
        cleaned["kind"] = self._choice(values, "kind", WATER_KINDS, problems, WaterSource.Kind.HYDRANT)
        cleaned["status"] = self._choice(values, "status", WATER_STATUSES, problems)
        cleaned["last_checked"] = self._date(values, "last_checked", problems)
        capacity = values["capacity_m3"]
        if capacity is not None and capacity < 0:
            problems.append(("capacity_m3", _("the capacity cannot be negative.")))
        cleaned["capacity_m3"] = float(capacity) if capacity is not None else None
        cleaned["note"] = values["note"] or ""
        return cleaned, problems

    def store(self, delivery: Delivery, rows: list[CleanRow]) -> Counts:
        return self._store(delivery, rows, self.FIELDS)


class PremisesRegister(FireRegister):
    model = Premises
    fields = (
        CODE,
        Field("name", gettext_lazy("name"), aliases=("ten", "ten_co_so")),
        Field("risk_group", gettext_lazy("risk group"), aliases=("nhom", "nhom_nguy_hiem", "nhom_nguy_co")),
        Field("next_due", gettext_lazy("next inspection due"),
              aliases=("han_kiem_tra", "kiem_tra_tiep_theo", "ngay_kiem_tra_tiep")),
        LON, LAT,
        Field("kind", gettext_lazy("kind of premises"), required=False, aliases=("loai", "loai_hinh", "loai_co_so")),
        Field("address", gettext_lazy("address"), required=False, aliases=("dia_chi",)),
        Field("last_inspection", gettext_lazy("last inspection"), required=False,
              aliases=("kiem_tra_gan_nhat", "ngay_kiem_tra", "lan_kiem_tra_cuoi")),
    )  # fmt: skip
    FIELDS = ["name", "risk_group", "next_due", "geom", "kind", "address", "last_inspection"]

    def check_row(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        cleaned = self._common(values, problems)
        cleaned["name"] = str(values["name"])[:200]
        cleaned["risk_group"] = self._choice(values, "risk_group", RISK_GROUPS, problems)
        cleaned["next_due"] = self._date(values, "next_due", problems, future=True)
        cleaned["last_inspection"] = self._date(values, "last_inspection", problems)
        cleaned["kind"] = (values["kind"] or "")[:100]
        cleaned["address"] = (values["address"] or "")[:300]
        last, due = cleaned["last_inspection"], cleaned["next_due"]
        if last is not None and due is not None and due < last:
            problems.append(("next_due", _("the next inspection is due before the last one; check both dates.")))
        return cleaned, problems

    def store(self, delivery: Delivery, rows: list[CleanRow]) -> Counts:
        return self._store(delivery, rows, self.FIELDS)


TIMES = ("reported_at", "dispatched_at", "arrived_at", "controlled_at", "closed_at")


class Incidents(FireRegister):
    model = FireIncident
    fields = (
        CODE,
        Field("title", gettext_lazy("title"), aliases=("ten", "tieu_de", "mo_ta_ngan", "vu_viec")),
        Field("kind", gettext_lazy("kind"), required=False, aliases=("loai", "loai_vu_viec")),
        Field("reported_at", gettext_lazy("reported at"), aliases=("thoi_gian_bao", "tiep_nhan", "bao_tin")),
        LON, LAT,
        Field("station", gettext_lazy("responding station"), required=False,
              aliases=("doi", "don_vi_chua_chay", "ma_doi", "station_code")),
        Field("dispatched_at", gettext_lazy("dispatched at"), required=False, aliases=("xuat_xe", "dieu_dong")),
        Field("arrived_at", gettext_lazy("arrived at"), required=False, aliases=("den_hien_truong", "den_noi")),
        Field("controlled_at", gettext_lazy("controlled at"), required=False, aliases=("khong_che", "khống_che")),
        Field("closed_at", gettext_lazy("closed at"), required=False, aliases=("ket_thuc", "dap_tat")),
        Field("address", gettext_lazy("address"), required=False, aliases=("dia_chi", "dia_diem")),
        Field("deaths", gettext_lazy("deaths"), kind="integer", required=False, aliases=("tu_vong", "so_nguoi_chet")),
        Field("injured", gettext_lazy("injured"), kind="integer", required=False, aliases=("bi_thuong",)),
        Field("rescued", gettext_lazy("people rescued"), kind="integer", required=False,
              aliases=("cuu_duoc", "so_nguoi_cuu")),
    )  # fmt: skip
    FIELDS = ["title", "kind", "geom", "station", *TIMES, "address", "deaths", "injured", "rescued"]

    def __init__(self, dataset: Any) -> None:
        super().__init__(dataset)
        self.stations = {fold(station.code): station for station in FireStation.objects.all()}

    def check_columns(self, columns: list[str]) -> list[str]:
        personal = [column for column in columns if fold(column) in {"ho_ten", "ten_nan_nhan", "name_of_victim",
                                                                      "cccd", "so_dien_thoai", "phone"}]  # fmt: skip
        if personal:
            return [_("the file carries personal data in the columns %(columns)s; incidents hold casualty counts "
                      "only. Remove these columns and send the file again. Nothing was stored.")
                    % {"columns": ", ".join(personal)}]  # fmt: skip
        return []

    def check_row(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        cleaned = self._common(values, problems)
        cleaned["title"] = str(values["title"])[:200]
        cleaned["kind"] = self._choice(values, "kind", INCIDENT_KINDS, problems, FireIncident.Kind.FIRE)
        for name in TIMES:
            cleaned[name] = self._date(values, name, problems, with_time=True)
        reported = cleaned["reported_at"]
        for name in TIMES[1:]:
            if reported is not None and cleaned[name] is not None and cleaned[name] < reported:
                problems.append((name, _("this time is before the report; each step comes after it.")))
        station = None
        if values["station"]:
            station = self.stations.get(fold(str(values["station"])))
            if station is None:
                problems.append(("station", _("unknown station '%(code)s'; use the code of a registered station.")
                                 % {"code": values["station"]}))  # fmt: skip
        cleaned["station"] = station
        cleaned["address"] = (values["address"] or "")[:300]
        for name in ("deaths", "injured", "rescued"):
            cleaned[name] = values[name] or 0
            if cleaned[name] < 0:
                problems.append((name, _("a count cannot be negative.")))
        return cleaned, problems

    def store(self, delivery: Delivery, rows: list[CleanRow]) -> Counts:
        return self._store(delivery, rows, self.FIELDS)  # the response time is computed on save
