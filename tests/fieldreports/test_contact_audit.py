"""Each time staff see a reporter's contact, the audit log records who saw which report's."""

import pytest
from django.test import Client

from alerts.models import Alert
from audit.models import AuditEntry, Kind
from fieldreports.models import FieldReport
from fieldreports.staff import reports_of_alert
from tests.fieldreports.world import World, post_report

pytestmark = pytest.mark.django_db


def test_the_operators_api_records_a_view_of_the_contact(world: World, client: Client) -> None:
    post_report(client, world, email="someone@example.org", phone="0905 111 222")
    report = FieldReport.objects.get()

    world.client_as("operator").get(f"/api/v1/field-reports/{report.pk}")
    world.client_as("viewer").get(f"/api/v1/field-reports/{report.pk}")

    entries = list(AuditEntry.objects.filter(kind=Kind.CONTACTS_VIEWED))
    assert [(entry.username, entry.target) for entry in entries] == [("operator", report.tracking_code)]


def test_the_alert_page_records_the_reports_whose_contacts_it_shows(world: World, client: Client) -> None:
    post_report(client, world, email="someone@example.org")
    report, alert = FieldReport.objects.get(), Alert.objects.get()

    reports_of_alert(alert.pk, world.users["operator"])
    reports_of_alert(alert.pk, world.users["viewer"])

    entry = AuditEntry.objects.get(kind=Kind.CONTACTS_VIEWED)
    assert entry.user == world.users["operator"]
    assert entry.details == {"reports": [report.tracking_code]}
