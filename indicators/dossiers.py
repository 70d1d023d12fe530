"""Administrative procedure results (service 3) a dataset carries (datahub target "dossier_stats").

Columns: agency (code or name), unit_code (optional), procedure (optional), period (month), received, on_time, late,
in_progress, overdue (optional). The public-service portal's report ("Tình hình giải quyết hồ sơ") is read with its
own Vietnamese headings: Đơn vị, Thủ tục, Kỳ báo cáo, Tổng số hồ sơ tiếp nhận, Đã giải quyết trước hạn / đúng hạn /
quá hạn, Đang giải quyết trong hạn / quá hạn (before-time and on-time add up to on time; in progress is within
plus past the deadline). A provider reports for itself; the Office of the Provincial People's Committee (which runs
the portal) may report for every agency. After each delivery the late-processing rule runs (dossier_rule.py).
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from datahub.models import Delivery
from datahub.targets import CleanRow, Counts, Field, Target
from datahub.values import fold
from indicators import periods
from indicators.models import DossierStat
from indicators.target import UnitLookup, upsert

COUNTS = ("received", "on_time", "late", "in_progress", "overdue")
# The agency that runs the public-service portal reports the results of all agencies.
PORTAL_AGENCY = "vp-ubnd-tinh"


class DossierStats(Target):
    fields = (
        Field("agency", gettext_lazy("agency code"),
              aliases=("ma_co_quan", "co_quan", "agency_code", "don_vi", "ten_don_vi", "co_quan_don_vi")),
        Field("unit_code", gettext_lazy("unit code"), required=False, aliases=("ma_don_vi", "ma_xa", "ma_dvhc")),
        Field("procedure", gettext_lazy("procedure"), required=False,
              aliases=("thu_tuc", "ten_thu_tuc", "thu_tuc_hanh_chinh", "ma_thu_tuc")),
        Field("period", gettext_lazy("month"), aliases=("ky", "thang", "ky_bao_cao")),
        Field("received", gettext_lazy("dossiers received"), kind="integer",
              aliases=("tiep_nhan", "so_ho_so", "tong_so_ho_so_tiep_nhan", "tong_tiep_nhan")),
        Field("early", gettext_lazy("resolved before the deadline"), kind="integer", required=False,
              aliases=("da_giai_quyet_truoc_han", "truoc_han")),
        Field("on_time", gettext_lazy("resolved on time"), kind="integer",
              aliases=("dung_han", "dung_hen", "da_giai_quyet_dung_han")),
        Field("late", gettext_lazy("resolved late"), kind="integer",
              aliases=("tre_han", "qua_han", "da_giai_quyet_qua_han")),
        Field("in_progress", gettext_lazy("in progress"), kind="integer",
              aliases=("dang_xu_ly", "dang_giai_quyet", "dang_giai_quyet_trong_han")),
        Field("overdue", gettext_lazy("in progress past their deadline"), kind="integer", required=False,
              aliases=("dang_giai_quyet_qua_han", "dang_xu_ly_qua_han")),
    )  # fmt: skip

    def __init__(self, dataset: Any) -> None:
        super().__init__(dataset)
        agencies = list(Agency.objects.only("id", "code", "name"))
        self.agencies = {agency.code: agency for agency in agencies}
        self.by_name = {fold(agency.name): agency for agency in agencies}
        self.units = UnitLookup()

    def check_row(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        text = str(values["agency"]).strip()
        agency = self.agencies.get(text) or self.by_name.get(fold(text))
        if agency is None:
            problems.append(("agency", _("unknown agency code '%(code)s'.") % {"code": values["agency"]}))
        elif agency.pk != self.dataset.provider_id and self.dataset.provider.code != PORTAL_AGENCY:
            problems.append(
                ("agency", _("%(agency)s reports its own results only.") % {"agency": self.dataset.provider})
            )
        unit = self.units.find(values["unit_code"])
        if values["unit_code"] and unit is None:
            problems.append(("unit_code", _("unknown unit code '%(unit)s'.") % {"unit": values["unit_code"]}))
        # Before-time counts as on time; when past-deadline dossiers have their column, in_progress holds those
        # still within their deadline (the portal's split) and the stored in_progress is both.
        on_time = values["on_time"] + (values.get("early") or 0)
        overdue = values.get("overdue") or 0
        in_progress = values["in_progress"] + overdue if values.get("overdue") is not None else values["in_progress"]
        cleaned = {**values, "agency": agency, "unit": unit, "procedure": values.get("procedure") or "",
                   "on_time": on_time, "in_progress": in_progress, "overdue": overdue}  # fmt: skip
        try:
            cleaned["period"] = periods.parse(periods.MONTH, values["period"])
        except ValueError as exc:
            problems.append(("period", str(exc) + "."))
        if not problems and on_time + values["late"] + in_progress > values["received"]:
            message = _("on time + late + in progress (%(sum)d) exceed the dossiers received (%(received)d).")
            problems.append(("received", message
                             % {"sum": on_time + values["late"] + in_progress,
                                "received": values["received"]}))  # fmt: skip
        return cleaned, problems

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values["agency"].pk, values["unit"].pk if values["unit"] else None, values["procedure"],
                values["period"])  # fmt: skip

    def describe_key(self, values: dict[str, Any]) -> str:
        unit = values["unit"].code if values["unit"] else "-"
        procedure = f", {values['procedure']}" if values["procedure"] else ""
        return f"{values['agency'].code}, {unit}{procedure}, {values['period']:%m/%Y}"

    def store(self, delivery: Delivery, rows: list[CleanRow]) -> Counts:
        stats = DossierStat.objects.filter(period_start__in={row.values["period"] for row in rows})
        existing = {(stat.agency_id, stat.unit_id, stat.procedure, stat.period_start): stat for stat in stats}
        return upsert(DossierStat, delivery, rows, existing, list(COUNTS), lambda row: {
            "agency": row.values["agency"], "unit": row.values["unit"], "procedure": row.values["procedure"],
            "period_start": row.values["period"], **{name: row.values[name] for name in COUNTS},
        })  # fmt: skip

    def after_store(self, delivery: Delivery, counts: Counts) -> None:
        from indicators.dossier_rule import check_months

        check_months({(stat.agency_id, stat.period_start) for stat in counts.changed})
