"""Plans, their revisions and zoning lots, the national land-use catalogue and the current land-use map."""

import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict


class LandUseGroup(models.TextChoices):
    """The three land groups of Luật Đất đai 2024 Art. 9."""

    AGRICULTURAL = "agricultural", _("Agricultural land")
    NON_AGRICULTURAL = "non_agricultural", _("Non-agricultural land")
    UNUSED = "unused", _("Unused land")


class LandUseCode(models.Model):
    """A land-use code of the national catalogue (fixtures/landuse_codes.json)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    group = models.CharField(_("group"), max_length=20, choices=LandUseGroup.choices)
    colour = models.CharField(_("legend colour"), max_length=7, help_text=_("#RRGGBB"))
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    disputed = models.BooleanField(
        _("name disputed"), default=False, help_text=_("Sources disagree on the name or code; see the dispute note.")
    )
    source_note = models.TextField(_("source note"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("land-use code")
        verbose_name_plural = _("land-use codes")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name_vi}"


class PlanQuerySet(models.QuerySet["Plan"]):
    def in_force(self, on_date: datetime.date) -> "PlanQuerySet":
        """Plans that were approved and within their effective dates on the day."""
        return self.filter(Plan.in_force_q(on_date))

    def covering(self, point: GEOSGeometry) -> "PlanQuerySet":
        """Plans whose boundary covers the point."""
        return self.filter(boundary__covers=point)


class Plan(models.Model):
    """An urban or land-use plan approved by a decision; its content lives in revisions."""

    class Type(models.TextChoices):
        GENERAL = "general", _("General plan")
        ZONING_2000 = "zoning_2000", _("Zoning plan 1/2000")
        ZONING_5000 = "zoning_5000", _("Zoning plan 1/5000")
        DETAILED_500 = "detailed_500", _("Detailed plan 1/500")
        LAND_USE = "land_use", _("Land-use plan")
        CONSTRUCTION = "construction", _("Construction plan")
        SECTORAL = "sectoral", _("Sectoral plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("In consultation")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")
        CANCELLED = "cancelled", _("Cancelled")

    # Superseded and cancelled plans were in force between their dates, so a past date still finds them.
    WAS_APPROVED = (Status.APPROVED, Status.SUPERSEDED, Status.CANCELLED)
    # Plans whose lots are parcels (not the coarse zones of a general plan, which overlap them).
    DETAILED_TYPES = (Type.ZONING_2000, Type.ZONING_5000, Type.DETAILED_500)

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    plan_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    units = models.ManyToManyField(
        "gis_core.AdminUnit", blank=True, related_name="plans", verbose_name=_("administrative units")
    )
    decision_number = models.CharField(_("approval decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("approval decision date"), null=True, blank=True)
    approving_authority = models.CharField(_("approving authority"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(
        _("effective to"), null=True, blank=True, help_text=_("Last day the plan applied; empty while in force.")
    )
    boundary = models.MultiPolygonField(_("boundary"), srid=4326, null=True, blank=True)
    source_note = models.TextField(
        _("source note"), blank=True, help_text=_("Where the data comes from; synthetic demo plans say so.")
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["plan_type", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="plan_dates_in_order",
                violation_error_message=_("A plan cannot stop applying before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def in_force_q(on_date: datetime.date, prefix: str = "") -> Q:
        """Condition on a plan (reached through prefix) being in force on the day."""
        return Q(**{f"{prefix}status__in": Plan.WAS_APPROVED, f"{prefix}effective_from__lte": on_date}) & (
            Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": on_date})
        )

    def current_revision(self) -> "PlanRevision | None":
        """The revision with the latest start date, approved or not."""
        return self.revisions.order_by("-number").first()

    def add_revision(self, *, effective_from: datetime.date | None, **fields: object) -> "PlanRevision":
        """Record an adjustment (điều chỉnh) as a new revision; the previous one ends the day before."""
        previous = self.current_revision()
        if previous is not None and effective_from is not None:
            if previous.effective_from is not None and effective_from <= previous.effective_from:
                raise Conflict(
                    gettext("An adjustment must start after revision %(number)s, which starts on %(date)s.")
                    % {"number": previous.number, "date": previous.effective_from.isoformat()}
                )
            previous.effective_to = effective_from - datetime.timedelta(days=1)
            previous.save(update_fields=["effective_to"])
        number = previous.number + 1 if previous else 1
        return PlanRevision.objects.create(plan=self, number=number, effective_from=effective_from, **fields)

    def extend_boundary(self, area: GEOSGeometry) -> None:
        """Add an area (a revision's lots) to the boundary, which covers every revision's lots."""
        union = area if self.boundary is None else self.boundary.union(area)
        parts = [union] if isinstance(union, Polygon) else [g for g in union if isinstance(g, Polygon)]  # type: ignore[attr-defined]
        self.boundary = MultiPolygon(*parts, srid=union.srid)
        self.save(update_fields=["boundary"])

    def refresh_boundary(self) -> None:
        """Set the boundary to the union of the lots of all its revisions (when the plan states none)."""
        union = ZoningLot.objects.filter(revision__plan=self).aggregate(u=models.Union("geom"))["u"]
        if union is not None and union.geom_type == "Polygon":
            union = MultiPolygon(union, srid=union.srid)
        self.boundary = union
        self.save(update_fields=["boundary"])


class PlanRevisionQuerySet(models.QuerySet["PlanRevision"]):
    def in_force(self, on_date: datetime.date) -> "PlanRevisionQuerySet":
        """Revisions that applied on the day, of plans in force that day."""
        return self.filter(PlanRevision.in_force_q(on_date))


class PlanRevision(models.Model):
    """One approved content of a plan: the original (1) or an adjustment; old ones stay readable."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("1 is the original plan."))
    title = models.CharField(_("title"), max_length=300, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    approving_authority = models.CharField(_("approving authority"), max_length=200, blank=True)
    effective_from = models.DateField(
        _("effective from"), null=True, blank=True, help_text=_("Empty while the adjustment is not approved.")
    )
    effective_to = models.DateField(
        _("effective to"), null=True, blank=True, help_text=_("Last day it applied; set when the next one starts.")
    )
    source_checksum = models.CharField(
        _("source checksum"), max_length=64, blank=True, help_text=_("SHA-256 of the imported file, if imported.")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PlanRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_number_unique"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="plan_revision_dates_in_order",
                violation_error_message=_("A revision cannot stop applying before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.number}"

    @staticmethod
    def in_force_q(on_date: datetime.date, prefix: str = "") -> Q:
        """Condition on a revision (reached through prefix) applying on the day."""
        own = Q(**{f"{prefix}effective_from__lte": on_date}) & (
            Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": on_date})
        )
        return own & Plan.in_force_q(on_date, prefix=f"{prefix}plan__")


class PlanDocument(models.Model):
    """A file attached to a plan: the approval decision, drawings, the explanatory report."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Approval decision")
        DRAWING = "drawing", _("Drawing")
        REGULATION = "regulation", _("Management regulation")
        REPORT = "report", _("Explanatory report")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="documents", verbose_name=_("plan"))
    revision = models.ForeignKey(
        PlanRevision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("revision"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to="planning/documents/%Y/", blank=True)
    url = models.URLField(_("external link"), blank=True, help_text=_("Where the file is published, if not here."))

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["plan", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="plan_document_has_file_or_url",
                violation_error_message=_("Attach a file or give the link where it is published."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def link(self) -> str:
        """The address where the document can be read."""
        return self.file.url if self.file else self.url


# The regulatory indicators an approved plan may state for a lot, stored as stated (never computed).
INDICATORS = (
    "building_coverage_pct",
    "floor_area_ratio",
    "floors_min",
    "floors_max",
    "height_max_m",
    "setback_m",
    "building_line",
    "red_line_ref",
    "area_m2",
    "population",
)


class ZoningLotQuerySet(models.QuerySet["ZoningLot"]):
    def in_force(self, on_date: datetime.date) -> "ZoningLotQuerySet":
        """Lots of the revisions that applied on the day."""
        return self.filter(PlanRevision.in_force_q(on_date, prefix="revision__"))

    def covering(self, point: GEOSGeometry) -> "ZoningLotQuerySet":
        """Lots whose polygon covers the point (a point on a shared edge belongs to both lots)."""
        return self.filter(geom__covers=point)


class ZoningLot(models.Model):
    """A lot of a plan revision with its land use and the indicators the plan sets, stored as stated."""

    # No index of their own: (revision, lot_code) serves the revision, and one plain index the land use (a code
    # is never searched by prefix). Each index slows a 100,000-lot import.
    revision = models.ForeignKey(
        PlanRevision, on_delete=models.CASCADE, related_name="lots", verbose_name=_("plan revision"), db_index=False
    )
    geom = models.MultiPolygonField(_("geometry"), srid=4326, spatial_index=True)
    lot_code = models.CharField(_("lot code"), max_length=60)
    land_use = models.ForeignKey(
        LandUseCode, on_delete=models.PROTECT, related_name="lots", verbose_name=_("land-use code"), db_index=False
    )
    function_name = models.CharField(_("function"), max_length=200, blank=True)
    # Indicators as the approved plan states them; never computed here. Empty where the plan sets none.
    building_coverage_pct = models.DecimalField(
        _("building coverage (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    floor_area_ratio = models.DecimalField(_("floor-area ratio"), max_digits=5, decimal_places=2, null=True, blank=True)
    floors_min = models.PositiveSmallIntegerField(_("minimum floors"), null=True, blank=True)
    floors_max = models.PositiveSmallIntegerField(_("maximum floors"), null=True, blank=True)
    height_max_m = models.DecimalField(_("maximum height (m)"), max_digits=6, decimal_places=2, null=True, blank=True)
    setback_m = models.DecimalField(_("setback (m)"), max_digits=6, decimal_places=2, null=True, blank=True)
    building_line = models.CharField(_("building line"), max_length=200, blank=True)
    red_line_ref = models.CharField(_("red-line reference"), max_length=200, blank=True)
    area_m2 = models.DecimalField(
        _("area as stated (m²)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The area the plan states for the lot, not measured from the polygon."),
    )
    population = models.PositiveIntegerField(_("planned population"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ZoningLotQuerySet.as_manager()

    class Meta:
        verbose_name = _("zoning lot")
        verbose_name_plural = _("zoning lots")
        ordering = ["revision", "lot_code"]
        indexes = [
            models.Index(fields=["revision", "lot_code"], name="planning_lot_revision_code"),
            models.Index(fields=["land_use"], name="planning_lot_land_use"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(building_coverage_pct__isnull=True)
                | Q(building_coverage_pct__gte=0, building_coverage_pct__lte=100),
                name="lot_coverage_is_a_percentage",
                violation_error_message=_("Building coverage is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(floor_area_ratio__isnull=True) | Q(floor_area_ratio__gte=0),
                name="lot_far_not_negative",
                violation_error_message=_("The floor-area ratio cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(floors_min__isnull=True) | Q(floors_max__isnull=True) | Q(floors_min__lte=F("floors_max")),
                name="lot_floors_in_order",
                violation_error_message=_("The minimum number of floors cannot exceed the maximum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lot_code} ({self.land_use_id})"


class RedLine(models.Model):
    """A red line (chỉ giới đường đỏ) of a plan revision: the edge of land reserved for a road."""

    revision = models.ForeignKey(
        PlanRevision, on_delete=models.CASCADE, related_name="red_lines", verbose_name=_("plan revision")
    )
    geom = models.MultiLineStringField(_("geometry"), srid=4326)
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("red line")
        verbose_name_plural = _("red lines")

    def __str__(self) -> str:
        return self.reference or f"{self.revision} #{self.pk}"


class LandUseSurvey(models.Model):
    """A land-use status map (bản đồ hiện trạng sử dụng đất) as of a date."""

    name = models.CharField(_("name"), max_length=300)
    reference_date = models.DateField(_("reference date"))
    units = models.ManyToManyField(
        "gis_core.AdminUnit", blank=True, related_name="land_use_surveys", verbose_name=_("administrative units")
    )
    source_note = models.TextField(_("source note"), blank=True)
    source_checksum = models.CharField(
        _("source checksum"), max_length=64, blank=True, help_text=_("SHA-256 of the imported file, if imported.")
    )

    class Meta:
        verbose_name = _("land-use status map")
        verbose_name_plural = _("land-use status maps")
        ordering = ["-reference_date", "name"]

    def __str__(self) -> str:
        return self.name


class CurrentLandUse(models.Model):
    """A polygon of the land-use status map with its current use."""

    survey = models.ForeignKey(
        LandUseSurvey, on_delete=models.CASCADE, related_name="areas", verbose_name=_("land-use status map")
    )
    geom = models.MultiPolygonField(_("geometry"), srid=4326)
    land_use = models.ForeignKey(
        LandUseCode, on_delete=models.PROTECT, related_name="current_areas", verbose_name=_("land-use code")
    )

    class Meta:
        verbose_name = _("current land use")
        verbose_name_plural = _("current land uses")

    def __str__(self) -> str:
        return f"{self.survey} — {self.land_use_id}"


class StagedPlanImport(models.Model):
    """A plan file a planner uploaded, checked by a dry run and waiting for confirmation; applied at most once.

    The file stays in a private folder (planning.staged_import.staging_dir) until it is applied or expires.
    """

    class Status(models.TextChoices):
        STAGED = "staged", _("Waiting for confirmation")
        APPLIED = "applied", _("Applied")

    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)
    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan"),
        help_text=_("Empty: the plan named in the mapping, created if new."),
    )
    mapping = models.JSONField(_("mapping"), encoder=DjangoJSONEncoder)
    skip_unknown_codes = models.BooleanField(_("skip unknown land-use codes"), default=False)
    report = models.JSONField(_("dry-run report"), encoder=DjangoJSONEncoder)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.STAGED)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_report = models.JSONField(_("import report"), encoder=DjangoJSONEncoder, null=True, blank=True)

    class Meta:
        verbose_name = _("staged plan import")
        verbose_name_plural = _("staged plan imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
