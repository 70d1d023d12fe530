"""Demo data of the service pages: one configuration row for each of the 15 services of Appendix I, and a small
synthetic indicator set for the one service no app covers in depth yet (weather and disaster); the sector apps
(sectors/) compute their figures from their own data.

The values are synthetic (indicators.demo.demo_value: a deterministic function of indicator and period) and reach
the database through the real pipeline (datahub.arrivals.receive), so they carry their lineage like real data; a
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
from indicators.demo import HISTORY, MONTHLY, QUARTERLY, YEARLY, DemoIndicator, deliver_demo_rows, demo_value
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
    # Its figures are computed from the mentions and responses (sectors/listening), not synthetic indicators.
    DemoService("social-listening", "Lắng nghe dư luận báo chí - mạng xã hội về tỉnh: tin bài, chủ đề, phản hồi.",
                "Press and social-media listening about the province: mentions, topics, responses.",
                alert_categories=("media",)),
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
    # Its figures are computed from the stations' readings (iot.panel: VN_AQI by hour and day, VN_WQI by sample).
    DemoService("environment", "Quan trắc môi trường nước và không khí: trạm quan trắc, chỉ số VN_AQI và VN_WQI "
                "(trạm demo mô phỏng).", "Water and air monitoring: stations, the VN_AQI and the VN_WQI (simulated "
                "demo stations).", layers=("admin-units", "iot-devices"),
                device_kinds=("air_quality", "water_quality")),
    # Its figures are computed from the incident register (sectors/cyber/figures.py), shown only to those allowed.
    DemoService("cyber-security", "Giám sát an toàn, an ninh mạng các hệ thống thông tin của tỉnh (số liệu demo).",
                "Cyber-security monitoring of the province's information systems (demo figures)."),
    DemoService("traffic", "Giám sát điều hành giao thông: tình trạng giao thông theo đoạn đường, sự cố, camera giao "
                "thông (số liệu demo).", "Traffic: traffic by road segment, road incidents, traffic cameras (demo "
                "figures).", layers=("admin-units", "traffic-congestion"), alert_categories=("accident", "traffic"),
                device_kinds=("camera",)),
    DemoService("health", "Phòng chống dịch bệnh: cơ sở y tế, ca bệnh truyền nhiễm theo tuần, kênh dịch tễ và tiêm "
                "chủng (số liệu demo).", "Epidemic prevention: health facilities, weekly notifiable disease cases, "
                "the endemic channel and vaccination (demo figures).",
                layers=("admin-units", "co-so-y-te"), alert_categories=("epidemic",)),
    DemoService("education", "Thông tin ngành giáo dục: trường học, học sinh, giáo viên, trường trong vùng thiên tai "
                "và trường tạm đóng cửa (số liệu demo).", "Education: schools, pupils, teachers, schools in hazard "
                "zones and closed schools (demo figures).", layers=("admin-units", "truong-hoc"),
                alert_categories=("flood", "disaster")),
    DemoService("iot-camera", "Dữ liệu IoT và camera hiện trường: thiết bị, dữ liệu mới nhất và thiết bị mất tín hiệu.",
                "IoT data and field cameras: devices, latest data and silent devices.",
                layers=("admin-units", "iot-devices"), alert_categories=("feed_interruption",),
                device_kinds=("air_quality", "water_quality", "water_level", "rain_gauge", "weather_station", "camera",
                              "street_light", "water_meter", "power_meter", "other")),
    # Indicators and layers of the fire service come from its registers (sectors.fire.figures, sectors.fire.layers).
    DemoService("fire", "Phòng cháy, chữa cháy: đội chữa cháy và vùng tiếp cận, nguồn nước, cơ sở nguy cơ cháy nổ cao "
                "và vụ cháy, cứu nạn cứu hộ.",
                "Fire prevention and fighting: stations and their reach, water sources, high-risk premises, fire and "
                "rescue incidents.", layers=("admin-units", "road-network"), alert_categories=("fire", "fire_safety")),
    # Its figures are computed from the street-light cabinets and meters (iot.panel, iot.meters), not synthetic.
    DemoService("public-utilities",
                "Hạ tầng dịch vụ công ích: chiếu sáng công cộng, cấp nước, điện (thiết bị demo mô phỏng).",
                "Public utilities: street lighting, water supply, electricity (simulated demo devices).",
                device_kinds=("street_light", "water_meter", "power_meter")),
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
            tally.add("deliveries", deliver_demo_rows(_dataset(spec, sector, agencies, tally), _rows(spec.indicators)))
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
