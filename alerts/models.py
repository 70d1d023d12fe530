"""Alerts and their append-only event log, the handling procedures' clock fields, rules, the outbox and day swaps.

An alert follows one of the two procedures of Decision 2421/QĐ-UBND (Article 8 / Appendix II: deadline
procedure; Article 9 / Appendix III: immediate procedure). The transitions live in alerts.transitions
(exposed as methods of Alert); every one of them writes an AlertEvent, from which the whole history can be rebuilt.
Nothing is ever deleted: a false alert is rejected, not removed.
"""

from typing import TYPE_CHECKING, Any

from django.contrib.gis.db import models
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AGENCY_BOUND_ROLES
from agencies.models import Agency
from alerts import rule_engines, transitions

# The recipients, files, CAP feeds, routing table and day swaps have modules of their own; importing them here
# registers their models.
from alerts.cap_models import CapFeed, CapReceipt
from alerts.choices import (
    OPEN_STATES,
    PUBLIC_CATEGORIES,
    PUBLIC_STATES,
    RESTRICTED_CATEGORIES,
    Audience,
    Category,
    EventKind,
    ProcedureName,
    Severity,
    Source,
    State,
    Undelivered,
)
from alerts.notify_models import ProvinceRecipient
from alerts.report_models import Evidence, QuickReport
from alerts.route_models import SectorRoute
from alerts.visibility import sees_all_restricted
from alerts.workday_models import WorkdayAdjustment
from core.errors import Conflict

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from accounts.models import User
    from agencies.models import Sector
    from alerts.records import PhoneCall


MIN_RUN_INTERVAL_SECONDS = 60


class AlertRule(models.Model):
    """A rule that raises alerts, of a type the rule engine evaluates; its key and a unit identify an open alert."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    rule_type = models.CharField(
        _("rule type"),
        max_length=40,
        help_text=_(
            "How the rule is evaluated: a threshold on a reading, a hazard layer over exposed features, "
            "or a raster's zonal statistics."
        ),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    sector = models.ForeignKey(
        "agencies.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sector")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.THRESHOLD)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    procedure = models.CharField(
        _("procedure"), max_length=10, choices=ProcedureName.choices, blank=True,
        help_text=_("Empty: chosen from the category."),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)
    inter_sector = models.BooleanField(
        _("inter-sector"), default=False,
        help_text=_("Its alerts wait for the management agency to name the lead and coordinating agencies "
                    "(Articles 8.5 and 9.8)."),
    )  # fmt: skip
    # The schedule of layer-fed rules (spatial, raster): the worker claims a due rule like a due alert.
    run_every = models.DurationField(
        _("run every"), null=True, blank=True,
        help_text=_("E.g. 01:00:00 for hourly. Empty: only when one of its input layers is imported."),
    )  # fmt: skip
    next_run_at = models.DateTimeField(_("next run at"), null=True, blank=True, editable=False)
    last_run_at = models.DateTimeField(_("last run at"), null=True, blank=True, editable=False)
    last_run = models.JSONField(
        _("outcome of the last run"), default=dict, blank=True, editable=False, encoder=DjangoJSONEncoder
    )
    run_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["key"]
        indexes = [
            models.Index(
                fields=["next_run_at"], name="alertrule_next_run", condition=models.Q(next_run_at__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.run_every is not None and self.next_run_at is None:
            self.next_run_at = timezone.now()  # a new schedule starts with a run
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # The rule engine (alert_rules, above alerts) knows the types: it checks the type, parameters and schedule.
        rule_engines.check(self)
        if self.run_every is not None and self.run_every.total_seconds() < MIN_RUN_INTERVAL_SECONDS:
            raise ValidationError({"run_every": _("Run a rule at most once a minute; its query reads whole layers.")})


def restricted_alerts_rule(user: Any) -> models.Q:
    """The one rule on restricted alerts: who may see one besides the unrestricted (leadership, named agencies)."""
    unrestricted = ~models.Q(category__in=RESTRICTED_CATEGORIES)
    if user is None or not user.is_authenticated or not user.is_active:
        return unrestricted
    if sees_all_restricted(user):
        return models.Q()
    if user.agency_id is None:
        return unrestricted
    named = models.Q(details__restricted_to__contains=[user.agency_id])
    involved = models.Q(lead_agency_id=user.agency_id) | models.Q(coordinating_agencies__id=user.agency_id)
    return unrestricted | named | models.Q(pk__in=Alert.objects.filter(involved).values("pk"))


class AlertQuerySet(models.QuerySet["Alert"]):
    def open(self) -> "AlertQuerySet":
        """Alerts not yet closed or rejected."""
        return self.filter(state__in=OPEN_STATES)

    def overdue(self) -> "AlertQuerySet":
        """Open alerts whose current step has reached its deadline (the deadline is the first late instant)."""
        return self.open().filter(deadline_at__lte=timezone.now())

    def due(self) -> "AlertQuerySet":
        """Alerts the worker must look at now (a deadline or a reminder has come)."""
        return self.filter(next_action_at__lte=timezone.now())

    def public(self) -> "AlertQuerySet":
        """Verified warnings for the public (alerts.choices.PUBLIC_CATEGORIES): CAP scope Public, the Atom feed."""
        return self.visible_to(None).filter(category__in=PUBLIC_CATEGORIES, state__in=PUBLIC_STATES)

    def with_undelivered(self) -> "AlertQuerySet":
        """Annotate each alert with the audiences of its notices nobody could receive (undelivered_audiences)."""
        rows = Outbox.objects.filter(alert=models.OuterRef("pk")).exclude(undelivered="")
        audiences = rows.order_by("audience").values("audience").distinct()
        return self.annotate(undelivered_audiences=ArraySubquery(audiences))

    def visible_to(self, user: Any) -> "AlertQuerySet":
        """Alerts a user may see: agency officers see those of their agency, province roles see all, and restricted
        alerts (cyber incidents) only the leadership and the agencies they name; None or anonymous: no restricted one.

        Every door that shows alerts (pages, API, search, service figures, reports, public feeds) comes through here.
        """
        alerts = self.filter(restricted_alerts_rule(user))
        if user is None or not user.is_authenticated or user.is_superuser or user.role not in AGENCY_BOUND_ROLES:
            return alerts
        involved = models.Q(lead_agency_id=user.agency_id) | models.Q(coordinating_agencies__id=user.agency_id)
        named = models.Q(details__restricted_to__contains=[user.agency_id])  # a restricted alert's own audience
        return alerts.filter(models.Q(pk__in=Alert.objects.filter(involved).values("pk")) | named)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise Conflict(str(_("Alerts are never deleted; reject a false alert instead.")))


class Alert(models.Model):
    """A situation the IOC must handle under one of the two procedures."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    sector = models.ForeignKey(
        "agencies.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="alerts",
        verbose_name=_("sector"),
    )  # fmt: skip
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    procedure = models.CharField(_("procedure"), max_length=10, choices=ProcedureName.choices)
    geom = models.GeometryField(_("geometry"), srid=4326, null=True, blank=True)
    units = models.ManyToManyField(
        "gis_core.AdminUnit", blank=True, related_name="alerts", verbose_name=_("units touched")
    )
    details = models.JSONField(
        _("details"), default=dict, blank=True, encoder=DjangoJSONEncoder,
        help_text=_("Measurements from the source, e.g. exposed area, number of lots, population, sensor value."),
    )  # fmt: skip
    # Deduplication: an open alert of a rule on a unit is updated, never raised twice.
    rule = models.ForeignKey(
        AlertRule, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts", verbose_name=_("rule")
    )
    dedup_unit = models.ForeignKey(
        "gis_core.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unit of the rule finding"),
    )  # fmt: skip
    external_ref = models.CharField(
        _("reference in the sending system"), max_length=200, blank=True,
        help_text=_("A sending system's own identifier; the same reference updates the alert instead of duplicating."),
    )  # fmt: skip
    # Routing.
    lead_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="led_alerts",
        verbose_name=_("lead processing agency"),
    )  # fmt: skip
    coordinating_agencies = models.ManyToManyField(
        "agencies.Agency", blank=True, related_name="coordinated_alerts", verbose_name=_("coordinating agencies")
    )
    inter_sector = models.BooleanField(
        _("inter-sector"), default=False,
        help_text=_("The management agency names the lead and coordinating agencies (Articles 8.5 and 9.8)."),
    )  # fmt: skip
    # The procedure's clock; every instant is stored in UTC.
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NEW)
    observed_at = models.DateTimeField(_("observed at"), null=True, blank=True)
    appeared_at = models.DateTimeField(_("appeared at"), help_text=_("When the alert reached the IOC."))
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned to the IOC at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("result reported at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    resolution_deadline = models.DateTimeField(_("resolution deadline"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("deadline of the current step"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("current step marked overdue at"), null=True, blank=True)
    # Appendix II step 4 runs from forwarding, accepted or not: its overdue mark is kept apart from the step's.
    resolution_overdue_at = models.DateTimeField(_("resolution deadline marked overdue at"), null=True, blank=True)
    pending_extension_until = models.DateTimeField(_("extension asked until"), null=True, blank=True)
    pending_extension_reason = models.TextField(_("reason for the extension"), blank=True)
    reminder_anchor_at = models.DateTimeField(_("reminders counted from"), null=True, blank=True)
    next_reminder_at = models.DateTimeField(_("next reminder at"), null=True, blank=True)
    reminders_sent = models.PositiveIntegerField(_("reminders sent"), default=0)
    leadership_notified_at = models.DateTimeField(_("province leadership notified at"), null=True, blank=True)
    retreated_at = models.DateTimeField(_("hazard retreated at"), null=True, blank=True)
    # The worker's schedule: it claims a due alert by a conditional UPDATE on both fields.
    next_action_at = models.DateTimeField(_("next worker action at"), null=True, blank=True)
    schedule_version = models.PositiveIntegerField(default=0, editable=False)
    last_event_seq = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-appeared_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_action_at"], name="alert_next_action", condition=models.Q(next_action_at__isnull=False)
            ),
            models.Index(fields=["state", "deadline_at"], name="alert_state_deadline"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "dedup_unit"],
                condition=models.Q(rule__isnull=False, state__in=sorted(OPEN_STATES)),
                nulls_distinct=False,
                name="one_open_alert_per_rule_and_unit",
            ),
            models.UniqueConstraint(
                fields=["external_ref"], condition=~models.Q(external_ref=""), name="unique_external_ref"
            ),
            models.CheckConstraint(condition=models.Q(state__in=State.values), name="alert_state_valid"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Conflict(str(_("Alerts are never deleted; reject a false alert instead.")))

    def agency_ids(self) -> set[int]:
        """The lead and coordinating agencies, and a restricted alert's audience (read by accounts.permissions for
        agency-bound roles: they may post progress notes)."""
        ids = set(self.coordinating_agencies.values_list("pk", flat=True))
        if self.category in RESTRICTED_CATEGORIES:
            ids.update(pk for pk in self.details.get("restricted_to", []) if isinstance(pk, int))
        if self.lead_agency_id is not None:
            ids.add(self.lead_agency_id)
        return ids

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_public(self) -> bool:
        return self.category in PUBLIC_CATEGORIES and self.state in PUBLIC_STATES

    @property
    def undelivered_labels(self) -> list[str]:
        """The audiences of this alert's notices that nobody could receive, by name (annotated or read now)."""
        codes = getattr(self, "undelivered_audiences", None)
        if codes is None:
            rows = self.outbox.exclude(undelivered="").order_by("audience").values_list("audience", flat=True)
            codes = list(rows.distinct())
        labels = dict(Audience.choices)
        return [str(labels.get(code, code)) for code in codes]

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline_at is not None and self.deadline_at <= timezone.now()

    # The steps of Appendices II and III; each is one transaction in alerts.transitions.

    def verify(self, actor: "User", note: str = "") -> "AlertEvent":
        """Step 1 (operator): the alert is true; urgent categories are reported to the province leadership."""
        return transitions.verify(self, actor, note)

    def reject(self, actor: "User", reason: str) -> "AlertEvent":
        """Step 1 (operator): the alert is false; it ends here and stays on record."""
        return transitions.reject(self, actor, reason)

    def forward(
        self,
        actor: "User",
        lead_agency: "Agency",
        *,
        coordinating: "Iterable[Agency]" = (),
        sector: "Sector | None" = None,
        message: str = "",
        reason: str = "",
        phone_call: "PhoneCall | None" = None,
    ) -> "AlertEvent":
        """Step 2 (operator): send the alert to its processing agency; changing the proposed routing needs a reason."""
        return transitions.forward(
            self, actor, lead_agency, coordinating=coordinating, sector=sector, message=message, reason=reason,
            phone_call=phone_call,
        )  # fmt: skip

    def accept(self, actor: "User", note: str = "") -> "AlertEvent":
        """Step 3 (lead agency): within its competence; it starts handling the alert."""
        return transitions.accept(self, actor, note)

    def refuse(self, actor: "User", reason: str, phone_call: "PhoneCall | None" = None) -> "AlertEvent":
        """Step 3 (lead agency): not within its competence; back to the IOC with the mandatory reason."""
        return transitions.refuse(self, actor, reason, phone_call)

    def request_extension(self, actor: "User", until: "datetime.datetime", reason: str) -> "AlertEvent":
        """Step 4 (lead agency): report the situation and propose a later deadline."""
        return transitions.request_extension(self, actor, until, reason)

    def grant_extension(
        self, actor: "User", until: "datetime.datetime | None" = None, reason: str = ""
    ) -> "AlertEvent":
        """Step 4 (operator): move the resolution deadline to the proposed (or another) date."""
        return transitions.grant_extension(self, actor, until, reason)

    def deny_extension(self, actor: "User", reason: str) -> "AlertEvent":
        """Step 4 (operator): keep the deadline; the reason goes to the agency."""
        return transitions.deny_extension(self, actor, reason)

    def resolve(self, actor: "User", result: str, evidence: "Iterable[Any]") -> "AlertEvent":
        """Step 4 (lead agency): report the result with photos or documents as evidence."""
        return transitions.resolve(self, actor, result, evidence)

    def confirm(self, actor: "User", note: str = "") -> "AlertEvent":
        """Step 5 (operator): the result is satisfactory; close the alert."""
        return transitions.confirm(self, actor, note)

    def return_for_rework(self, actor: "User", reason: str) -> "AlertEvent":
        """Step 5 (operator): the result is not satisfactory; the agency handles it again."""
        return transitions.return_for_rework(self, actor, reason)

    def change_procedure(self, actor: "User", procedure: str, reason: str) -> "AlertEvent":
        """Operator: switch between the deadline and the immediate procedure, with a reason."""
        return transitions.change_procedure(self, actor, procedure, reason)

    def add_note(self, actor: "User", text: str) -> "AlertEvent":
        """Operators and the agencies involved exchange progress information."""
        return transitions.add_note(self, actor, text)

    def record_retreat(self, details: dict[str, Any] | None = None) -> "AlertEvent | None":
        """The source says the hazard has gone; the alert says so and its procedure goes on."""
        return transitions.record_retreat(self, details)


class AppendOnlyQuerySet(models.QuerySet["AlertEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise Conflict(str(_("The alert event log is append-only; record a new event instead.")))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise Conflict(str(_("The alert event log is append-only; events are never deleted.")))


class AlertEvent(models.Model):
    """One step of an alert's history: who, when, what, why. Append-only (also enforced by a database trigger)."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="events", verbose_name=_("alert"))
    seq = models.PositiveIntegerField(_("number"))
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("actor")
    )
    actor_label = models.CharField(
        _("actor as recorded"), max_length=150, help_text=_("The account name, or 'system' for the worker and rules.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    from_state = models.CharField(_("from state"), max_length=12, choices=State.choices)
    to_state = models.CharField(_("to state"), max_length=12, choices=State.choices)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")
        ordering = ["alert", "seq"]
        constraints = [models.UniqueConstraint(fields=["alert", "seq"], name="alert_event_seq_unique")]

    def __str__(self) -> str:
        return f"#{self.alert_id}.{self.seq} {self.kind}"

    @property
    def actor_name(self) -> str:
        """Who took the step, as pages and reports show it: the account, or "System" for the worker and rules."""
        return self.actor_label if self.actor_id is not None else str(_("System"))

    @property
    def not_delivered(self) -> list[str]:
        """The notices of this event nobody could receive, as "audience (agency): why" for the timeline."""
        gaps = self.data.get("not_delivered") or []
        names = dict(Agency.objects.filter(code__in=[g["agency"] for g in gaps if g.get("agency")]).values_list(
            "code", "name"
        ))  # fmt: skip
        audiences, reasons = dict(Audience.choices), dict(Undelivered.choices)
        texts = []
        for gap in gaps:
            who = str(audiences.get(gap.get("audience"), gap.get("audience")))
            if gap.get("agency"):
                who += f" ({names.get(gap['agency'], gap['agency'])})"
            texts.append(f"{who}: {reasons.get(gap.get('reason'), gap.get('reason'))}")
        return texts

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise Conflict(str(_("The alert event log is append-only; record a new event instead.")))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Conflict(str(_("The alert event log is append-only; events are never deleted.")))


class Outbox(models.Model):
    """A notice to one audience about an event, with a snapshot of what its messages say (alerts.snapshots)."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="outbox", verbose_name=_("alert"))
    event = models.ForeignKey(
        AlertEvent, on_delete=models.PROTECT, related_name="messages", verbose_name=_("event that caused it")
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    recipients = models.JSONField(
        _("recipients"), default=list, blank=True, help_text=_("Name, phone and email of each contact, as of sending.")
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    snapshot = models.JSONField(
        _("content as queued"), default=dict, blank=True,
        help_text=_("What the messages say about the alert, as of queueing (alerts.snapshots)."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(
        _("sent at"), null=True, blank=True, help_text=_("When the last of its deliveries went out.")
    )
    undelivered = models.CharField(
        _("not delivered"), max_length=20, choices=Undelivered.choices, blank=True, default="",
        help_text=_("Why nobody could receive this notice when it was written; empty when someone could."),
    )  # fmt: skip
    report = models.ForeignKey(
        "alerts.QuickReport", on_delete=models.PROTECT, null=True, blank=True, related_name="notices",
        verbose_name=_("quick report attached"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="outbox_unsent", condition=models.Q(sent_at__isnull=True))]

    def __str__(self) -> str:
        return self.subject


__all__ = [
    "Alert", "AlertEvent", "AlertRule", "CapFeed", "CapReceipt", "Evidence", "Outbox", "ProvinceRecipient",
    "QuickReport", "SectorRoute", "WorkdayAdjustment", "restricted_alerts_rule", "sees_all_restricted",
]  # fmt: skip
