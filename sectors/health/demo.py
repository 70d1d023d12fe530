"""Demo data of the health sector, all synthetic (it says so): facilities, commune populations, vaccination
coverage, five years of weekly case counts with a dengue spike last week, and the dataset the counts arrive in.

The counts are generated in SQL from a fixed seed; the detection then runs on last week, so the demo shows outbreak
alerts routed to the communes and the health department. A second run changes nothing.
"""

import datetime
import hashlib
from typing import TextIO

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone

from agencies.models import Agency, Sector
from datahub.models import Dataset
from gis_core.models import AdminUnit
from sectors.health import diseases, layer, outbreaks
from sectors.health.benchmark import GENERATE
from sectors.health.models import CaseCount, CommunePopulation, Facility, VaccinationCoverage, week_of
from services.models import ServicePage

SYNTHETIC = "Dữ liệu demo tổng hợp, không phải số liệu thật."
HOSPITAL_UNITS = {"22366": "Bệnh viện Đa khoa tỉnh (demo)", "22411": "Bệnh viện Đa khoa khu vực Cam Ranh (demo)"}
SPIKE_UNITS = 3  # communes with a dengue spike last week


def _number(text: str, low: int, high: int) -> int:
    """A deterministic number in [low, high] from the text."""
    return low + int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % (high - low + 1)


def _near(unit: AdminUnit, text: str) -> Point:
    """A point inside the unit, shifted a little by the text so that facilities of one unit do not overlap."""
    centre = unit.geom.point_on_surface
    shifted = Point(centre.x + (_number(text, 0, 20) - 10) / 4000, centre.y + (_number(text + "y", 0, 20) - 10) / 4000,
                    srid=4326)  # fmt: skip
    return shifted if unit.geom.contains(shifted) else centre


def _facilities(units: list[AdminUnit]) -> int:
    if Facility.objects.exists():
        return 0
    rows = []
    for index, unit in enumerate(units):
        rows.append(Facility(code=f"tyt-{unit.code}", name=f"Trạm Y tế {unit.name} (demo)",
                             kind=Facility.Kind.COMMUNE_STATION, level=Facility.Level.COMMUNE, unit=unit,
                             beds=_number(unit.code, 3, 10), geom=_near(unit, "tyt")))  # fmt: skip
        if unit.code in HOSPITAL_UNITS:
            beds = _number(unit.code + "bv", 300, 1200)
            rows.append(Facility(code=f"bv-{unit.code}", name=HOSPITAL_UNITS[unit.code], kind=Facility.Kind.HOSPITAL,
                                 level=Facility.Level.PROVINCIAL, unit=unit, beds=beds,
                                 occupied_beds=beds * _number(unit.code + "occ", 70, 115) // 100,
                                 occupancy_reported_at=timezone.now(), geom=_near(unit, "bv")))  # fmt: skip
        elif index % 6 == 0:
            beds = _number(unit.code + "ttyt", 60, 250)
            rows.append(Facility(code=f"ttyt-{unit.code}", name=f"Trung tâm Y tế {unit.name} (demo)",
                                 kind=Facility.Kind.MEDICAL_CENTRE, level=Facility.Level.REGIONAL, unit=unit,
                                 beds=beds, occupied_beds=beds * _number(unit.code + "o", 55, 100) // 100,
                                 occupancy_reported_at=timezone.now(), geom=_near(unit, "ttyt")))  # fmt: skip
        if index % 8 == 3:
            rows.append(Facility(code=f"pk-{unit.code}", name=f"Phòng khám đa khoa tư nhân {unit.name} (demo)",
                                 kind=Facility.Kind.PRIVATE_CLINIC, level=Facility.Level.PRIVATE, unit=unit,
                                 beds=_number(unit.code + "pk", 0, 20), geom=_near(unit, "pk")))  # fmt: skip
    Facility.objects.bulk_create(rows)
    return len(rows)


def _population(units: list[AdminUnit], year: int) -> int:
    if CommunePopulation.objects.exists():
        return 0
    rows = [CommunePopulation(unit=unit, year=year, population=_number(unit.code + "pop", 6_000, 65_000),
                              note=SYNTHETIC) for unit in units]  # fmt: skip
    CommunePopulation.objects.bulk_create(rows)
    VaccinationCoverage.objects.bulk_create([
        VaccinationCoverage(unit=row.unit, year=year - 1, target_children=row.population * 14 // 1000,
                            fully_immunised=row.population * 14 // 1000 * _number(row.unit.code + "vx", 84, 100) // 100,
                            note=SYNTHETIC)
        for row in rows
    ])  # fmt: skip
    return len(rows)


def _cases(units: list[AdminUnit], last_week: datetime.date) -> int:
    if CaseCount.objects.exists():
        return 0
    first = datetime.date.fromisocalendar(last_week.isocalendar().year - 5, 1, 1)
    codes = [disease.code for disease in diseases.DISEASES]
    # Dengue and hand-foot-mouth are common; measles, rubella, whooping cough and typhoid are rare.
    bases = {"dengue": 3.0, "hand-foot-mouth": 2.0, "diarrhoea": 4.0, "influenza": 3.0, "chickenpox": 1.0,
             "mumps": 0.5}  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"codes": codes, "bases": [bases.get(code, 0.2) for code in codes],
                                  "first": first, "last": last_week})  # fmt: skip
    CaseCount.objects.filter(source_ref="bench").update(source_ref="demo: " + SYNTHETIC[:100])
    spiking = [unit.pk for unit in units[:: max(1, len(units) // SPIKE_UNITS)][:SPIKE_UNITS]]
    for offset, unit_id in enumerate(spiking):
        CaseCount.objects.filter(disease="dengue", unit_id=unit_id, week_start=last_week).update(cases=24 + 7 * offset)
    return CaseCount.objects.count()


def _dataset() -> str:
    provider = Agency.objects.filter(code="so-yt").first()
    if provider is None:
        return "skipped (no so-yt)"
    _dataset, created = Dataset.objects.get_or_create(code="ca-benh-truyen-nhiem", defaults={
        "name": "Ca bệnh truyền nhiễm theo tuần khởi phát (demo)", "name_en": "Notifiable disease cases by week (demo)",
        "description": "Số ca mắc theo bệnh, xã/phường và tuần khởi phát; chỉ số liệu tổng hợp, không có thông tin cá "
                       "nhân. " + SYNTHETIC,
        "provider": provider, "sector": Sector.objects.filter(code="health").first(), "target": "disease_cases",
        "format": Dataset.Format.CSV, "arrival": Dataset.Arrival.PUSH, "expected_every": datetime.timedelta(days=7),
    })  # fmt: skip
    return "created" if created else "kept"


def load(stdout: TextIO) -> None:
    """Load the synthetic health data once; run the outbreak detection on last week."""
    units = list(AdminUnit.objects.order_by("code"))
    if not units:
        stdout.write("health: no administrative unit; load gis_core first.\n")
        return
    last_week = week_of(timezone.localdate()) - datetime.timedelta(weeks=1)
    with transaction.atomic():
        facilities = _facilities(units)
        people = _population(units, last_week.year)
        cases = _cases(units, last_week)
    facility_layer = layer.register(stdout)
    page = ServicePage.objects.filter(sector__code="health").first()
    if page is not None:
        page.layers.add(facility_layer)
    dataset = _dataset()
    line = f"health: {facilities} facilities, {people} commune populations, {cases} weekly counts created (synthetic)"
    if cases:
        detection = outbreaks.detect(last_week)
        line += f"; {len(detection.raised)} outbreak alerts"
    stdout.write(f"{line}; dataset {dataset}.\n")
