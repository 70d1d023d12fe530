"""Figures of the education service computed from the register: per commune and for the province."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from core.names import display_name
from gis_core.models import AdminUnit
from sectors.education.models import School


@dataclass
class CommuneRow:
    code: str
    name: str
    schools: int
    enrolment: int
    teachers: int

    @property
    def pupils_per_teacher(self) -> float | None:
        return round(self.enrolment / self.teachers, 1) if self.teachers else None


def by_commune() -> list[CommuneRow]:
    """Schools, pupils, teachers and pupils per teacher of each commune with a school, most pupils first."""
    rows = School.objects.values("unit_id").annotate(n=Count("pk"), pupils=Sum("enrolment"), staff=Sum("teachers"))
    units = AdminUnit.objects.in_bulk([row["unit_id"] for row in rows])
    found = [CommuneRow(units[row["unit_id"]].code, display_name(units[row["unit_id"]]), row["n"], row["pupils"] or 0,
                        row["staff"] or 0) for row in rows]  # fmt: skip
    return sorted(found, key=lambda row: -row.enrolment)


def totals() -> dict[str, int]:
    """Schools, pupils, teachers, classrooms, closed schools and their pupils in the province."""
    found = School.objects.aggregate(
        n_schools=Count("pk"), n_pupils=Sum("enrolment", default=0), n_teachers=Sum("teachers", default=0),
        n_classrooms=Sum("classrooms", default=0), n_closed=Count("pk", filter=Q(closed=True)),
        n_pupils_out=Sum("enrolment", filter=Q(closed=True), default=0),
    )  # fmt: skip
    return {key.removeprefix("n_"): value for key, value in found.items()}
