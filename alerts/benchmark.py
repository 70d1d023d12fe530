"""The benchmark of the alerts worker on N due alerts (manage.py bench_alerts, its second half).

Alerts can never be deleted, so nothing the benchmark writes may stay. The worker runs in a scratch database,
migrated for it and dropped afterwards, so that each claim commits as in production (thousands of savepoints in
one transaction would not be the same workload) and no real alert is touched. Its alerts go to real recipients (an
agency's focal person and leader, an IOC operator, each with an email and a phone), and the messages are sent to
local fake servers (alerts.bench_servers): an SMTP server and an SMS gateway, which count what they accept.
"""

import datetime
import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from agencies.models import Agency, AgencyContact
from alerts import bench_servers, delivery
from alerts.choices import Category, ProcedureName, Source, State
from alerts.models import Alert, Outbox
from alerts.notify_models import MessageDelivery, ProvinceRecipient
from alerts.worker import run_once
from core.benchdb import scratch_database

TARGET_WORKER_S = 60.0


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = call()
    return value, time.perf_counter() - started


# The worker's recipients: a forwarded alert's overdue step notifies the operators, the lead agency's focal person
# and its leader (Article 8.3), each by email and SMS.
BENCH_AGENCY = "bench-worker-agency"
PEOPLE = (  # role, name, email, phone
    ("focal", "Đầu mối thử tải", "focal.bench@example.org", "0905 000 001"),
    ("leader", "Lãnh đạo thử tải", "leader.bench@example.org", "0905 000 002"),
)
OPERATOR = ("Trực ban thử tải", "operators.bench@example.org", "0905 000 003")


def _recipients() -> Agency:
    """An agency with a focal person and a leader, and one IOC operator, each with an email and a phone."""
    agency = Agency.objects.create(code=BENCH_AGENCY, name="Cơ quan thử tải (benchmark)")
    for role, name, email, phone in PEOPLE:
        AgencyContact.objects.create(agency=agency, role=role, full_name=name, email=email, phone=phone)
    name, email, phone = OPERATOR
    ProvinceRecipient.objects.create(audience="operators", full_name=name, email=email, phone=phone)
    return agency


def _drain(call: Callable[[], bool]) -> None:
    while call():
        pass


def bench_worker(count: int, write: Callable[[str], None], send_limit: int = 2_000) -> None:
    """Time the worker marking count forwarded alerts overdue (each claimed, evented, its notices planned for
    three people on two channels, and committed), then sending every message to local fake servers."""
    with (
        scratch_database("bench_alerts") as name,
        bench_servers.fake_channels() as (received, channels),
        override_settings(**channels),  # entered after the servers above have started
    ):
        _bench_worker(count, name, received, write, send_limit)


def _bench_worker(
    count: int, name: str, received: bench_servers.Received, write: Callable[[str], None], send_limit: int
) -> None:
    agency = _recipients()
    now = timezone.now()
    appeared = now - datetime.timedelta(hours=2)
    Alert.objects.bulk_create(
        [
            Alert(
                title=f"Benchmark alert {i}",
                source=Source.MANUAL,
                category=Category.OTHER,
                procedure=ProcedureName.DEADLINE,
                state=State.FORWARDED,
                lead_agency=agency,
                appeared_at=appeared,
                deadline_at=appeared + datetime.timedelta(hours=1),
                next_action_at=appeared + datetime.timedelta(hours=1),
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE alerts_alert")
    overdue = 0

    def mark() -> bool:
        nonlocal overdue
        report = run_once(batch=500)
        overdue += report.overdue
        return bool(report.claimed)

    _, marking = _timed(lambda: _drain(mark))
    planned = MessageDelivery.objects.count()
    by_channel = ", ".join(
        f"{row['channel']} {row['n']}"
        for row in MessageDelivery.objects.values("channel").annotate(n=Count("id")).order_by()
    )
    notices = Outbox.objects.count()
    sent = 0

    def send() -> bool:
        nonlocal sent
        report = delivery.send_due(batch=min(100, send_limit - sent))
        sent += report.sent
        return report.sent > 0 and sent < send_limit

    logging.getLogger("alerts.delivery").setLevel(logging.WARNING)  # not one line per sending pass
    _, sending = _timed(lambda: _drain(send))
    committed = MessageDelivery.objects.filter(state=MessageDelivery.State.SENT).count()
    failed = MessageDelivery.objects.filter(state=MessageDelivery.State.FAILED).count()
    emails, sms = sum(received.emails.values()), sum(received.sms.values())
    verdict = "ok" if marking < TARGET_WORKER_S else "SLOW"
    write(
        f"worker: {overdue} of {count} due forwarded alerts marked overdue in {marking:.1f} s (workload: each alert "
        f"claimed, an overdue event and {notices / max(count, 1):.0f} notices (operators, the lead agency, its leader) "
        f"to people with an email and a phone, {planned} messages planned ({by_channel}: one per person on each "
        f"channel its audience's active templates use), claims committed as in "
        f"production; target < {TARGET_WORKER_S:.0f} s: {verdict}; scratch database {name})"
    )
    left = planned - committed - failed
    delivered = "ok" if committed == emails + sms and not failed else "NOT ALL DELIVERED"
    write(
        f"delivery: {committed} messages sent in {sending:.1f} s = {committed / sending if sending else 0:,.0f} "
        f"messages/s (each over its own connection to a local fake server: {emails} emails accepted by SMTP "
        f"(aiosmtpd), {sms} SMS by an HTTP gateway); {failed} failed, {left} of the {planned} planned left pending "
        f"(sending stops after the pass that reaches --send-limit {send_limit}) "
        f"(target: every message sent was accepted, none failed: "
        f"{delivered})"
    )
