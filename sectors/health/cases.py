"""Weekly notifiable disease counts as a datahub target ("disease_cases"): file (CSV/XLSX) or JSON push.

Columns: disease (code or name), unit_code (commune, ward or special zone), week (ISO week "2026-W23" or any day of
the week of onset), cases, deaths (optional). Only aggregated counts are accepted: a table with a column that
looks like personal data (names, addresses, ID numbers, phone numbers, dates of birth, insurance numbers…, in
Vietnamese or English, accents and case aside) is refused as a whole before any row is read.
"""

import datetime
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from datahub.models import Delivery
from datahub.targets import CleanRow, Counts, Field, Target
from datahub.values import fold
from indicators.target import UnitLookup, upsert
from sectors.health import diseases
from sectors.health.models import CaseCount, week_of

# Column names (folded) that are personal data whatever else they say.
PERSONAL_EXACT = {"ten", "name", "ho", "sdt", "dob", "cmt", "gioi_tinh_ten"}
# Word sequences (folded, matched on whole words) that make a column personal data wherever they appear in its name.
PERSONAL_WORDS = (
    "ho_ten", "ho_va_ten", "full_name", "first_name", "last_name", "given_name", "surname", "ten_benh_nhan",
    "ten_nguoi", "ten_tre", "ten_me", "ten_cha", "patient_name", "person_name", "dia_chi", "address", "so_nha",
    "noi_o", "cho_o", "thuong_tru", "tam_tru", "street", "cmnd", "cccd", "can_cuoc", "chung_minh", "dinh_danh",
    "id_number", "id_card", "identity", "national_id", "passport", "ho_chieu", "dien_thoai", "phone", "mobile",
    "telephone", "ngay_sinh", "nam_sinh", "date_of_birth", "birth_date", "birthday", "email", "bhyt", "bao_hiem",
    "insurance", "ma_benh_nhan", "patient_id", "ma_ho_so_benh_an",
)  # fmt: skip
ISO_WEEK = re.compile(r"^(\d{4})\s*-?\s*w\s*(\d{1,2})$", re.IGNORECASE)
WEEK_FIRST = re.compile(r"^w?\s*(\d{1,2})\s*[/-]\s*(\d{4})$", re.IGNORECASE)  # "23/2026", "W23-2026"
DAY_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
DAY_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
EARLIEST = datetime.date(2000, 1, 1)


def personal_columns(columns: list[str]) -> list[str]:
    """The columns whose names say they hold personal data."""
    found = []
    for column in columns:
        folded = fold(column)
        wrapped = f"_{folded}_"
        if folded in PERSONAL_EXACT or any(f"_{words}_" in wrapped for words in PERSONAL_WORDS):
            found.append(column)
    return found


def parse_week(text: str) -> datetime.date:
    """The Monday of the week a text names: "2026-W23", "23/2026", or a day "2026-06-03" / "03/06/2026"."""
    text = text.strip()
    if match := ISO_WEEK.match(text) or WEEK_FIRST.match(text):
        year, week = (int(match[1]), int(match[2])) if match.re is ISO_WEEK else (int(match[2]), int(match[1]))
        try:
            return datetime.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(_("%(year)d has no week %(week)d") % {"year": year, "week": week}) from None
    try:
        if match := DAY_ISO.match(text):
            return week_of(datetime.date(int(match[1]), int(match[2]), int(match[3])))
        if match := DAY_VN.match(text):
            return week_of(datetime.date(int(match[3]), int(match[2]), int(match[1])))
    except ValueError:
        raise ValueError(_("'%(text)s' is not a date") % {"text": text}) from None
    raise ValueError(
        _("'%(text)s' is not a week; write the ISO week as 2026-W23 or a day of the week of onset as 2026-06-03")
        % {"text": text}
    )


class DiseaseCases(Target):
    fields = (
        Field("disease", gettext_lazy("disease"), aliases=("benh", "ten_benh", "ma_benh", "dich_benh", "disease_code")),
        Field("unit_code", gettext_lazy("unit code"),
              aliases=("ma_xa", "ma_don_vi", "ma_dvhc", "don_vi_hanh_chinh", "commune_code", "unit")),
        Field("week", gettext_lazy("week of onset"),
              aliases=("tuan", "tuan_khoi_phat", "tuan_khoi_benh", "ngay_khoi_phat", "onset_week", "week_of_onset")),
        Field("cases", gettext_lazy("cases"), kind="integer", aliases=("so_ca", "so_ca_mac", "ca_mac", "mac")),
        Field("deaths", gettext_lazy("deaths"), kind="integer", required=False,
              aliases=("so_ca_tu_vong", "tu_vong", "chet")),
    )  # fmt: skip

    def __init__(self, dataset: Any) -> None:
        super().__init__(dataset)
        self.units = UnitLookup()
        self.today = timezone.localdate()

    def check_columns(self, columns: list[str]) -> list[str]:
        found = personal_columns(columns)
        if not found:
            return []
        return [
            _("the file carries personal data in the columns %(columns)s. Disease reports hold aggregated counts "
              "only (disease, commune, week of onset, cases, deaths): remove these columns, sum the cases per "
              "commune and week, and send the file again. Nothing was stored.")
            % {"columns": ", ".join(f"'{column}'" for column in found)}
        ]  # fmt: skip

    def check_row(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        disease = diseases.find(str(values["disease"]))
        if disease is None:
            known = ", ".join(f"{item.code} ({item.name})" for item in diseases.DISEASES)
            problems.append(("disease", _("unknown disease '%(name)s'; use one of: %(known)s.")
                             % {"name": values["disease"], "known": known}))  # fmt: skip
        unit = self.units.find(values["unit_code"])
        if unit is None:
            problems.append(("unit_code", _("unknown unit code '%(unit)s'; use the code of a commune, ward or special "
                                            "zone.") % {"unit": values["unit_code"]}))  # fmt: skip
        week = None
        try:
            week = parse_week(str(values["week"]))
        except ValueError as exc:
            problems.append(("week", str(exc) + "."))
        if week is not None and not EARLIEST <= week <= self.today:
            problems.append(("week", _("the week of %(week)s is in the future or before 2000; check the year.")
                             % {"week": week.isoformat()}))  # fmt: skip
        deaths = values["deaths"] or 0
        if values["cases"] is not None and deaths > values["cases"]:
            problems.append(("deaths", _("%(deaths)d deaths for %(cases)d cases; deaths are counted among the cases.")
                             % {"deaths": deaths, "cases": values["cases"]}))  # fmt: skip
        cleaned = {"disease": disease, "unit": unit, "week": week, "cases": values["cases"], "deaths": deaths}
        return cleaned, problems

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values["disease"].code, values["unit"].pk, values["week"])

    def describe_key(self, values: dict[str, Any]) -> str:
        week = values["week"].isocalendar()
        return f"{values['disease'].name}, {values['unit'].code}, {week.year}-W{week.week:02d}"

    def store(self, delivery: Delivery, rows: list[CleanRow]) -> Counts:
        stored = CaseCount.objects.filter(
            disease__in={row.key[0] for row in rows}, week_start__in={row.key[2] for row in rows}
        )
        existing = {(item.disease, item.unit_id, item.week_start): item for item in stored}
        return upsert(CaseCount, delivery, rows, existing, ["cases", "deaths"], lambda row: {
            "disease": row.values["disease"].code, "unit": row.values["unit"], "week_start": row.values["week"],
            "cases": row.values["cases"], "deaths": row.values["deaths"],
        })  # fmt: skip

    def after_store(self, delivery: Delivery, counts: Counts) -> None:
        from sectors.health import outbreaks

        # The channel is judged on the newest week a delivery touched (late corrections of old weeks change history).
        weeks = {item.week_start for item in counts.changed}
        if weeks:
            outbreaks.detect(max(weeks))
