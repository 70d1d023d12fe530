"""Demo data of agencies: the 16 services of Appendix I, the agencies of Article 2 and DEMO contacts.

Names of agencies follow the 2025 reorganisation (merged departments, two-level local government).
Every contact person is synthetic: the note field says so and emails start with "demo.".
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import models

from agencies.models import Agency, AgencyContact, Sector
from gis_core.models import TWO_LEVEL_GOVERNMENT as DEMO_CONTACTS_SINCE
from gis_core.models import AdminUnit

DEMO_NOTE = "Liên hệ mẫu (dữ liệu demo, không phải người thật)"
EMAIL_DOMAIN = "khanhhoa.gov.vn"

# (number, code, short Vietnamese name, English name, wording of Appendix I)
SECTORS: list[tuple[int, str, str, str, str]] = [
    (1, "socio-economic-indicators", "Chỉ tiêu kinh tế - xã hội", "Socio-economic indicators",
     "Dịch vụ thống kê, phân tích, cung cấp số liệu các chỉ tiêu kinh tế - xã hội theo Bộ chỉ tiêu phục vụ chỉ "
     "đạo, điều hành của Ủy ban nhân dân tỉnh."),
    (2, "field-reports", "Phản ánh hiện trường", "Field reports and feedback",
     "Dịch vụ phản ánh hiện trường: Tiếp nhận, xử lý ý kiến góp ý, phản ánh của tổ chức, công dân về kinh tế - xã "
     "hội; Tiếp nhận, xử lý kiến nghị cử tri."),
    (3, "administrative-procedures", "Kết quả giải quyết thủ tục hành chính", "Administrative procedure results",
     "Dịch vụ cung cấp thông tin kết quả giải quyết các thủ tục hành chính."),
    (4, "planning", "Quản lý và tra cứu quy hoạch", "Planning data and lookup",
     "Dịch vụ cung cấp dữ liệu, thông tin quản lý và tra cứu quy hoạch (quy hoạch chung, quy hoạch phân khu, quy "
     "hoạch xây dựng, quy hoạch sử dụng đất, quy hoạch chuyên ngành,...)."),
    (5, "urban-space", "Giám sát không gian tài nguyên đô thị", "Urban resource space monitoring",
     "Dịch vụ phân tích, giám sát không gian tài nguyên đô thị: Giám sát tình hình, kết quả thực hiện quy hoạch tỉnh "
     "và các chỉ tiêu phát triển đô thị trên nền tảng GIS."),
    (6, "social-listening", "Phân tích thông tin mạng xã hội", "Social-media and press listening",
     "Dịch vụ phân tích thông tin mạng xã hội (lắng nghe dư luận báo chí - mạng xã hội)."),
    (7, "disaster-weather", "Cảnh báo thời tiết nguy hiểm, thiên tai", "Dangerous weather and disaster warnings",
     "Dịch vụ phân tích và cung cấp thông tin cảnh báo thời tiết nguy hiểm, thiên tai, ngập lụt, sạt lở,..."),
    (8, "environment", "Quan trắc môi trường nước và không khí", "Water and air environmental monitoring",
     "Dịch vụ phân tích và cung cấp thông tin quan trắc môi trường nước và không khí."),
    (9, "cyber-security", "Giám sát an toàn, an ninh mạng", "Cyber-security monitoring",
     "Dịch vụ phân tích và cung cấp thông tin giám sát an toàn, an ninh mạng cho các hệ thống thông tin."),
    (10, "traffic", "Giám sát điều hành giao thông (IOC Giao thông)", "Traffic monitoring (IOC Traffic)",
     "Dịch vụ phân tích và cung cấp thông tin giám sát điều hành giao thông (IOC Giao thông)."),
    (11, "health", "Phòng chống dịch bệnh (IOC Y tế)", "Epidemic prevention (IOC Health)",
     "Dịch vụ phân tích và cung cấp thông tin phòng chống dịch bệnh (IOC Y tế)."),
    (12, "education", "Thông tin ngành giáo dục (IOC Giáo dục)", "Education sector information (IOC Education)",
     "Dịch vụ phân tích và cung cấp thông tin ngành giáo dục (IOC Giáo dục)."),
    (13, "iot-camera", "Dữ liệu IoT và camera hiện trường", "IoT data and field cameras",
     "Dịch vụ phân tích, cung cấp thông tin, dữ liệu IoT và giám sát, cảnh báo qua dữ liệu camera hiện trường."),
    (14, "fire", "Phòng cháy, chữa cháy", "Fire prevention and fighting",
     "Dịch vụ phân tích, cảnh báo, cung cấp thông tin phòng cháy, chữa cháy."),
    (15, "public-utilities", "Hạ tầng dịch vụ công ích", "Public utilities (power, water, trees, street lighting)",
     "Dịch vụ giám sát, điều khiển hạ tầng dịch vụ công ích (cấp điện, cấp nước, cây xanh, điện chiếu sáng công "
     "cộng,...)."),
    (16, "new-services", "Dịch vụ phát sinh mới theo yêu cầu", "New services on demand",
     "Các dịch vụ phát sinh mới theo yêu cầu thực tiễn hoặc theo chỉ đạo của Ủy ban nhân dân tỉnh."),
]  # fmt: skip


@dataclass(frozen=True)
class AgencySpec:
    """A provincial agency of the demo and who leads it."""

    code: str
    name: str
    name_en: str
    kind: str
    sectors: tuple[str, ...]
    leader_position: str
    unit_codes: tuple[str, ...] = ()  # empty: jurisdiction over the whole province

    @property
    def whole_province(self) -> bool:
        return not self.unit_codes


_P, _M, _O, _D = Agency.Kind.PROCESSING, Agency.Kind.MANAGEMENT, Agency.Kind.OPERATING, Agency.Kind.DATA_PROVIDER
NHA_TRANG_WARDS = ("22333", "22366", "22390", "22402")

PROVINCIAL_AGENCIES: list[AgencySpec] = [
    AgencySpec("so-khcn", "Sở Khoa học và Công nghệ tỉnh Khánh Hòa", "Khánh Hòa Department of Science and Technology",
               _M, ("cyber-security", "new-services"), "Giám đốc Sở"),
    AgencySpec("ttcds", "Trung tâm Chuyển đổi số tỉnh Khánh Hòa", "Khánh Hòa Digital Transformation Center (IOC)",
               _O, ("iot-camera",), "Giám đốc Trung tâm"),
    AgencySpec("vp-ubnd-tinh", "Văn phòng Ủy ban nhân dân tỉnh Khánh Hòa",
               "Office of the Khánh Hòa Provincial People's Committee",
               _P, ("field-reports", "administrative-procedures"), "Chánh Văn phòng"),
    AgencySpec("so-tc", "Sở Tài chính tỉnh Khánh Hòa", "Khánh Hòa Department of Finance",
               _P, ("socio-economic-indicators",), "Giám đốc Sở"),
    AgencySpec("so-xd", "Sở Xây dựng tỉnh Khánh Hòa", "Khánh Hòa Department of Construction",
               _P, ("planning", "urban-space", "traffic", "public-utilities"), "Giám đốc Sở"),
    AgencySpec("so-nnmt", "Sở Nông nghiệp và Môi trường tỉnh Khánh Hòa",
               "Khánh Hòa Department of Agriculture and Environment",
               _P, ("planning", "disaster-weather", "environment"), "Giám đốc Sở"),
    AgencySpec("so-yt", "Sở Y tế tỉnh Khánh Hòa", "Khánh Hòa Department of Health", _P, ("health",), "Giám đốc Sở"),
    AgencySpec("so-gddt", "Sở Giáo dục và Đào tạo tỉnh Khánh Hòa", "Khánh Hòa Department of Education and Training",
               _P, ("education",), "Giám đốc Sở"),
    AgencySpec("so-ct", "Sở Công Thương tỉnh Khánh Hòa", "Khánh Hòa Department of Industry and Trade",
               _P, ("public-utilities",), "Giám đốc Sở"),
    AgencySpec("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch tỉnh Khánh Hòa",
               "Khánh Hòa Department of Culture, Sports and Tourism", _P, ("social-listening",), "Giám đốc Sở"),
    AgencySpec("so-nv", "Sở Nội vụ tỉnh Khánh Hòa", "Khánh Hòa Department of Home Affairs",
               _P, ("administrative-procedures",), "Giám đốc Sở"),
    AgencySpec("ca-tinh", "Công an tỉnh Khánh Hòa", "Khánh Hòa Provincial Police",
               _P, ("cyber-security", "traffic", "iot-camera", "fire"), "Giám đốc Công an tỉnh"),
    AgencySpec("ca-tinh-pccc", "Phòng Cảnh sát PCCC và CNCH - Công an tỉnh Khánh Hòa",
               "Fire and Rescue Police Division, Khánh Hòa Provincial Police", _P, ("fire",), "Trưởng phòng"),
    AgencySpec("bchqs-tinh", "Bộ Chỉ huy Quân sự tỉnh Khánh Hòa", "Khánh Hòa Provincial Military Command",
               _P, ("disaster-weather",), "Chỉ huy trưởng"),
    AgencySpec("dien-luc-kh", "Công ty Điện lực Khánh Hòa", "Khánh Hòa Power Company",
               _P, ("public-utilities",), "Giám đốc Công ty"),
    AgencySpec("do-thi-nha-trang", "Công ty Cổ phần Đô thị Nha Trang", "Nha Trang Urban Joint Stock Company",
               _P, ("public-utilities",), "Tổng Giám đốc", NHA_TRANG_WARDS),
    AgencySpec("cap-thoat-nuoc-kh", "Công ty Cổ phần Cấp thoát nước Khánh Hòa",
               "Khánh Hòa Water Supply and Sewerage Joint Stock Company", _P, ("public-utilities",), "Tổng Giám đốc"),
    AgencySpec("dai-kttv-kh", "Đài Khí tượng Thủy văn tỉnh Khánh Hòa", "Khánh Hòa Hydro-Meteorological Station",
               _D, ("disaster-weather", "environment"), "Giám đốc Đài"),
]  # fmt: skip

UNIT_KIND_EN: dict[str, str] = {
    AdminUnit.Kind.COMMUNE: "Commune",
    AdminUnit.Kind.WARD: "Ward",
    AdminUnit.Kind.SPECIAL_ZONE: "Special Zone",
}
UNIT_KIND_PREFIX: dict[str, str] = {
    AdminUnit.Kind.COMMUNE: "Xã ",
    AdminUnit.Kind.WARD: "Phường ",
    AdminUnit.Kind.SPECIAL_ZONE: "Đặc khu ",
}

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
_MIDDLE = ("Văn", "Thị", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu", "Đức", "Thu", "Xuân")
_GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Khánh", "Lan", "Long",
          "Mai", "Nam", "Nga", "Phong", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy",
          "Yến")  # fmt: skip


class Tally(Counter[str]):
    """Counts of created / updated / unchanged rows per kind of record."""

    def add(self, kind: str, outcome: str) -> None:
        self[f"{kind} {outcome}"] += 1

    def wrote(self) -> bool:
        return any(count for key, count in self.items() if key.endswith((" created", " updated")))

    def summary(self, app: str) -> str:
        if not self.wrote():
            return f"{app}: nothing to change ({', '.join(f'{n} {key}' for key, n in sorted(self.items()))})."
        return f"{app}: {', '.join(f'{n} {key}' for key, n in sorted(self.items()) if n)}."


def upsert[M: models.Model](model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[M, str]:
    """Create or update one row, writing only changed fields; return it and 'created'/'updated'/'unchanged'."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    return obj, "updated"


def sync_m2m(obj: models.Model, field: str, targets: Sequence[models.Model]) -> bool:
    """Make a many-to-many field hold exactly the targets; return whether it had to change."""
    manager = getattr(obj, field)
    if set(manager.values_list("pk", flat=True)) == {target.pk for target in targets}:
        return False
    manager.set(targets)
    return True


def load(stdout: TextIO) -> Tally:
    """Upsert the sectors, agencies and demo contacts; a second run writes nothing and says so."""
    tally = Tally()
    sectors = _load_sectors(tally)
    for index, spec in enumerate(PROVINCIAL_AGENCIES):
        units = list(AdminUnit.objects.filter(code__in=spec.unit_codes))
        agency = _upsert_agency(spec, [sectors[code] for code in spec.sectors], units, tally)
        _upsert_contacts(agency, index, spec.leader_position, tally, focal_count=2 if spec.kind == _O else 1)
    communes = list(AdminUnit.objects.order_by("code"))
    if not communes:
        stdout.write("agencies: no administrative units loaded; People's Committees skipped (load gis_core first).\n")
    for index, unit in enumerate(communes, start=len(PROVINCIAL_AGENCIES)):
        agency = _upsert_agency(_committee_spec(unit), [], [unit], tally, all_sectors=True)
        _upsert_contacts(
            agency, index, "Chủ tịch Ủy ban nhân dân", tally, focal_position="Công chức Văn phòng HĐND và UBND"
        )
    stdout.write(tally.summary("agencies") + "\n")
    return tally


def _load_sectors(tally: Tally) -> dict[str, Sector]:
    sectors = {}
    for number, code, name, name_en, description in SECTORS:
        values = {"number": number, "name": name, "name_en": name_en, "description": description}
        sectors[code], outcome = upsert(Sector, {"code": code}, values)
        tally.add("sectors", outcome)
    return sectors


def _committee_spec(unit: AdminUnit) -> AgencySpec:
    place = unit.name.removeprefix(UNIT_KIND_PREFIX.get(unit.kind, ""))
    name_en = f"{place} {UNIT_KIND_EN.get(unit.kind, 'Unit')} People's Committee"
    return AgencySpec(f"ubnd-{unit.code}", f"UBND {unit.name}", name_en, _P, (), "", (unit.code,))


def _upsert_agency(
    spec: AgencySpec, sectors: list[Sector], units: list[AdminUnit], tally: Tally, all_sectors: bool = False
) -> Agency:
    values = {
        "name": spec.name,
        "name_en": spec.name_en,
        "kind": spec.kind,
        "whole_province": spec.whole_province,
        "all_sectors": all_sectors,
    }
    agency, outcome = upsert(Agency, {"code": spec.code}, values)
    relations_changed = sync_m2m(agency, "sectors", sectors) | sync_m2m(agency, "units", units)
    tally.add("agencies", "updated" if outcome == "unchanged" and relations_changed else outcome)
    return agency


def _upsert_contacts(
    agency: Agency,
    index: int,
    leader_position: str,
    tally: Tally,
    focal_count: int = 1,
    focal_position: str = "Chuyên viên đầu mối tiếp nhận cảnh báo IOC",
) -> None:
    # Real contacts registered by the operator are never mixed with, or replaced by, demo ones.
    if agency.contacts.exclude(note=DEMO_NOTE).exists():
        tally.add("contacts", "kept (real contacts present)")
        return
    wanted = [(AgencyContact.Role.LEADER, "lanhdao", leader_position, _landline(index))]
    wanted += [
        (AgencyContact.Role.FOCAL, f"daumoi{n or ''}", focal_position, _mobile(index * 3 + n))
        for n in range(focal_count)
    ]
    for slot, (role, mailbox, position, phone) in enumerate(wanted):
        values = {
            "role": role,
            "full_name": _person_name(index * 3 + slot),
            "position": position,
            "phone": phone,
            "since": DEMO_CONTACTS_SINCE,
            "until": None,
            "note": DEMO_NOTE,
        }
        email = f"demo.{mailbox}.{agency.code}@{EMAIL_DOMAIN}"
        _contact, outcome = upsert(AgencyContact, {"agency": agency, "email": email}, values)
        tally.add("contacts", outcome)


def _person_name(seed: int) -> str:
    return f"{_FAMILY[seed % len(_FAMILY)]} {_MIDDLE[seed * 7 % len(_MIDDLE)]} {_GIVEN[seed * 11 % len(_GIVEN)]}"


def _landline(seed: int) -> str:
    """A 0258 (Khánh Hòa area code) number; synthetic."""
    return f"02583{(510_000 + seed * 7_919) % 1_000_000:06d}"


def _mobile(seed: int) -> str:
    """A 09… mobile number; synthetic."""
    return f"09{(13_572_468 + seed * 104_729) % 100_000_000:08d}"
