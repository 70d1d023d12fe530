"""Demo data of alerts: the routing table of the demo agencies and three hazard rules.

The rules read the hazard layers vung-ngap and vung-sat-lo (synthetic zones imported by the education demo,
sectors/education/demo.py, whose import runs them) or the synthetic flood-depth raster, and have no schedule.
Importing a flood extent as vung-ngap (manage.py import_layer FILE --slug vung-ngap), or the admin's "run" action,
runs them again. Rows that exist are kept as edited.
"""

from typing import Any, TextIO

from agencies.models import Agency, Sector
from alerts.models import AlertRule, SectorRoute

# sector code -> (department code, the department leads, note)
ROUTES: dict[str, tuple[str, bool, str]] = {
    "disaster-weather": ("so-nnmt", False, "Sở NN&MT: thường trực phòng chống thiên tai"),
    "environment": ("so-nnmt", False, ""),
    "fire": ("ca-tinh-pccc", False, "Phòng Cảnh sát PCCC và CNCH"),
    "health": ("so-yt", False, ""),
    "education": ("so-gddt", False, ""),
    "traffic": ("so-xd", False, "Sở Xây dựng quản lý giao thông từ 2025"),
    "planning": ("so-xd", False, ""),
    "urban-space": ("so-xd", False, ""),
    "public-utilities": ("so-xd", False, ""),
    "cyber-security": ("ca-tinh", True, "An ninh mạng: cơ quan cấp tỉnh chủ trì"),
    "socio-economic-indicators": ("so-tc", True, "Chỉ tiêu cấp tỉnh"),
    "social-listening": ("so-vhttdl", True, ""),
}
RESIDENTIAL = ["ODT", "ONT"]
RULES: list[dict[str, Any]] = [
    {
        "key": "ngap-lut-khu-dan-cu", "name": "Ngập lụt khu dân cư", "rule_type": "spatial_intersection",
        "category": "flood", "severity": "severe", "sector": "disaster-weather",
        "params": {
            "hazard": {"source": "layer", "layer": "vung-ngap"},
            "exposure": {"source": "plan_lots", "land_use": RESIDENTIAL},
            "min_area_m2": 20, "feature_label": "lô đất ở",
        },
    },
    {
        "key": "sat-lo-khu-dan-cu", "name": "Sạt lở khu dân cư", "rule_type": "spatial_intersection",
        "category": "disaster", "severity": "severe", "sector": "disaster-weather",
        "params": {
            "hazard": {"source": "layer", "layer": "vung-sat-lo"},
            "exposure": {"source": "current_land_use", "land_use": RESIDENTIAL},
            "feature_label": "khu đất ở",
        },
    },
    {
        "key": "ngap-sau-khu-dan-cu", "name": "Ngập sâu trên 0,5 m tại khu dân cư", "rule_type": "raster_zonal",
        "category": "flood", "severity": "severe", "sector": "disaster-weather",
        "params": {
            "raster": {"layer": "flood-depth-demo"}, "threshold": 0.5,
            "exposure": {"source": "plan_lots", "land_use": RESIDENTIAL}, "feature_label": "lô đất ở",
        },
    },
]  # fmt: skip


def load(stdout: TextIO) -> None:
    """Create the missing routes and rules; a second run changes nothing, and edits in the admin are kept."""
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    agencies = {agency.code: agency for agency in Agency.objects.filter(kind=Agency.Kind.PROCESSING)}
    routes = 0
    for sector_code, (department, leads, note) in ROUTES.items():
        if sector_code not in sectors or department not in agencies:
            continue  # the agencies demo is not loaded
        _route, created = SectorRoute.objects.get_or_create(
            sector=sectors[sector_code], category="",
            defaults={"department": agencies[department], "department_leads": leads, "note": note},
        )  # fmt: skip
        routes += created
    rules = 0
    for definition in RULES:
        values = {**definition, "sector": sectors.get(definition["sector"])}
        _rule, created = AlertRule.objects.get_or_create(key=values.pop("key"), defaults=values)
        rules += created
    stdout.write(f"alerts: {routes} routes and {rules} rules created.\n")
