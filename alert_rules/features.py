"""The features a spatial or raster rule reads, in a registry: a catalogue layer, plan lots, the land-use map.

A rule names its inputs as specs, e.g. {"source": "layer", "layer": "flood-extent", "filter": {"level": ["high"]}}
or {"source": "plan_lots", "land_use": ["ODT", "ONT"]}. Each source kind turns its spec into one SQL subquery
selecting (fid, geom, population) with its bound values, which the rule composes into its own single query.
Identifiers are quoted by psycopg2.sql; every value a user typed is bound, never formatted into the SQL.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from psycopg2 import sql

from core.errors import InvalidInput
from core.registry import load_class
from layers.models import Layer
from planning.models import CurrentLandUse, LandUseCode, LandUseSurvey, Plan, ZoningLot

# Apps above add their own sources from their AppConfig.ready (sectors.education: "schools").
FEATURE_SOURCES: dict[str, str] = {
    "layer": "alert_rules.features.LayerFeatures",
    "plan_lots": "alert_rules.features.PlanLotFeatures",
    "current_land_use": "alert_rules.features.CurrentLandUseFeatures",
}
NUMERIC_TYPES = {"integer", "number"}


@dataclass(frozen=True)
class Features:
    """SQL selecting the features as (fid, geom, population), its bound values, and a label for people."""

    query: sql.Composable
    params: list[Any]
    label: str


class FeatureSource:
    """One kind of feature input; the spec is the rule's JSON for it, role says where it sits in the rule."""

    def __init__(self, spec: dict[str, Any], role: str) -> None:
        self.spec = spec
        self.role = role

    def validate(self) -> None:
        """Raise InvalidInput when the spec is incomplete, names something missing, or has a wrong value."""
        raise NotImplementedError

    def features(self, on_date: datetime.date) -> Features:
        """Return the subquery of the features as they stand on the day."""
        raise NotImplementedError

    def layer_slugs(self) -> set[str]:
        """Catalogue layers this input reads (a rule runs again when one of them is imported)."""
        return set()

    def fail(self, message: str) -> InvalidInput:
        """An InvalidInput naming the rule parameter at fault."""
        return InvalidInput(_("Rule parameter '%(role)s': %(message)s") % {"role": self.role, "message": message})


def feature_source(spec: Any, role: str) -> FeatureSource:
    """Return the registered source for a spec; raise InvalidInput naming the known kinds otherwise."""
    if not isinstance(spec, dict):
        raise InvalidInput(
            _('Rule parameter \'%(role)s\' must be an object such as {"source": "layer", "layer": "slug"}.')
            % {"role": role}
        )
    kind = spec.get("source")
    if kind not in FEATURE_SOURCES:
        raise InvalidInput(
            _("Rule parameter '%(role)s': unknown source %(kind)r; use one of: %(allowed)s.")
            % {"role": role, "kind": kind, "allowed": ", ".join(FEATURE_SOURCES)}
        )
    return load_class(FEATURE_SOURCES, kind, FeatureSource, "feature source")(spec, role)


def _text_list(value: Any) -> list[str] | None:
    """The value as a non-empty list of non-empty strings, or None when it is not one."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return [v.strip() for v in value]


def _as_text(value: Any) -> str:
    """How PostgreSQL prints the value as text (the filter compares column::text with it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class LayerFeatures(FeatureSource):
    """Features of a vector layer of the catalogue, optionally filtered on attribute values.

    Spec: layer (slug), filter ({column: value or [values]}, all must match), population (a numeric column).
    """

    def layer(self) -> Layer:
        slug = self.spec.get("layer")
        if not isinstance(slug, str) or not slug:
            raise self.fail(_('name the layer by its slug, e.g. "layer": "flood-extent".'))
        layer = Layer.objects.filter(slug=slug).first()
        if layer is None:
            raise self.fail(
                _("no layer has the slug %(slug)r; import it first (manage.py import_layer FILE --slug %(slug)s).")
                % {"slug": slug}
            )
        if layer.kind != Layer.Kind.VECTOR:
            raise self.fail(_("the layer %(slug)s is a raster layer; name a vector layer.") % {"slug": slug})
        return layer

    def validate(self) -> None:
        layer = self.layer()
        layer.ensure_summary()
        fields = {field["name"]: field["type"] for field in layer.fields}
        conditions = self.spec.get("filter", {})
        if not isinstance(conditions, dict):
            raise self.fail(_('write the filter as {"column": ["a", "b"]}, one entry per column.'))
        for column, wanted in conditions.items():
            if column not in fields:
                raise self.fail(self._unknown_column(layer, column, fields))
            values = wanted if isinstance(wanted, list) else [wanted]
            if not values or not all(isinstance(v, str | int | float | bool) for v in values):
                raise self.fail(
                    _("the filter on %(column)r needs a value or a list of values (text, numbers or true/false).")
                    % {"column": column}
                )
        population = self.spec.get("population")
        if population is not None:
            if population not in fields:
                raise self.fail(self._unknown_column(layer, population, fields))
            if fields[population] not in NUMERIC_TYPES:
                raise self.fail(_("the population column %(column)r is not numeric.") % {"column": population})

    def features(self, on_date: datetime.date) -> Features:
        layer = self.layer()
        schema_name, table = layer.relation()
        conditions: list[sql.Composable] = [sql.SQL("TRUE")]
        params: list[Any] = []
        for column, wanted in (self.spec.get("filter") or {}).items():
            values = wanted if isinstance(wanted, list) else [wanted]
            conditions.append(sql.SQL("{}::text = ANY(%s::text[])").format(sql.Identifier(column)))
            params.append([_as_text(value) for value in values])
        population_column = self.spec.get("population")
        population = (
            sql.SQL("{}::double precision").format(sql.Identifier(population_column))
            if population_column
            else sql.SQL("NULL::double precision")
        )
        query = sql.SQL(
            "SELECT {fid}::bigint AS fid, {geom} AS geom, {population} AS population FROM {table} WHERE {where}"
        )
        return Features(
            query.format(
                fid=sql.Identifier(layer.id_column),
                geom=sql.Identifier(layer.geometry_column),
                population=population,
                table=sql.Identifier(schema_name, table),
                where=sql.SQL(" AND ").join(conditions),
            ),
            params,
            layer.title,
        )

    def layer_slugs(self) -> set[str]:
        slug = self.spec.get("layer")
        return {slug} if isinstance(slug, str) and slug else set()

    def _unknown_column(self, layer: Layer, column: str, fields: dict[str, str]) -> str:
        return _("the layer %(slug)s has no column %(column)r; its columns are: %(columns)s.") % {
            "slug": layer.slug, "column": column, "columns": ", ".join(fields) or "-",
        }  # fmt: skip


class LandUseFeatures(FeatureSource):
    """Shared checks of the planning sources: land-use codes that exist in the national catalogue."""

    def land_use_codes(self) -> list[str]:
        codes = _text_list(self.spec.get("land_use"))
        if codes is None:
            raise self.fail(_('list the land-use codes, e.g. "land_use": ["ODT", "ONT"] (residential land).'))
        codes = [code.upper() for code in codes]
        known = set(LandUseCode.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown := [code for code in codes if code not in known]:
            raise self.fail(
                _("%(codes)s not in the land-use catalogue (/planning/landuse-codes).") % {"codes": ", ".join(unknown)}
            )
        return codes

    @staticmethod
    def subquery(queryset: Any, population: str | None, label: str) -> Features:
        """The features of the queryset's table whose ids it selects (the ORM states which rows apply)."""
        model = queryset.model
        ids, params = queryset.order_by().values("pk").query.sql_with_params()
        query = sql.SQL(
            "SELECT t.{pk}::bigint AS fid, t.{geom} AS geom, {population} AS population FROM {table} AS t "
            "WHERE t.{pk} IN ({ids})"
        ).format(
            pk=sql.Identifier(model._meta.pk.column),
            geom=sql.Identifier("geom"),
            population=sql.SQL("t.{}::double precision").format(sql.Identifier(population))
            if population
            else sql.SQL("NULL::double precision"),
            table=sql.Identifier(model._meta.db_table),
            ids=sql.SQL(ids),
        )
        return Features(query, list(params), label)


class PlanLotFeatures(LandUseFeatures):
    """Lots of the plan revisions in force on the day, of some land uses (ODT urban, ONT rural residential).

    Spec: land_use (codes), plan_types (default the detailed plans, whose lots do not overlap the general plan's
    zones), plans (plan codes, optional). Population is the lot's planned population where the plan states it.
    """

    def validate(self) -> None:
        self.land_use_codes()
        types = self.spec.get("plan_types", list(Plan.DETAILED_TYPES))
        if _text_list(types) is None or any(kind not in Plan.Type.values for kind in types):
            raise self.fail(
                _("'plan_types' lists plan types among: %(types)s.") % {"types": ", ".join(Plan.Type.values)}
            )
        plans = self.spec.get("plans")
        if plans is not None:
            codes = _text_list(plans)
            if codes is None:
                raise self.fail(_("'plans' lists plan codes."))
            known = set(Plan.objects.filter(code__in=codes).values_list("code", flat=True))
            if unknown := [code for code in codes if code not in known]:
                raise self.fail(_("no plan has the code %(codes)s.") % {"codes": ", ".join(unknown)})

    def features(self, on_date: datetime.date) -> Features:
        codes = self.land_use_codes()
        lots = ZoningLot.objects.in_force(on_date).filter(
            land_use__in=codes, revision__plan__plan_type__in=self.spec.get("plan_types", list(Plan.DETAILED_TYPES))
        )
        if plans := self.spec.get("plans"):
            lots = lots.filter(revision__plan__code__in=_text_list(plans) or [])
        label = _("plan lots %(codes)s") % {"codes": ", ".join(codes)}
        return self.subquery(lots, "population", label)


class CurrentLandUseFeatures(LandUseFeatures):
    """Areas of a land-use status map (the latest by default) with some land uses; no population.

    Spec: land_use (codes), survey (the map's name, optional).
    """

    def validate(self) -> None:
        self.land_use_codes()
        self.survey_id()

    def survey_id(self) -> int:
        surveys = LandUseSurvey.objects.order_by("-reference_date", "-pk")
        name = self.spec.get("survey")
        if name is not None:
            surveys = surveys.filter(name=name)
        survey = surveys.values_list("pk", flat=True).first()
        if survey is None:
            raise self.fail(
                _("no land-use status map named %(name)r.") % {"name": name}
                if name is not None
                else _("no land-use status map has been loaded yet.")
            )
        return survey

    def features(self, on_date: datetime.date) -> Features:
        codes = self.land_use_codes()
        areas = CurrentLandUse.objects.filter(survey_id=self.survey_id(), land_use__in=codes)
        label = _("current land use %(codes)s") % {"codes": ", ".join(codes)}
        return self.subquery(areas, None, label)


def as_string(features: Features) -> str:
    """The subquery as text with its values bound (for logs and tests)."""
    with connection.cursor() as cursor:
        return cursor.mogrify(features.query.as_string(cursor.cursor), features.params).decode()
