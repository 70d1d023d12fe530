"""Plans, adjustments as revisions, and which of them is in force on a date."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from core.errors import Conflict
from planning.models import Plan, PlanDocument, PlanRevision, ZoningLot
from tests.planning.conftest import ADJUSTED_FROM, ORIGINAL_FROM


def test_an_adjustment_ends_the_previous_revision_the_day_before(zoning_plan: Plan) -> None:
    first, second = zoning_plan.revisions.order_by("number")
    assert first.effective_to == ADJUSTED_FROM - datetime.timedelta(days=1)
    assert (second.number, second.effective_to) == (2, None)


def test_an_adjustment_cannot_start_before_the_revision_it_replaces(zoning_plan: Plan) -> None:
    with pytest.raises(Conflict, match="must start after revision 2"):
        zoning_plan.add_revision(effective_from=ADJUSTED_FROM)
    assert zoning_plan.revisions.count() == 2
    assert zoning_plan.revisions.get(number=2).effective_to is None


def test_an_unapproved_adjustment_leaves_the_current_revision_in_force(zoning_plan: Plan) -> None:
    zoning_plan.add_revision(effective_from=None, title="Draft adjustment")
    today = datetime.date(2025, 1, 1)
    assert list(PlanRevision.objects.in_force(today).values_list("number", flat=True)) == [2]


@pytest.mark.parametrize(
    ("day", "numbers"),
    [
        (ORIGINAL_FROM - datetime.timedelta(days=1), []),
        (ORIGINAL_FROM, [1]),
        (ADJUSTED_FROM - datetime.timedelta(days=1), [1]),
        (ADJUSTED_FROM, [2]),
    ],
)
def test_revisions_and_lots_in_force_follow_the_dates(
    zoning_plan: Plan, day: datetime.date, numbers: list[int]
) -> None:
    assert list(PlanRevision.objects.in_force(day).values_list("number", flat=True)) == numbers
    lot_revisions = set(ZoningLot.objects.in_force(day).values_list("revision__number", flat=True))
    assert lot_revisions == set(numbers)


def test_plan_in_force_needs_approval(zoning_plan: Plan) -> None:
    day = datetime.date(2024, 1, 1)
    assert list(Plan.objects.in_force(day)) == [zoning_plan]
    Plan.objects.filter(pk=zoning_plan.pk).update(status=Plan.Status.DRAFT)
    assert not Plan.objects.in_force(day).exists()


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"building_coverage_pct": 120}, "lot_coverage_is_a_percentage"),
        ({"floor_area_ratio": -1}, "lot_far_not_negative"),
        ({"floors_min": 9, "floors_max": 3}, "lot_floors_in_order"),
    ],
)
def test_impossible_indicators_are_refused_by_the_database(zoning_plan: Plan, fields: dict, constraint: str) -> None:
    lot = ZoningLot.objects.filter(revision__plan=zoning_plan).first()
    assert lot is not None
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        ZoningLot.objects.filter(pk=lot.pk).update(**fields)


def test_a_document_needs_a_file_or_a_link(zoning_plan: Plan) -> None:
    with pytest.raises(IntegrityError, match="plan_document_has_file_or_url"), transaction.atomic():
        PlanDocument.objects.create(plan=zoning_plan, title="Bản vẽ")
