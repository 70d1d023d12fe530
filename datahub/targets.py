"""What a dataset's rows are: a registry of targets, each with its fields, its row checks and how it stores rows.

TARGETS maps a name (Dataset.target) to the dotted path of a Target subclass: the indicator values of service 1
(indicators.target), the dossier statistics of service 3 (indicators.dossiers). A target checks one row at a time
against the platform's catalogues (known indicator, unit, period, unit of measure), names the key that makes two
rows duplicates, and stores clean rows with their lineage (delivery and source row), changing nothing for rows
whose values are already stored.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import InvalidInput
from core.registry import load_class

if TYPE_CHECKING:
    from datahub.models import Dataset, Delivery
    from datahub.readers import SourceRow

TARGETS: dict[str, str] = {
    "indicator_values": "indicators.target.IndicatorValues",
    "dossier_stats": "indicators.dossiers.DossierStats",
    "disease_cases": "sectors.health.cases.DiseaseCases",
    "fire_water_sources": "sectors.fire.targets.WaterSources",
    "fire_premises": "sectors.fire.targets.PremisesRegister",
    "fire_incidents": "sectors.fire.targets.Incidents",
    "listening_mentions": "sectors.listening.vendor.VendorMentions",
    "traffic_incidents": "sectors.traffic.targets.TrafficIncidents",
}


@dataclass(frozen=True)
class Field:
    """A field of the target: the column mapped to it is converted to its kind (text, number, integer)."""

    name: str
    label: str | Promise
    kind: str = "text"
    required: bool = True
    aliases: tuple[str, ...] = ()  # column headings that map to it by themselves (folded: no accents, lower case)
    # Which values make sense: settles a number two conventions read differently (109.115 is a longitude, not 109115).
    plausible: Callable[[Decimal], bool] | None = None


def longitude_field() -> Field:
    """Return the longitude field of a register of points, in WGS 84 decimal degrees."""
    return Field("lon", gettext_lazy("longitude"), kind="number", aliases=("kinh_do", "x", "longitude", "lng"),
                 plausible=lambda number: -180 <= number <= 180)  # fmt: skip


def latitude_field() -> Field:
    """Return the latitude field of a register of points, in WGS 84 decimal degrees."""
    return Field("lat", gettext_lazy("latitude"), kind="number", aliases=("vi_do", "y", "latitude"),
                 plausible=lambda number: -90 <= number <= 90)  # fmt: skip


@dataclass
class CleanRow:
    source: "SourceRow"
    values: dict[str, Any]
    key: tuple[Any, ...]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed: list[Any] = field(default_factory=list)  # the stored objects created or updated


class Target:
    """One kind of content."""

    fields: tuple[Field, ...] = ()

    def __init__(self, dataset: "Dataset") -> None:
        self.dataset = dataset

    def check_columns(self, columns: list[str]) -> list[str]:
        """Return why the table's columns alone refuse it (e.g. personal data a target must never receive)."""
        return []

    def check_row(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Check a row's converted values against the catalogues; return them cleaned and (field, message) problems."""
        raise NotImplementedError

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        """What makes two rows the same row (a duplicate)."""
        raise NotImplementedError

    def describe_key(self, values: dict[str, Any]) -> str:
        """The key in words, for the duplicate message."""
        raise NotImplementedError

    def store(self, delivery: "Delivery", rows: list[CleanRow]) -> Counts:
        """Create or update the rows' values with their lineage; leave equal values (and their lineage) alone."""
        raise NotImplementedError

    def after_store(self, delivery: "Delivery", counts: Counts) -> None:
        """Act on what changed (e.g. threshold alerts), in the same transaction as the store."""
        return None


def target_for(dataset: "Dataset") -> Target:
    """Return the target of the dataset's rows."""
    if dataset.target not in TARGETS:
        raise InvalidInput(
            _("Unknown dataset content '%(target)s'; use one of: %(allowed)s.")
            % {"target": dataset.target, "allowed": ", ".join(TARGETS)}
        )
    return load_class(TARGETS, dataset.target, Target, "dataset content")(dataset)
