"""The indicator values a dataset carries (datahub target "indicator_values"): checks against the catalogue, storage.

Columns: indicator (code), period, unit_code (empty for a province-level indicator), value, uom (optional: when
given it must be the indicator's unit of measure). The provider must be the indicator's responsible agency.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from datahub.models import Delivery
from datahub.targets import CleanRow, Counts, Field, Target
from datahub.values import fold
from gis_core.models import KHANH_HOA_CODE, AdminUnit
from indicators import periods
from indicators.models import Indicator, IndicatorValue

PLACES = Decimal("0.0001")
LARGEST = Decimal("1e15")


class UnitLookup:
    """Units of the province by code, read once per validation."""

    def __init__(self) -> None:
        self.by_code = {unit.code: unit for unit in AdminUnit.objects.only("id", "code", "name")}

    def find(self, code: str | None) -> AdminUnit | None:
        return self.by_code.get(str(code).strip()) if code else None


class IndicatorValues(Target):
    fields = (
        Field("indicator", gettext_lazy("indicator code"),
              aliases=("ma_chi_tieu", "chi_tieu", "indicator_code", "code")),
        Field("period", gettext_lazy("period"), aliases=("ky", "ky_bao_cao", "thoi_ky", "ky_so_lieu")),
        Field("unit_code", gettext_lazy("unit code"), required=False,
              aliases=("ma_don_vi", "ma_xa", "ma_dvhc", "don_vi_hanh_chinh", "area", "unit")),
        Field("value", gettext_lazy("value"), kind="number", aliases=("gia_tri", "so_lieu")),
        Field("uom", gettext_lazy("unit of measure"), required=False,
              aliases=("don_vi_tinh", "dvt", "unit_of_measure")),
    )  # fmt: skip

    def __init__(self, dataset: Any) -> None:
        super().__init__(dataset)
        self.indicators = {
            item.code.lower(): item for item in Indicator.objects.filter(is_active=True).select_related("agency")
        }
        self.units = UnitLookup()

    def check_row(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        code = str(values["indicator"]).strip()
        indicator = self.indicators.get(code.lower())
        if indicator is None:
            return values, [("indicator", _("unknown indicator '%(code)s'; use a code of the indicator catalogue.")
                             % {"code": code})]  # fmt: skip
        problems: list[tuple[str, str]] = []
        if indicator.agency_id != self.dataset.provider_id:
            problems.append(("indicator", _("%(code)s is reported by %(agency)s, not by this dataset's provider.")
                             % {"code": indicator.code, "agency": indicator.agency}))  # fmt: skip
        cleaned: dict[str, Any] = {"indicator": indicator, "value": values["value"]}
        try:
            cleaned["period"] = periods.parse(indicator.period, values["period"])
        except ValueError as exc:
            problems.append(("period", str(exc) + "."))
        cleaned["unit"], unit_problem = self._unit(indicator, values["unit_code"])
        problems += unit_problem
        problems += self._value_problems(indicator, values["value"], values["uom"])
        if not problems:
            cleaned["value"] = values["value"].quantize(PLACES)
        return cleaned, problems

    def _unit(self, indicator: Indicator, code: str | None) -> tuple[AdminUnit | None, list[tuple[str, str]]]:
        if indicator.level == Indicator.Level.PROVINCE:
            if code and str(code).strip() != KHANH_HOA_CODE:
                return None, [("unit_code", _("%(code)s is reported for the whole province; leave the unit code empty.")
                               % {"code": indicator.code})]  # fmt: skip
            return None, []
        unit = self.units.find(code)
        if unit is None:
            message = (
                _("unknown unit code '%(unit)s'; use the code of a commune, ward or special zone.") % {"unit": code}
                if code
                else _("%(code)s is reported per unit; give the unit code.") % {"code": indicator.code}
            )
            return None, [("unit_code", message)]
        return unit, []

    def _value_problems(self, indicator: Indicator, value: Decimal, uom: str | None) -> list[tuple[str, str]]:
        problems = []
        if uom and fold(uom) != fold(indicator.unit):
            problems.append(("uom", _("unknown unit of measure '%(uom)s' for %(code)s, which is measured in %(unit)s.")
                             % {"uom": uom, "code": indicator.code, "unit": indicator.unit}))  # fmt: skip
        if abs(value) >= LARGEST:
            problems.append(("value", _("%(value)s is too large for an indicator value.") % {"value": value}))
        return problems

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        unit = values["unit"]
        return (values["indicator"].pk, values["period"], unit.pk if unit else None)

    def describe_key(self, values: dict[str, Any]) -> str:
        indicator, unit = values["indicator"], values["unit"]
        place = unit.code if unit else _("province")
        return f"{indicator.code}, {indicator.period_label(values['period'])}, {place}"

    def store(self, delivery: Delivery, rows: list[CleanRow]) -> Counts:
        existing = _existing(IndicatorValue.objects.filter(
            indicator_id__in={row.key[0] for row in rows}, period_start__in={row.key[1] for row in rows}
        ), lambda value: (value.indicator_id, value.period_start, value.unit_id))  # fmt: skip
        return upsert(IndicatorValue, delivery, rows, existing, ["value"], lambda row: {
            "indicator": row.values["indicator"], "period_start": row.values["period"], "unit": row.values["unit"],
            "value": row.values["value"],
        })  # fmt: skip

    def after_store(self, delivery: Delivery, counts: Counts) -> None:
        from indicators.checks import check_thresholds

        check_thresholds(counts.changed)


def _existing[M: models.Model](queryset: "models.QuerySet[M]", key: Any) -> dict[tuple[Any, ...], M]:
    return {key(item): item for item in queryset}


def upsert[M: models.Model](
    model: type[M],
    delivery: Delivery,
    rows: Iterable[CleanRow],
    existing: dict[tuple[Any, ...], M],
    compared: list[str],
    fields_of: Any,
) -> Counts:
    """Create new rows, update changed ones with the new lineage, leave equal ones (and their lineage) as they are."""
    counts = Counts()
    created, updated = [], []
    for row in rows:
        lineage = {"delivery": delivery, "source_row": row.source.number, "source_ref": row.source.ref[:120]}
        current = existing.get(row.key)
        values = fields_of(row)
        if current is None:
            created.append(model(**values, **lineage))
        elif any(getattr(current, name) != values[name] for name in compared):
            for name, value in {**{name: values[name] for name in compared}, **lineage}.items():
                setattr(current, name, value)
            current.updated_at = timezone.now()  # type: ignore[attr-defined]  # bulk_update skips auto_now
            updated.append(current)
        else:
            counts.unchanged += 1
    model._default_manager.bulk_create(created, batch_size=1000)
    model._default_manager.bulk_update(updated, [*compared, "delivery", "source_row", "source_ref", "updated_at"], 1000)
    counts.created, counts.updated, counts.changed = len(created), len(updated), [*created, *updated]
    return counts
