"""A small province for the field-report tests: two wards, their committees, the lighting company, categories,
one account per role and an Open311 client application with its api_key."""

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from accounts.models import Role, User
from agencies.models import Agency, Sector
from alerts.models import Alert, AlertEvent
from fieldreports.choices import AttributeType, CategoryKind
from fieldreports.models import (
    CategoryAttribute,
    FieldReport,
    Open311Client,
    ReportCategory,
    ReportContact,
    ReportPhoto,
)
from gis_core.models import AdminUnit
from tests.agencies.factories import make_agency, make_sector, make_unit, make_user

# Inside ward A (109.10-109.15 E, 12.20-12.25 N); B lies 0.1° east.
LAT_A, LONG_A = 12.2250, 109.1250
# About 30 m and 80 m north of the point in ward A (1° of latitude is about 110.6 km here).
LAT_30M, LAT_80M = LAT_A + 0.00027, LAT_A + 0.00072
LAT_B, LONG_B = 12.2250, 109.2250
OUTSIDE = (12.0, 107.5)  # west of the province
# GPS position and phone maker written into test photos' EXIF.
EXIF_MAKE = "ReporterPhone"


@dataclass
class World:
    ward_a: AdminUnit
    ward_b: AdminUnit
    utilities: Sector
    field_sector: Sector
    ubnd_a: Agency
    ubnd_b: Agency
    lighting: Agency
    streetlight: ReportCategory
    waste: ReportCategory
    petition: ReportCategory
    users: dict[str, User]
    client_app: Open311Client
    api_key: str

    def client_as(self, caller: str) -> Client:
        client = Client()
        if caller != "anonymous":
            client.force_login(self.users[caller])
        return client


def build_world() -> World:
    ward_a = make_unit("90001", "Phường Thử A")
    ward_b = make_unit("90002", "Phường Thử B", offset=0.1)
    utilities, field_sector = make_sector("public-utilities", 15), make_sector("field-reports", 2)
    ubnd_a = make_agency("ubnd-90001", units=(ward_a,), all_sectors=True)
    ubnd_b = make_agency("ubnd-90002", units=(ward_b,), all_sectors=True)
    lighting = make_agency("lighting", sectors=(utilities,), whole_province=True)
    streetlight = ReportCategory.objects.create(
        service_code="streetlight-out", name="Đèn chiếu sáng công cộng hỏng", name_en="Street light out",
        description="Đèn đường không sáng.", description_en="A street light does not work.", sector=utilities,
        group="utilities", keywords="đèn đường, streetlight", service_notice="Xử lý trong 5 ngày làm việc.",
        service_notice_en="Handled within 5 working days.",
    )  # fmt: skip
    CategoryAttribute.objects.create(
        category=streetlight, code="state", datatype=AttributeType.SINGLE, required=True, order=1,
        description="Đèn đang thế nào?", description_en="What is the light doing?",
        values=[{"key": "off", "name": "Không sáng", "name_en": "Off"},
                {"key": "flicker", "name": "Chập chờn", "name_en": "Flickering"}],
    )  # fmt: skip
    CategoryAttribute.objects.create(category=streetlight, code="pole", order=2, description="Số cột",
                                     description_en="Pole number")  # fmt: skip
    waste = ReportCategory.objects.create(service_code="waste", name="Rác thải", name_en="Litter", sector=utilities)
    petition = ReportCategory.objects.create(
        service_code="voters-petition", name="Kiến nghị cử tri", name_en="Voters' petition",
        kind=CategoryKind.VOTERS_PETITION, sector=field_sector,
    )  # fmt: skip
    users = {
        "admin": make_user("admin", Role.MANAGEMENT_ADMIN),
        "operator": make_user("operator", Role.OPERATOR),
        "officer_a": make_user("officer-a", Role.AGENCY_OFFICER, ubnd_a),
        "officer_b": make_user("officer-b", Role.AGENCY_OFFICER, ubnd_b),
        "viewer": make_user("viewer", Role.VIEWER),
    }
    client_app, api_key = Open311Client.issue("Công dân số (test)")
    return World(ward_a, ward_b, utilities, field_sector, ubnd_a, ubnd_b, lighting, streetlight, waste, petition,
                 users, client_app, api_key)  # fmt: skip


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), with_gps: bool = True) -> bytes:
    """A small real image; with_gps writes EXIF with a GPS position, the phone's maker and an orientation."""
    image = Image.new("RGB", size, (200, 40, 40))
    buffer = io.BytesIO()
    options: dict[str, Any] = {}
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = EXIF_MAKE  # Make
        exif[0x0112] = 6  # Orientation: turn 90° to show upright
        exif[0x8825] = {1: "N", 2: (12.0, 13.0, 30.0), 3: "E", 4: (109.0, 7.0, 30.0)}  # GPSInfo
        options["exif"] = exif.tobytes()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def open311_form(world: World, **fields: Any) -> dict[str, Any]:
    """A valid POST requests body (Open311 field names), with the given fields changed; None drops a field."""
    form: dict[str, Any] = {
        "api_key": world.api_key,
        "service_code": "streetlight-out",
        "lat": str(LAT_A),
        "long": str(LONG_A),
        "address_string": "Trước số 12 đường Thử",
        "description": "Đèn đường trước nhà số 12 không sáng ba đêm nay.",
        "attribute[state]": "off",
        "attribute[pole]": "NT-0412",
    }
    form.update(fields)
    return {key: value for key, value in form.items() if value is not None}


def post_report(client: Client, world: World, *, photos: int = 0, fmt: str = "json", **fields: Any) -> Any:
    """POST /open311/v2/requests.{fmt} with a valid body changed by fields, and photos as 'media' files."""
    data = open311_form(world, **fields)
    if photos:
        data["media"] = [SimpleUploadedFile(f"p{n}.jpg", photo_bytes(), "image/jpeg") for n in range(photos)]
    return client.post(f"/open311/v2/requests.{fmt}", data)


def counts() -> dict[str, int]:
    """How many rows each table that a report writes holds."""
    return {
        "reports": FieldReport.objects.count(), "alerts": Alert.objects.count(),
        "events": AlertEvent.objects.count(), "contacts": ReportContact.objects.count(),
        "photos": ReportPhoto.objects.count(),
    }  # fmt: skip


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []
