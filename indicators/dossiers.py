"""Administrative procedure results (service 3) a dataset carries (datahub target "dossier_stats").

Columns: agency (code), unit_code (optional), period (month), received, on_time, late, in_progress. A provider
reports for itself; the Office of the Provincial People's Committee (which runs the province's public-service
portal) may report for every agency.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from datahub.models import Delivery
from datahub.targets import CleanRow, Counts, Field, Target
from indicators import periods
from indicators.models import DossierStat
from indicators.target import UnitLookup, upsert

COUNTS = ("received", "on_time", "late", "in_progress")
# The agency that runs the public-service portal reports the results of all agencies.
PORTAL_AGENCY = "vp-ubnd-tinh"


class DossierStats(Target):
    fields = (
        Field("agency", gettext_lazy("agency code"), aliases=("ma_co_quan", "co_quan", "agency_code")),
        Field("unit_code", gettext_lazy("unit code"), required=False, aliases=("ma_don_vi", "ma_xa", "ma_dvhc")),
        Field("period", gettext_lazy("month"), aliases=("ky", "thang", "ky_bao_cao")),
        Field("received", gettext_lazy("dossiers received"), kind="integer", aliases=("tiep_nhan", "so_ho_so")),
        Field("on_time", gettext_lazy("resolved on time"), kind="integer", aliases=("dung_han", "dung_hen")),
        Field("late", gettext_lazy("resolved late"), kind="integer", aliases=("tre_han", "qua_han")),
        Field("in_progress", gettext_lazy("in progress"), kind="integer", aliases=("dang_xu_ly", "dang_giai_quyet")),
    )

    def __init__(self, dataset: Any) -> None:
        super().__init__(dataset)
        self.agencies = {agency.code: agency for agency in Agency.objects.only("id", "code", "name")}
        self.units = UnitLookup()

    def check_row(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        agency = self.agencies.get(str(values["agency"]).strip())
        if agency is None:
            problems.append(("agency", _("unknown agency code '%(code)s'.") % {"code": values["agency"]}))
        elif agency.pk != self.dataset.provider_id and self.dataset.provider.code != PORTAL_AGENCY:
            problems.append(
                ("agency", _("%(agency)s reports its own results only.") % {"agency": self.dataset.provider})
            )
        unit = self.units.find(values["unit_code"])
        if values["unit_code"] and unit is None:
            problems.append(("unit_code", _("unknown unit code '%(unit)s'.") % {"unit": values["unit_code"]}))
        cleaned = {**values, "agency": agency, "unit": unit}
        try:
            cleaned["period"] = periods.parse(periods.MONTH, values["period"])
        except ValueError as exc:
            problems.append(("period", str(exc) + "."))
        if not problems and values["on_time"] + values["late"] + values["in_progress"] > values["received"]:
            message = _("on time + late + in progress (%(sum)d) exceed the dossiers received (%(received)d).")
            problems.append(("received", message
                             % {"sum": values["on_time"] + values["late"] + values["in_progress"],
                                "received": values["received"]}))  # fmt: skip
        return cleaned, problems

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (values["agency"].pk, values["unit"].pk if values["unit"] else None, values["period"])

    def describe_key(self, values: dict[str, Any]) -> str:
        unit = values["unit"].code if values["unit"] else "-"
        return f"{values['agency'].code}, {unit}, {values['period']:%m/%Y}"

    def store(self, delivery: Delivery, rows: list[CleanRow]) -> Counts:
        stats = DossierStat.objects.filter(period_start__in={row.values["period"] for row in rows})
        existing = {(stat.agency_id, stat.unit_id, stat.period_start): stat for stat in stats}
        return upsert(DossierStat, delivery, rows, existing, list(COUNTS), lambda row: {
            "agency": row.values["agency"], "unit": row.values["unit"], "period_start": row.values["period"],
            **{name: row.values[name] for name in COUNTS},
        })  # fmt: skip
