"""Demo data of the cyber sector: a synthetic inventory of systems and incidents, entered through the real intake.

Everything here is invented (names say "dữ liệu demo"); incident times are counted back from the first day of the
current month, so a second run in the same month changes nothing.
"""

import datetime
from typing import TextIO

from django.utils import timezone

from agencies.demo import Tally, upsert
from agencies.models import Agency
from core.errors import Conflict
from indicators.models import Indicator
from sectors.cyber.intake import IncidentReport, record
from sectors.cyber.models import CyberIncident, Hosting, InformationSystem

DC, OWN, CLOUD, COMMERCIAL = (Hosting.PROVINCIAL_DATA_CENTRE, Hosting.AGENCY_PREMISES, Hosting.GOVERNMENT_CLOUD,
                              Hosting.COMMERCIAL)  # fmt: skip
# code, name, owner, hosting, level, dossier approved, last assessment (months ago, None: never)
SYSTEMS = [
    ("cong-dvc-demo", "Cổng dịch vụ công tỉnh (dữ liệu demo)", "vp-ubnd-tinh", DC, 3, True, 8),
    ("qlvb-demo", "Hệ thống quản lý văn bản và điều hành (dữ liệu demo)", "vp-ubnd-tinh", DC,
     3, True, 30),
    ("thue-ngan-sach-demo", "Phần mềm quản lý ngân sách (dữ liệu demo)", "so-tc", OWN, 3, False, None),
    ("ho-so-suc-khoe-demo", "Hồ sơ sức khỏe điện tử (dữ liệu demo)", "so-yt", CLOUD, 4, True, 14),
    ("csdl-nganh-gd-demo", "Cơ sở dữ liệu ngành giáo dục (dữ liệu demo)", "so-gddt", COMMERCIAL, 2, False, 10),
    ("gis-xay-dung-demo", "Hệ thống GIS quản lý xây dựng (dữ liệu demo)", "so-xd", DC, 2,
     True, 5),
]  # fmt: skip

# reference, title, kind, severity, source, systems, detected (days before the anchor, hour), hours to contain,
# hours to resolve (None: still open)
INCIDENTS = [
    ("demo-2026-001", "Quét cổng dò lỗ hổng từ địa chỉ nước ngoài", "vulnerability", "minor", "soc",
     ["cong-dvc-demo"], (170, 9), 2, 6),
    ("demo-2026-002", "Thư lừa đảo giả mạo Văn phòng UBND tỉnh", "phishing", "moderate", "agency", ["qlvb-demo"],
     (150, 14), 5, 30),
    ("demo-2026-003", "Mã độc tống tiền trên máy trạm kế toán", "malware", "severe", "national",
     ["thue-ngan-sach-demo"], (120, 8), 3, 72),
    ("demo-2026-004", "Tấn công từ chối dịch vụ vào cổng dịch vụ công", "ddos", "severe", "soc", ["cong-dvc-demo"],
     (95, 20), 1, 8),
    ("demo-2026-005", "Thay đổi giao diện trang con của cơ sở dữ liệu giáo dục", "defacement", "moderate", "soc",
     ["csdl-nganh-gd-demo"], (70, 7), 4, 20),
    ("demo-2026-006", "Đăng nhập bất thường vào hồ sơ sức khỏe", "intrusion", "moderate", "soc",
     ["ho-so-suc-khoe-demo"], (45, 23), 6, 48),
    ("demo-2026-007", "Lộ lọt danh sách tài khoản thử nghiệm", "data_leak", "minor", "agency", ["gis-xay-dung-demo"],
     (30, 10), 12, 96),
    ("demo-2026-008", "Mã độc đào tiền ảo trên máy chủ quản lý văn bản", "malware", "moderate", "national",
     ["qlvb-demo"], (12, 15), 8, None),
    ("demo-2026-009", "Tấn công dò mật khẩu cổng dịch vụ công", "intrusion", "severe", "soc", ["cong-dvc-demo"],
     (3, 2), None, None),
    ("demo-2026-010", "Lỗ hổng chưa vá trên máy chủ ngân sách", "vulnerability", "minor", "soc",
     ["thue-ngan-sach-demo"], (1, 11), None, None),
]  # fmt: skip


# The synthetic indicators services/demo.py used to load for this sector; its figures are now computed from the
# register and shown only to those allowed, so an older demo database has them switched off.
RETIRED_INDICATORS = ("cyber-attacks-detected", "systems-security-level-approved")


def load(stdout: TextIO) -> Tally:
    """Upsert the synthetic systems and record the synthetic incidents (each raising its restricted alert)."""
    tally = Tally()
    if Indicator.objects.filter(code__in=RETIRED_INDICATORS, is_active=True).update(is_active=False):
        stdout.write("cyber: the former synthetic indicators of the sector are switched off.\n")
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    today = timezone.localdate()
    for code, name, owner, hosting, level, approved, months_ago in SYSTEMS:
        if owner not in agencies:
            stdout.write(f"cyber: agency {owner} missing; load agencies first.\n")
            return tally
        assessed = None if months_ago is None else today - datetime.timedelta(days=30 * months_ago)
        values = {"name": name, "owner": agencies[owner], "hosting": hosting, "security_level": level,
                  "level_dossier_approved": approved, "last_assessed_on": assessed, "synthetic": True}  # fmt: skip
        tally.add("systems", upsert(InformationSystem, {"code": code}, values)[1])
    anchor = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for reference, title, kind, severity, source, systems, (days, hour), contain, resolve in INCIDENTS:
        if CyberIncident.objects.filter(reference=reference).exists():
            tally.add("incidents", "unchanged")
            continue
        detected = anchor - datetime.timedelta(days=days) + datetime.timedelta(hours=hour)
        times = {
            "reported_at": detected + datetime.timedelta(minutes=30),
            "contained_at": detected + datetime.timedelta(hours=contain) if contain is not None else None,
            "resolved_at": detected + datetime.timedelta(hours=resolve) if resolve is not None else None,
        }
        report = IncidentReport(reference, f"{title} (dữ liệu demo)", source, systems, detected, kind, severity,
                                "Sự cố giả lập để trình diễn; không phải sự cố thật.", times)  # fmt: skip
        try:
            record(report)
        except Conflict as exc:  # its alert was closed by hand since the last run
            stdout.write(f"cyber: {reference} kept: {exc.message}\n")
            continue
        CyberIncident.objects.filter(reference=reference).update(synthetic=True)
        tally.add("incidents", "created")
    stdout.write(tally.summary("cyber") + "\n")
    return tally
