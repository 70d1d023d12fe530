"""Demo data of the service pages: one configuration row for each of the 15 services of Appendix I, and a small
synthetic indicator set for the services no other app covers in depth (press listening, cyber-security, traffic,
health, education, fire, utilities, weather and disaster).

The values are synthetic (indicators.demo.demo_value: a deterministic function of indicator and period) and reach
the database through the real pipeline (datahub.services.receive), so they carry their lineage like real data; a
current value past its warning limit raises its threshold alert like real data. Every indicator and dataset says it
is synthetic. Rows that exist are kept as edited in the admin; running the loader again changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from django.utils import timezone

from agencies.demo import Tally, upsert
from agencies.models import Agency, Sector
from datahub.models import Dataset
from fieldreports.models import ReportCategory
from indicators import periods
from indicators.demo import HISTORY, MONTHLY, QUARTERLY, YEARLY, DemoIndicator, _deliver, demo_value
from indicators.models import Indicator
from layers.models import Layer
from services.models import ServicePage

SYNTHETIC = "Số liệu tổng hợp ngẫu nhiên (dữ liệu demo), không phải số liệu thật."
M, Q, Y = periods.MONTH, periods.QUARTER, periods.YEAR
EVERY = {M: MONTHLY, Q: QUARTERLY, Y: YEARLY}
COUNTED = {"tin bài", "cuộc", "vụ", "người", "ca", "bản tin"}  # units of whole things: no decimals


@dataclass(frozen=True)
class DemoService:
    """What belongs to one service's page in the demo."""

    sector: str
    summary: str
    summary_en: str
    layers: tuple[str, ...] = ("admin-units",)
    alert_categories: tuple[str, ...] = ()
    device_kinds: tuple[str, ...] = ()
    all_report_categories: bool = False
    indicators: list[DemoIndicator] = field(default_factory=list)  # synthetic, of this service's sector


def _i(code: str, name: str, name_en: str, unit: str, period: str, agency: str, base: float, spread: float,
       **options: Any) -> DemoIndicator:  # fmt: skip
    return DemoIndicator(code, name, name_en, unit, period, agency, base, spread, **options)


DEMO_SERVICES = [
    DemoService("socio-economic-indicators", "Bộ chỉ tiêu kinh tế - xã hội của tỉnh: giá trị mới nhất so với mục tiêu.",
                "The province's socio-economic indicator set: latest values against their targets."),
    DemoService("field-reports", "Phản ánh hiện trường và kiến nghị cử tri: mọi nhóm phản ánh và các cảnh báo đang mở.",
                "Field reports and voters' petitions: every category and the open alerts.",
                all_report_categories=True),
    DemoService("administrative-procedures", "Kết quả giải quyết thủ tục hành chính của các sở, ngành.",
                "Administrative procedure results of the departments."),
    DemoService("planning", "Dữ liệu quy hoạch và tra cứu quy hoạch.", "Planning data and lookup.",
                layers=("admin-units", "land-use-status")),
    DemoService("urban-space", "Giám sát thực hiện quy hoạch tỉnh và chỉ tiêu phát triển đô thị trên GIS.",
                "Implementation of the provincial plan and urban development indicators on GIS.",
                layers=("admin-units", "land-use-status")),
    DemoService("social-listening", "Lắng nghe dư luận báo chí - mạng xã hội về tỉnh (số liệu demo).",
                "Press and social-media listening about the province (demo figures).",
                alert_categories=("public_order",),
                indicators=[
                    _i("negative-mentions", "Số tin bài, bài đăng tiêu cực về tỉnh",
                       "Negative articles and posts about the province", "tin bài", M, "so-vhttdl", 48, 22, target=40,
                       warn_above=65, higher_is_better=False),
                    _i("misinformation-answered", "Tỷ lệ thông tin sai lệch được phản hồi trong 24 giờ",
                       "Misinformation answered within 24 hours", "%", M, "so-vhttdl", 86, 7, target=90, warn_below=75),
                ]),
    DemoService("disaster-weather", "Cảnh báo thời tiết nguy hiểm, thiên tai, ngập lụt, sạt lở (số liệu demo).",
                "Dangerous weather, disaster, flood and landslide warnings (demo figures).",
                layers=("admin-units", "flood-depth-demo"), alert_categories=("disaster", "storm", "flood"),
                device_kinds=("weather_station", "rain_gauge", "water_level"),
                indicators=[
                    _i("monthly-rainfall-nha-trang", "Lượng mưa tháng tại trạm Nha Trang", "Monthly rainfall at Nha "
                       "Trang station", "mm", M, "so-nnmt", 130, 120, warn_above=240),
                    _i("disaster-warnings-issued", "Số bản tin cảnh báo thiên tai đã phát", "Disaster warnings issued",
                       "bản tin", M, "so-nnmt", 4, 4),
                ]),
    DemoService("environment", "Quan trắc môi trường nước và không khí: trạm quan trắc và chỉ số VN_AQI.",
                "Water and air monitoring: stations and the VN_AQI.", layers=("admin-units", "iot-devices"),
                device_kinds=("air_quality", "water_quality")),
    DemoService("cyber-security", "Giám sát an toàn, an ninh mạng các hệ thống thông tin của tỉnh (số liệu demo).",
                "Cyber-security monitoring of the province's information systems (demo figures).",
                indicators=[
                    _i("cyber-attacks-detected", "Số cuộc tấn công mạng vào hệ thống thông tin của tỉnh được phát hiện",
                       "Cyber attacks detected on the province's systems", "cuộc", M, "ca-tinh", 130, 60,
                       target=100, warn_above=185, higher_is_better=False),
                    _i("systems-security-level-approved", "Tỷ lệ hệ thống thông tin được phê duyệt cấp độ an toàn",
                       "Information systems with an approved security level", "%", Q, "ca-tinh", 80, 3, target=100,
                       growth=1.5),
                ]),
    DemoService("traffic", "Giám sát điều hành giao thông: tai nạn, camera giao thông, phản ánh hư hỏng đường (số "
                "liệu demo).", "Traffic: accidents, traffic cameras, road-damage reports (demo figures).",
                alert_categories=("accident",), device_kinds=("camera",),
                indicators=[
                    _i("traffic-accidents", "Số vụ tai nạn giao thông", "Traffic accidents", "vụ", M, "ca-tinh", 36, 12,
                       target=30, warn_above=46, higher_is_better=False),
                    _i("traffic-deaths", "Số người chết do tai nạn giao thông", "Traffic deaths", "người", M, "ca-tinh",
                       17, 6, target=14, higher_is_better=False),
                ]),
    DemoService("health", "Phòng chống dịch bệnh: ca bệnh truyền nhiễm và tiêm chủng (số liệu demo).",
                "Epidemic prevention: infectious disease cases and vaccination (demo figures).",
                alert_categories=("epidemic",),
                indicators=[
                    _i("dengue-cases", "Số ca mắc sốt xuất huyết", "Dengue fever cases", "ca", M, "so-yt", 520, 300,
                       warn_above=760, higher_is_better=False),
                    _i("child-full-immunisation", "Tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ",
                       "Children under one fully immunised", "%", M, "so-yt", 95.5, 2.5, target=95, warn_below=92),
                ]),
    DemoService("education", "Thông tin ngành giáo dục: huy động học sinh, trường đạt chuẩn (số liệu demo).",
                "Education: enrolment and schools meeting national standards (demo figures).",
                indicators=[
                    _i("lower-secondary-enrolment", "Tỷ lệ huy động học sinh trong độ tuổi vào THCS",
                       "Lower-secondary enrolment of the age group", "%", Y, "so-gddt", 96.2, 0.8, target=97),
                    _i("schools-national-standard", "Tỷ lệ trường đạt chuẩn quốc gia", "Schools meeting the national "
                       "standard", "%", Y, "so-gddt", 66, 1.5, target=75, growth=2.5),
                ]),
    DemoService("iot-camera", "Dữ liệu IoT và camera hiện trường: thiết bị, dữ liệu mới nhất và thiết bị mất tín hiệu.",
                "IoT data and field cameras: devices, latest data and silent devices.",
                layers=("admin-units", "iot-devices"), alert_categories=("feed_interruption",),
                device_kinds=("air_quality", "water_quality", "water_level", "rain_gauge", "weather_station", "camera",
                              "street_light", "water_meter", "power_meter", "other")),
    DemoService("fire", "Phòng cháy, chữa cháy: vụ cháy và thời gian đến hiện trường (số liệu demo).",
                "Fire prevention and fighting: fires and response times (demo figures).", alert_categories=("fire",),
                indicators=[
                    _i("fires", "Số vụ cháy", "Fires", "vụ", M, "ca-tinh-pccc", 13, 7, target=10, warn_above=19,
                       higher_is_better=False),
                    _i("fire-response-minutes", "Thời gian trung bình lực lượng chữa cháy đến hiện trường",
                       "Average time for fire fighters to reach the scene", "phút", M, "ca-tinh-pccc", 11, 3,
                       target=10, higher_is_better=False),
                ]),
    DemoService("public-utilities",
                "Hạ tầng dịch vụ công ích: chiếu sáng công cộng, cấp nước, cây xanh (số liệu demo).",
                "Public utilities: street lighting, water supply, trees (demo figures).",
                device_kinds=("street_light", "water_meter", "power_meter"),
                indicators=[
                    _i("street-lights-working", "Tỷ lệ đèn chiếu sáng công cộng hoạt động", "Street lights working",
                       "%", M, "so-xd", 96, 2.5, target=98, warn_below=92),
                    _i("water-loss-rate", "Tỷ lệ thất thoát nước sạch", "Water lost in the supply network", "%", Q,
                       "so-xd", 19, 2.5, target=15, warn_above=23, higher_is_better=False),
                ]),
]  # fmt: skip


def load(stdout: TextIO) -> Tally:
    """Create the missing service pages and deliver the synthetic indicator values; a second run changes nothing."""
    tally = Tally()
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    for order, spec in enumerate(DEMO_SERVICES, start=1):
        sector = sectors.get(spec.sector)
        if sector is None:
            stdout.write(f"services: sector {spec.sector} missing; load agencies first.\n")
            continue
        tally.add("service pages", _page(spec, sector, order))
        missing = {indicator.agency for indicator in spec.indicators} - set(agencies)
        if missing:
            stdout.write(f"services: agencies {', '.join(sorted(missing))} missing; {spec.sector} has no data.\n")
            continue
        for indicator_order, indicator in enumerate(spec.indicators, start=100 + order * 10):
            _, outcome = upsert(Indicator, {"code": indicator.code},
                                _indicator_values(indicator, indicator_order, agencies, sector))  # fmt: skip
            tally.add("indicators", outcome)
        if spec.indicators:
            tally.add("deliveries", _deliver(_dataset(spec, sector, agencies, tally), _rows(spec.indicators)))
    stdout.write(tally.summary("services") + "\n")
    return tally


def _page(spec: DemoService, sector: Sector, order: int) -> str:
    # A row that exists is the management agency's to edit: the demo never overwrites it.
    if ServicePage.objects.filter(sector=sector).exists():
        return "kept"
    page = ServicePage.objects.create(
        sector=sector, summary=spec.summary, summary_en=spec.summary_en, order=order,
        alert_categories=list(spec.alert_categories), device_kinds=list(spec.device_kinds),
    )  # fmt: skip
    page.layers.set(Layer.objects.filter(slug__in=spec.layers))
    if spec.all_report_categories:
        page.report_categories.set(ReportCategory.objects.all())
    return "created"


def _indicator_values(spec: DemoIndicator, order: int, agencies: dict[str, Agency], sector: Sector) -> dict[str, Any]:
    decimal = lambda value: None if value is None else Decimal(str(value))  # noqa: E731
    return {
        "name": spec.name, "name_en": spec.name_en, "unit": spec.unit, "period": spec.period, "level": spec.level,
        "aggregation": spec.aggregation, "agency": agencies[spec.agency], "sector": sector,
        "target": decimal(spec.target), "warn_above": decimal(spec.warn_above), "warn_below": decimal(spec.warn_below),
        "higher_is_better": spec.higher_is_better, "order": order, "description": f"Chỉ tiêu mẫu. {SYNTHETIC}",
    }  # fmt: skip


def _dataset(spec: DemoService, sector: Sector, agencies: dict[str, Agency], tally: Tally) -> Dataset:
    first = spec.indicators[0]
    values = {
        "name": f"{sector.name} (dữ liệu demo)", "name_en": f"{sector.name_en} (demo data)",
        "provider": agencies[first.agency], "sector": sector, "format": "csv", "arrival": "file",
        "expected_every": min(EVERY[indicator.period] for indicator in spec.indicators),
        "target": "indicator_values", "description": SYNTHETIC,
    }  # fmt: skip
    dataset, outcome = upsert(Dataset, {"code": f"demo-{sector.code}"}, values)
    tally.add("datasets", outcome)
    return dataset


def _rows(indicators: list[DemoIndicator]) -> list[dict[str, object]]:
    today = timezone.localdate()
    return [
        {"indicator": spec.code, "period": periods.label(spec.period, start), "unit_code": "",
         "value": str(_value(spec, start)), "uom": spec.unit}
        for spec in indicators
        for start in periods.recent(spec.period, today, HISTORY[spec.period])
    ]  # fmt: skip


def _value(spec: DemoIndicator, start: datetime.date) -> Decimal:
    value = demo_value(spec, start)
    return value.quantize(Decimal(1)) if spec.unit in COUNTED else value
