"""The layer catalogue: every published dataset, where its features live, who may see it and how it is drawn.

A vector layer's features are rows of one PostGIS relation (Layer.relation(): schema and table or view) with a
geometry column in EPSG:4326 (Layer.geometry_column), a unique id column (Layer.id_column) and attribute
columns (Layer.fields: [{"name", "type"}], computed from the table). Layer.source_kind names the registered
LayerSource (layers.sources.SOURCES) that owns the relation. Layer.data_version grows with every import or
edit of the data (a statement trigger on the table bumps it), so caches keyed by it never serve stale data.

A raster layer (kind "raster", source_kind "cog") is one Cloud-Optimized GeoTIFF under settings.LAYER_DATA_DIR:
Layer.raster_path (relative to it) names the current file, Layer.raster describes it (CRS, size, bands with
their statistics) and Layer.extent is its footprint in EPSG:4326. layers.rasters opens it; each import writes a
new file and swaps the path and bumps data_version in one transaction (layers.raster_import).
"""

from collections.abc import Collection
from pathlib import Path
from typing import Any

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from agencies.models import Agency
from layers import access as rules
from layers import rasters, schema, styles
from layers.sources import SOURCES, LayerSource, get_source

MAX_ZOOM = 24
# A new upload's popups show its first attributes; more would make every tile heavier (editable per layer).
DEFAULT_TILE_ATTRIBUTES = 12
# "upload" is the upload page's address; "catalogue" is the OGC API Records collection beside the layers.
SLUG_PATTERN = r"^(?!(?:upload|catalogue)$)[a-z][a-z0-9_-]{0,49}$"
slug_validator = RegexValidator(
    SLUG_PATTERN,
    _(
        "Use 1 to 50 lower-case letters, digits, hyphens or underscores, starting with a letter; "
        "'upload' and 'catalogue' are reserved."
    ),
)


class LayerQuerySet(models.QuerySet["Layer"]):
    def visible_to(self, user: rules.Viewer) -> "LayerQuerySet":
        """Layers the user may see (the same rule as Layer.is_visible_to)."""
        if not rules.signed_in(user):
            return self.filter(access=Layer.Access.PUBLIC)
        if user.is_superuser:  # type: ignore[union-attr]
            return self
        agency_id = getattr(user, "agency_id", None)
        rule = Q(access__in=[Layer.Access.PUBLIC, Layer.Access.INTERNAL]) | Q(allowed_roles__contains=[user.role])  # type: ignore[union-attr]
        if agency_id is not None:
            rule |= Q(allowed_agencies=agency_id) | Q(owner_id=agency_id)
        return self.filter(rule).distinct()

    def register(self, definition: dict[str, Any]) -> tuple["Layer", bool]:
        """Create a platform layer if missing (edits to an existing one are kept) and make its table servable."""
        with transaction.atomic():
            layer, created = self.get_or_create(slug=definition["slug"], defaults=definition)
            layer.source_type.prepare(layer)
            layer.ensure_summary()
        return layer, created

    def touch(self, schema_name: str, table: str) -> int:
        """Bump the data_version of the layers served from schema.table (for writes no trigger sees, e.g. views)."""
        return self.filter(schema_name=schema_name, table_name=table).update(
            data_version=F("data_version") + 1, last_updated=timezone.now()
        )


class Layer(models.Model):
    """A published dataset of the catalogue."""

    SRID = 4326  # every layer's geometry is stored and served from EPSG:4326

    class Kind(models.TextChoices):
        VECTOR = "vector", _("Vector")
        RASTER = "raster", _("Raster")

    class Access(models.TextChoices):
        PUBLIC = rules.PUBLIC, _("Public")
        INTERNAL = rules.INTERNAL, _("Internal (any signed-in user)")
        RESTRICTED = rules.RESTRICTED, _("Restricted (named roles or agencies)")

    class Frequency(models.TextChoices):  # ISO 19115 maintenance frequencies
        CONTINUAL = "continual", _("Continual")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        ANNUALLY = "annually", _("Annually")
        AS_NEEDED = "as_needed", _("As needed")
        IRREGULAR = "irregular", _("Irregular")
        NOT_PLANNED = "not_planned", _("Not planned")

    # Metadata
    slug = models.CharField(_("slug"), max_length=50, unique=True, validators=[slug_validator])
    title = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    keywords = ArrayField(models.CharField(max_length=60), verbose_name=_("keywords"), default=list, blank=True)
    owner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="layers", verbose_name=_("owner agency")
    )
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Where the data comes from."))
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    update_frequency = models.CharField(
        _("update frequency"), max_length=20, choices=Frequency.choices, default=Frequency.AS_NEEDED
    )
    last_updated = models.DateTimeField(_("last updated"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.VECTOR)

    # Where the features live
    source_kind = models.CharField(
        _("source kind"), max_length=20, choices=[(name, name) for name in SOURCES], default="upload",
        help_text=_(
            "table: a table or view the platform owns; upload: a table created by import_layer; "
            "cog: a raster layer's Cloud-Optimized GeoTIFF."
        ),
    )  # fmt: skip
    schema_name = models.CharField(_("schema"), max_length=63, default="public")
    table_name = models.CharField(_("table or view"), max_length=63, blank=True)
    geometry_column = models.CharField(_("geometry column"), max_length=63, default="geom")
    id_column = models.CharField(_("id column"), max_length=63, default="id")

    # Raster layers: the current Cloud-Optimized GeoTIFF (relative to LAYER_DATA_DIR) and what its import found
    raster_path = models.CharField(_("raster file"), max_length=300, blank=True, editable=False)
    raster = models.JSONField(
        _("raster description"), default=dict, blank=True, editable=False,
        help_text=_("CRS, size, bands and their statistics, written by each import (layers.rasters)."),
    )  # fmt: skip

    # Computed from the relation by refresh_summary()
    geometry_type = models.CharField(_("geometry type"), max_length=30, blank=True, editable=False)
    fields = models.JSONField(_("fields"), default=list, blank=True, editable=False)
    extent = ArrayField(models.FloatField(), size=4, null=True, blank=True, editable=False, verbose_name=_("extent"))
    feature_count = models.PositiveIntegerField(_("features"), null=True, blank=True, editable=False)
    summary_version = models.PositiveIntegerField(default=0, editable=False)
    data_version = models.PositiveIntegerField(_("data version"), default=1, editable=False)

    # Who may see it
    access = models.CharField(_("access"), max_length=12, choices=Access.choices, default=Access.INTERNAL)
    allowed_roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices), verbose_name=_("allowed roles"), default=list, blank=True
    )
    allowed_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="allowed_layers", verbose_name=_("allowed agencies")
    )

    # How it is drawn and published
    style = models.JSONField(_("default style"), default=dict, blank=True, help_text=_("See layers.styles."))
    published_ogc = models.BooleanField(_("published to OGC APIs"), default=False)
    published_tiles = models.BooleanField(_("published as tiles"), default=False)
    tile_minzoom = models.PositiveSmallIntegerField(
        _("tiles from zoom"), default=0, validators=[MaxValueValidator(MAX_ZOOM)]
    )
    tile_maxzoom = models.PositiveSmallIntegerField(
        _("tiles to zoom"), default=16, validators=[MaxValueValidator(MAX_ZOOM)]
    )
    tile_attributes = models.JSONField(
        _("tile attributes"), default=dict, blank=True,
        help_text=_('Attributes put into tiles and the zoom each starts at, e.g. {"name": 0, "area_km2": 12}.'),
    )  # fmt: skip
    tile_simplify_px = models.FloatField(
        _("simplification (pixels)"), default=0,
        help_text=_("Tolerance, in pixels of a 256-pixel tile, to simplify geometries with below the next zoom."),
    )  # fmt: skip
    tile_simplify_below_zoom = models.PositiveSmallIntegerField(
        _("simplify below zoom"), default=12, validators=[MaxValueValidator(MAX_ZOOM + 1)]
    )
    tile_feature_limit = models.PositiveIntegerField(
        _("feature limit per tile"), null=True, blank=True,
        help_text=_("Empty: every feature that intersects a tile is in it. TileJSON reports a limit."),
    )  # fmt: skip

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LayerQuerySet.as_manager()

    class Meta:
        verbose_name = _("layer")
        verbose_name_plural = _("layers")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(condition=Q(tile_minzoom__lte=F("tile_maxzoom")), name="layer_zoom_range"),
            models.CheckConstraint(condition=Q(tile_simplify_px__gte=0), name="layer_simplify_not_negative"),
            models.UniqueConstraint(
                fields=["schema_name", "table_name"], condition=Q(source_kind="upload"), name="layer_upload_table"
            ),
            # A raster layer's data is always a file (source "cog"); a vector layer's never is.
            models.CheckConstraint(
                condition=Q(kind="raster", source_kind="cog") | (Q(kind="vector") & ~Q(source_kind="cog")),
                name="layer_raster_is_a_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.slug})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.source_kind in SOURCES:
            self.source_type.assign_relation(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Delete the layer and, for an uploaded one, its table, together."""
        with transaction.atomic():
            if self.source_kind in SOURCES:
                self.source_type.discard(self)
            return super().delete(*args, **kwargs)

    # --- Storage -------------------------------------------------------------------------------------

    @property
    def srid(self) -> int:
        return self.SRID

    @property
    def source_type(self) -> LayerSource:
        """The registered source kind holding the features."""
        return get_source(self.source_kind)

    def relation(self) -> tuple[str, str]:
        """Return (schema, table or view) holding the features."""
        return self.source_type.relation(self)

    def field_names(self) -> list[str]:
        return [field["name"] for field in self.fields]

    @property
    def is_raster(self) -> bool:
        return self.kind == self.Kind.RASTER

    def raster_file(self) -> Path:
        """Return the absolute path of the raster layer's current Cloud-Optimized GeoTIFF (NotFound before import)."""
        return rasters.layer_file(self)

    def refresh_summary(self) -> None:
        """Recompute fields, geometry type, extent and feature count from the relation, in PostGIS, and save."""
        if self.is_raster:
            return  # a raster's summary (extent, bands) is written by its import
        schema_name, table = self.relation()
        if schema.relation_kind(schema_name, table) is None:
            self.fields, self.extent, self.feature_count, self.geometry_type = [], None, 0, ""
        else:
            columns = schema.columns(schema_name, table)
            self.fields = [{"name": c.name, "type": c.field_type} for c in columns if c.name != self.geometry_column]
            summary = schema.summarise(schema_name, table, self.geometry_column)
            self.extent, self.feature_count, self.geometry_type = summary.extent, summary.count, summary.geometry_type
        Layer.objects.filter(pk=self.pk).update(
            fields=self.fields, extent=self.extent, feature_count=self.feature_count,
            geometry_type=self.geometry_type, summary_version=F("data_version"),
        )  # fmt: skip
        self.refresh_from_db(fields=["summary_version", "data_version"])

    def ensure_summary(self) -> None:
        """Refresh the computed summary if the data changed since it was computed (e.g. through the trigger)."""
        if self.kind == self.Kind.VECTOR and self.summary_version != self.data_version:
            self.refresh_summary()

    def use_default_tile_attributes(self) -> None:
        """Put the first attributes into tiles from the first tile zoom, unless tile attributes are already chosen."""
        if self.tile_attributes:
            return
        names = [name for name in self.field_names() if name != self.id_column][:DEFAULT_TILE_ATTRIBUTES]
        self.tile_attributes = {name: self.tile_minzoom for name in names}
        Layer.objects.filter(pk=self.pk).update(tile_attributes=self.tile_attributes)

    def bump_data_version(self) -> None:
        """Record that the data changed: caches keyed by the old version become unreachable."""
        Layer.objects.filter(pk=self.pk).update(data_version=F("data_version") + 1, last_updated=timezone.now())
        self.refresh_from_db(fields=["data_version", "last_updated"])

    # --- Access --------------------------------------------------------------------------------------

    def agency_ids(self) -> set[int]:
        """The agency owning the layer (accounts.permissions binds agency officers to it)."""
        return {self.owner_id} if self.owner_id is not None else set()

    def allowed_agency_ids(self) -> list[int]:
        return [agency.pk for agency in self.allowed_agencies.all()]

    def is_visible_to(self, user: rules.Viewer) -> bool:
        """Whether the user may see the layer (catalogue, tiles and OGC apply the same rule)."""
        return rules.may_view(self.access, self.allowed_roles, self.allowed_agency_ids(), self.owner_id, user)

    def check_visible_to(self, user: rules.Viewer) -> None:
        """Raise NotAuthenticated or Forbidden unless the user may see the layer."""
        rules.check_view(self.access, self.allowed_roles, self.allowed_agency_ids(), self.owner_id, user)

    # --- Presentation --------------------------------------------------------------------------------

    def title_in(self, language: str | None = None) -> str:
        """The title in the language (the current one by default), falling back to Vietnamese."""
        language = language or translation.get_language() or "vi"
        return self.title_en if language.startswith("en") and self.title_en else self.title

    def description_in(self, language: str | None = None) -> str:
        language = language or translation.get_language() or "vi"
        return self.description_en if language.startswith("en") and self.description_en else self.description

    def legend(self) -> list[styles.LegendEntry]:
        return styles.legend(self.style)

    def drawing_style(self) -> styles.Style:
        """The style as map clients draw it (catalogue-based kinds such as land-use codes expanded)."""
        return styles.drawing_style(self.style)

    def attributes_at(self, zoom: int) -> list[str]:
        """The attributes tiles carry at a zoom."""
        return [name for name, minzoom in self.tile_attributes.items() if minzoom <= zoom]

    # --- Validation ----------------------------------------------------------------------------------

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        vector = self.source_kind in SOURCES and self.kind == self.Kind.VECTOR
        if vector and (problems := self.source_type.problems(self)):
            errors["table_name"] = problems
        if (self.kind == self.Kind.RASTER) != (self.source_kind == rasters.SOURCE_KIND):
            errors["source_kind"] = [
                str(_("Raster layers are stored as files (source kind %(cog)s); vector layers never are."))
                % {"cog": rasters.SOURCE_KIND}
            ]
        names = self.field_names()
        if problems := styles.style_problems(self.style, names, raster=self.is_raster) or self._ramp_problems():
            errors["style"] = problems
        if self.is_raster and self.source_kind == rasters.SOURCE_KIND and (problems := self.source_type.problems(self)):
            errors["source_kind"] = problems
        if problems := tile_attribute_problems(self.tile_attributes, names):
            errors["tile_attributes"] = problems
        if self.tile_minzoom > self.tile_maxzoom:
            errors["tile_maxzoom"] = [str(_("The last zoom must not be below the first."))]
        if errors:
            raise ValidationError(errors)

    def _ramp_problems(self) -> list[str]:
        """Return what keeps a raster layer's ramp from drawing it (no ramp, or a band the file lacks)."""
        if not self.is_raster:
            return []
        if not self.style:
            return [str(_('A raster layer needs a colour ramp: {"kind": "ramp", "stops": [...]} (see layers.styles).'))]
        count = self.raster.get("count")
        band = self.style.get("band", 1)
        if count and isinstance(band, int) and band > count:
            message = _("The file has %(count)d band(s); there is no band %(band)d.")
            return [str(message) % {"count": count, "band": band}]
        return []

    def sync_with_source(self) -> None:
        """Prepare the relation (data_version trigger) and refresh the computed summary."""
        if self.kind == self.Kind.VECTOR:
            self.source_type.prepare(self)
            self.refresh_summary()


def tile_attribute_problems(value: Any, field_names: Collection[str]) -> list[str]:
    """Return what is wrong with a {attribute: first zoom} mapping."""
    if not isinstance(value, dict):
        return [str(_('Write the tile attributes as {"name": first zoom, ...}.'))]
    problems = []
    for name, zoom in value.items():
        if field_names and name not in field_names:
            problems.append(
                str(_("%(name)r is not a field of the layer; its fields are: %(fields)s."))
                % {"name": name, "fields": ", ".join(field_names)}
            )
        if not isinstance(zoom, int) or isinstance(zoom, bool) or not 0 <= zoom <= MAX_ZOOM:
            problems.append(str(_("The zoom of %(name)r must be a whole number from 0 to 24.")) % {"name": name})
    return problems
