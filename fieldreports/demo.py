"""Demo categories of field reports (Open311 services) and the voters' petition kind.

Missing categories and questions are created; existing ones are left as the management agency edited them,
so running the loader again changes nothing.
"""

from dataclasses import dataclass, field
from typing import Any, TextIO

from agencies.demo import Tally
from agencies.models import Sector
from fieldreports.choices import AttributeType, CategoryKind
from fieldreports.models import CategoryAttribute, ReportCategory

DEADLINE_NOTICE = (
    "Phản ánh được Trung tâm IOC kiểm tra trong 1 giờ, chuyển cơ quan có thẩm quyền và xử lý trong 5 ngày làm việc "
    "(Quy chế ban hành kèm Quyết định 2421/QĐ-UBND)."
)
DEADLINE_NOTICE_EN = (
    "The IOC checks the report within 1 hour and forwards it to the competent agency, which handles it within 5 "
    "working days (regulation of Decision 2421/QĐ-UBND)."
)


@dataclass
class Question:
    code: str
    description: str
    description_en: str
    datatype: str = AttributeType.STRING
    required: bool = False
    values: list[dict[str, str]] = field(default_factory=list)


@dataclass
class DemoCategory:
    service_code: str
    name: str
    name_en: str
    sector: str
    group: str
    keywords: str
    description: str = ""
    description_en: str = ""
    kind: str = CategoryKind.PUBLIC
    questions: list[Question] = field(default_factory=list)


_YES_NO = [{"key": "yes", "name": "Có", "name_en": "Yes"}, {"key": "no", "name": "Không", "name_en": "No"}]

CATEGORIES: list[DemoCategory] = [
    DemoCategory("road-damage", "Hư hỏng mặt đường, vỉa hè", "Damaged road or pavement", "traffic", "traffic",
                 "ổ gà, sụt lún, vỉa hè, pothole, sinkhole",
                 "Ổ gà, sụt lún, nứt vỡ mặt đường, vỉa hè, nắp hố ga.",
                 "Potholes, subsidence, broken road surface, pavement or manhole covers."),
    DemoCategory("encroachment", "Lấn chiếm vỉa hè, lòng đường", "Pavement or roadway encroachment", "traffic",
                 "urban-order", "lấn chiếm, buôn bán, để xe, encroachment"),
    DemoCategory("streetlight-out", "Đèn chiếu sáng công cộng hỏng", "Street light out", "public-utilities",
                 "utilities", "đèn đường, chiếu sáng, streetlight",
                 questions=[
                     Question("state", "Đèn đang thế nào?", "What is the light doing?", AttributeType.SINGLE, True,
                              [{"key": "off", "name": "Không sáng", "name_en": "Off at night"},
                               {"key": "flicker", "name": "Chập chờn", "name_en": "Flickering"},
                               {"key": "day", "name": "Sáng cả ban ngày", "name_en": "On during the day"}]),
                     Question("pole", "Số hiệu cột đèn (nếu thấy)", "Pole number (if visible)"),
                 ]),
    DemoCategory("fallen-tree", "Cây xanh gãy đổ, nguy cơ gãy đổ", "Fallen or dangerous tree", "public-utilities",
                 "utilities", "cây xanh, gãy cành, tree",
                 questions=[Question("blocking", "Cây có chắn đường không?", "Is it blocking the road?",
                                     AttributeType.SINGLE, False, _YES_NO)]),
    DemoCategory("water-leak", "Rò rỉ, vỡ ống cấp nước", "Water main leak or burst", "public-utilities",
                 "utilities", "nước sạch, vỡ ống, water leak"),
    DemoCategory("waste", "Rác thải, đổ trộm phế thải", "Litter or illegal dumping", "environment", "environment",
                 "rác, phế thải, xà bần, waste, dumping"),
    DemoCategory("pollution", "Ô nhiễm mùi, khói, nước thải", "Odour, smoke or wastewater pollution",
                 "environment", "environment", "ô nhiễm, nước thải, khói, pollution"),
    DemoCategory("flooding", "Ngập úng đường phố", "Street flooding", "disaster-weather", "disaster",
                 "ngập, úng, thoát nước, flood",
                 questions=[Question("depth_cm", "Nước ngập sâu khoảng bao nhiêu cm?", "About how deep, in cm?",
                                     AttributeType.NUMBER)]),
    DemoCategory("construction", "Xây dựng không phép, sai phép", "Building without or against a permit",
                 "urban-space", "urban-order", "xây dựng, trật tự xây dựng, construction"),
    DemoCategory("other", "Phản ánh khác", "Other field report", "field-reports", "other", "khác, other"),
    DemoCategory("voters-petition", "Kiến nghị cử tri", "Voters' petition", "field-reports", "petitions",
                 "kiến nghị cử tri, tiếp xúc cử tri, petition", kind=CategoryKind.VOTERS_PETITION,
                 description="Kiến nghị của cử tri tại các buổi tiếp xúc cử tri, do cán bộ nhập.",
                 description_en="Petitions raised by voters at meetings with deputies, entered by staff.",
                 questions=[
                     Question("meeting", "Buổi tiếp xúc cử tri (nơi, ngày)", "Meeting with voters (place, date)",
                              required=True),
                     Question("delegation", "Tổ đại biểu", "Deputies' group"),
                 ]),
]  # fmt: skip


def load(stdout: TextIO) -> Tally:
    """Create the demo categories and their questions that are missing."""
    tally = Tally()
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    for order, spec in enumerate(CATEGORIES, start=1):
        sector = sectors.get(spec.sector)
        if sector is None:
            stdout.write(f"fieldreports: sector {spec.sector} missing; category {spec.service_code} skipped "
                         "(load agencies first).\n")  # fmt: skip
            continue
        category, created = ReportCategory.objects.get_or_create(
            service_code=spec.service_code, defaults=_category_values(spec, sector, order)
        )
        tally.add("categories", "created" if created else "kept")
        for number, question in enumerate(spec.questions, start=1):
            _attribute, made = CategoryAttribute.objects.get_or_create(
                category=category, code=question.code, defaults=_question_values(question, number)
            )
            tally.add("questions", "created" if made else "kept")
    stdout.write(tally.summary("fieldreports") + "\n")
    return tally


def _category_values(spec: DemoCategory, sector: Sector, order: int) -> dict[str, Any]:
    return {
        "name": spec.name, "name_en": spec.name_en, "description": spec.description,
        "description_en": spec.description_en, "kind": spec.kind, "sector": sector, "group": spec.group,
        "keywords": spec.keywords, "service_notice": DEADLINE_NOTICE, "service_notice_en": DEADLINE_NOTICE_EN,
        "order": order * 10,
    }  # fmt: skip


def _question_values(question: Question, order: int) -> dict[str, Any]:
    return {
        "description": question.description, "description_en": question.description_en,
        "datatype": question.datatype, "required": question.required, "order": order, "values": question.values,
    }  # fmt: skip
