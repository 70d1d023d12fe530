"""The ways data comes in, as use cases: push (API), pull (the provider's endpoint) and files through a preview.

Every arrival is kept as a Delivery with its bytes. Pushes and pulls are stored at once when every row is sound and
refused whole otherwise; files wait as a preview (the mapping and the validation report) until someone confirms.
Data identical to a delivery already stored changes nothing: no new delivery, no value touched; the dataset is
only marked as heard from.
"""

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, ImportFailed, InvalidInput
from datahub.models import Dataset, Delivery
from datahub.readers import RowProblem, SourceTable, read_table
from datahub.targets import target_for
from datahub.validation import Report, validate

if TYPE_CHECKING:
    from accounts.models import User


@dataclass
class Arrival:
    """Who sent what, how."""

    channel: str
    content: bytes
    fmt: str
    filename: str = ""
    sender: "User | None" = None
    token_prefix: str = ""
    source_url: str = ""


@dataclass
class Receipt:
    delivery: Delivery
    unchanged: bool = False  # identical to a delivery already stored


def receive(dataset: Dataset, arrival: Arrival) -> Receipt:
    """Store a pushed or pulled delivery if every row is sound; otherwise record the refusal and raise ImportFailed."""
    _check_size(arrival.content)
    earlier = _identical(dataset, arrival.content)
    if earlier is not None:
        mark_received(dataset)
        return Receipt(earlier, unchanged=True)
    delivery = _new_delivery(dataset, arrival)
    try:
        report = validate(dataset, read_table(arrival.fmt, arrival.content))
    except ImportFailed as exc:
        _refuse(delivery, [RowProblem(_("file"), exc.message)])
        raise
    delivery.column_map, delivery.rows_total = report.mapping, report.rows_total
    if not report.ok:
        if not report.keep_content:
            delivery.content.delete(save=False)  # the refusal is recorded, the refused bytes are not kept
        _refuse(delivery, report.problems)
        raise ImportFailed(report.message(), problems=report.problem_dicts(), delivery=delivery.pk)
    try:
        with transaction.atomic():
            delivery.save()
            _store(delivery, report)
    except BaseException:
        delivery.content.delete(save=False)  # the file is not part of the rolled-back transaction
        raise
    return Receipt(delivery)


def stage(dataset: Dataset, arrival: Arrival) -> Delivery:
    """Keep an uploaded file as a preview with its guessed mapping and validation report; store nothing yet.

    A file that cannot be read at all, or that carries what must not be kept, is refused at once (ImportFailed),
    and nothing is kept.
    """
    _check_size(arrival.content)
    report = validate(dataset, read_table(arrival.fmt, arrival.content))
    if not report.keep_content:
        raise ImportFailed(report.message(), problems=report.problem_dicts())  # refused at once, nothing kept
    delivery = _new_delivery(dataset, arrival)
    _remember(delivery, report)
    delivery.save()
    return delivery


def preview(delivery: Delivery, mapping: dict[str, str] | None = None) -> Report:
    """Validate the staged file again, with a new mapping if given (and remember it)."""
    report = validate(delivery.dataset, _table_of(delivery), mapping if mapping is not None else delivery.column_map)
    if mapping is not None and delivery.status == Delivery.Status.PREVIEW:
        _remember(delivery, report)
        delivery.save(update_fields=["column_map", "problems", "rows_total"])
    return report


def commit(delivery: Delivery) -> Receipt:
    """Store a previewed file with its mapping; refuse (ImportFailed, nothing stored) while any row has a problem."""
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().select_related("dataset").get(pk=delivery.pk)
        if locked.status != Delivery.Status.PREVIEW:
            raise Conflict(
                _("This file was already %(status)s; upload it again to load it anew.")
                % {"status": locked.get_status_display().lower()}
            )
        content = _content_of(locked)
        earlier = _identical(locked.dataset, content)
        if earlier is not None:
            raise Conflict(
                _("The same file was already stored as delivery #%(id)s on %(at)s; nothing to do.")
                % {"id": earlier.pk, "at": timezone.localtime(earlier.received_at).strftime("%d/%m/%Y %H:%M")}
            )
        report = validate(locked.dataset, read_table(locked.format, content), locked.column_map)
        if not report.ok:
            raise ImportFailed(report.message(), problems=report.problem_dicts())
        _store(locked, report)
    delivery.refresh_from_db()
    return Receipt(delivery)


def mark_received(dataset: Dataset) -> None:
    """The provider was heard from: freshness restarts, and an open data-feed alert records that data is back."""
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        locked.last_received_at = timezone.now()
        alert = locked.feed_alert
        locked.feed_alert = None
        locked.save(update_fields=["last_received_at", "feed_alert"])
        if alert is not None:
            alert.record_retreat({"dataset": locked.code, "received_at": locked.last_received_at})
    dataset.refresh_from_db()


def _store(delivery: Delivery, report: Report) -> None:
    target = target_for(delivery.dataset)
    counts = target.store(delivery, report.clean)
    delivery.status, delivery.committed_at = Delivery.Status.COMMITTED, timezone.now()
    delivery.rows_created, delivery.rows_updated, delivery.rows_unchanged = (
        counts.created,
        counts.updated,
        counts.unchanged,
    )
    delivery.rows_total, delivery.problems = report.rows_total, []
    delivery.save()
    target.after_store(delivery, counts)
    mark_received(delivery.dataset)


def _check_size(content: bytes) -> None:
    if len(content) > settings.DATAHUB_MAX_UPLOAD_BYTES:
        raise InvalidInput(
            _("The data is %(size)d MB; at most %(max)d MB per delivery: split it.")
            % {"size": len(content) // 2**20, "max": settings.DATAHUB_MAX_UPLOAD_BYTES // 2**20}
        )
    if not content.strip():
        raise InvalidInput(_("The delivery is empty."))


def _identical(dataset: Dataset, content: bytes) -> Delivery | None:
    digest = hashlib.sha256(content).hexdigest()
    return dataset.deliveries.filter(content_sha256=digest, status=Delivery.Status.COMMITTED).order_by("pk").first()


def _new_delivery(dataset: Dataset, arrival: Arrival) -> Delivery:
    name = arrival.filename or f"{arrival.channel}-{timezone.now():%Y%m%dT%H%M%S}.{arrival.fmt}"
    delivery = Delivery(
        dataset=dataset, channel=arrival.channel, format=arrival.fmt, filename=arrival.filename[:255],
        sender=arrival.sender, token_prefix=arrival.token_prefix, source_url=arrival.source_url,
        content_sha256=hashlib.sha256(arrival.content).hexdigest(),
    )  # fmt: skip
    delivery.content.save(name, ContentFile(arrival.content), save=False)
    return delivery


def _remember(delivery: Delivery, report: Report) -> None:
    delivery.column_map, delivery.rows_total, delivery.problems = (
        report.mapping,
        report.rows_total,
        report.problem_dicts(),
    )


def _refuse(delivery: Delivery, problems: list[RowProblem]) -> None:
    delivery.status, delivery.problems = Delivery.Status.REFUSED, [problem.as_dict() for problem in problems]
    delivery.save()


def _content_of(delivery: Delivery) -> bytes:
    with delivery.content.open("rb") as handle:
        return handle.read()


def _table_of(delivery: Delivery) -> SourceTable:
    return read_table(delivery.format, _content_of(delivery))
