"""What a reporter sends, in Open311's own field names, and its validation into a clean report.

The public page and the Open311 API read the same names (service_code, lat, long, address_string,
attribute[code], description, media_url, first_name, last_name, email, phone, device_id, account_id), so one
reader and one set of rules serve both. Every problem found is collected with the field it concerns, so the
reporter fixes them all at once; nothing is written before everything has passed.
"""

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from core import numbers
from core.errors import InvalidInput, IOCError, NotFound
from fieldreports.choices import AttributeType, Channel
from fieldreports.models import CategoryAttribute, ReportCategory
from gis_core.models import AdminUnit
from gis_core.srs import WGS84

if TYPE_CHECKING:
    from django.http import QueryDict

    from fieldreports.models import Open311Client

DESCRIPTION_MAX = 4000  # GeoReport v2: "free form text limited to 4,000 characters"
ADDRESS_MAX = 500
STRING_MAX = 500
NAME_MAX = 100
ID_MAX = 200
MEDIA_URL_MAX = 1000
PHONE_DIGITS = (8, 15)
# Degrees, which settle an ambiguous "12,250" (12.25°, not 12250°). A latitude is read within ±180° too, so a
# longitude typed in its place is read as written and the swap is pointed out.
MAX_DEGREES = 180
ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
# C0 controls other than tab and line breaks are not text (and not allowed in XML).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "device_id", "account_id")
# The words a message uses for the contact fields it can refuse (called, so the active language applies).
CONTACT_LABELS: dict[str, Callable[[], str]] = {
    "first_name": lambda: _("The given name"),
    "last_name": lambda: _("The family name"),
    "device_id": lambda: _("The device identifier"),
    "account_id": lambda: _("The account identifier"),
}


@dataclass
class Contact:
    """The reporter's contact fields, as sent (all optional)."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    device_id: str = ""
    account_id: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in CONTACT_FIELDS)

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in CONTACT_FIELDS}


@dataclass
class Submission:
    """A report as sent: raw strings, checked by clean()."""

    channel: str
    service_code: str = ""
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    description: str = ""
    media_url: str = ""
    attributes: dict[str, list[str]] = field(default_factory=dict)
    contact: Contact = field(default_factory=Contact)
    consent: bool = False
    client: "Open311Client | None" = None


@dataclass
class CleanReport:
    """A submission that passed every check."""

    category: ReportCategory
    channel: str
    point: Point | None
    unit: AdminUnit | None
    address: str
    description: str
    attributes: dict[str, Any]
    media_url: str
    contact: Contact
    consent: bool
    client: "Open311Client | None"


class Problems:
    """Collects (field, message) pairs; raise_if_any() turns them into one InvalidInput."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, name: str, message: str) -> None:
        self.items.append({"field": name, "message": message})

    def raise_if_any(self) -> None:
        if self.items:
            summary = " ".join(item["message"] for item in self.items)
            raise InvalidInput(summary, errors=self.items)


def problem_items(error: IOCError) -> list[dict[str, str]]:
    """The (field, message) items of an error raised by these checks, or one item with its message."""
    items = error.details.get("errors")
    if isinstance(items, list) and items:
        return [item for item in items if isinstance(item, dict)]
    return [{"field": "", "message": error.message}]


def read_submission(data: "QueryDict", channel: str) -> Submission:
    """Read the Open311 field names from a POST body (the public page uses the same names)."""
    text = {name: _text(data.get(name)) for name in ("service_code", "lat", "long", "address_string", "address_id",
                                                       "description", "media_url", *CONTACT_FIELDS)}  # fmt: skip
    attributes: dict[str, list[str]] = {}
    for key in data:
        match = ATTRIBUTE_KEY.match(key)
        if match:
            values = [_text(value) for value in data.getlist(key)]
            attributes.setdefault(match.group(1), []).extend(value for value in values if value.strip())
    return Submission(
        channel=channel,
        service_code=text["service_code"].strip(),
        lat=text["lat"].strip(),
        long=text["long"].strip(),
        address_string=text["address_string"],
        address_id=text["address_id"].strip(),
        description=text["description"],
        media_url=text["media_url"].strip(),
        attributes=attributes,
        contact=Contact(**{name: text[name].strip() for name in CONTACT_FIELDS}),
        consent=data.get("consent") in ("1", "on", "true", "yes"),
    )


def find_category(service_code: str, *, staff: bool) -> ReportCategory:
    """Return the active category; voters' petitions only for staff. NotFound otherwise (Open311: 404)."""
    if not service_code:
        message = _("Choose the kind of problem.")
        raise InvalidInput(message, errors=[{"field": "service_code", "message": message}])
    categories = ReportCategory.objects.active() if staff else ReportCategory.objects.public()
    category = categories.filter(service_code=service_code).first()
    if category is None:
        # The API names the code it was sent; the page, where the code came from its own list, says it in words.
        words = _("The kind of problem you chose is no longer open for reports; choose another one from the list.")
        raise NotFound(
            _("The kind of problem '%(code)s' is not open for reports; see services.json for the list.")
            % {"code": service_code[:40]},
            errors=[{"field": "service_code", "message": words}],
        )
    return category


def clean(submission: Submission, *, staff: bool = False) -> CleanReport:
    """Check everything the reporter sent; raise InvalidInput listing every problem, or return the clean report."""
    problems = Problems()
    category = _category(submission, staff or submission.channel == Channel.STAFF, problems)
    point, unit = _position(submission, problems)
    address = _plain(submission.address_string)
    if len(address) > ADDRESS_MAX:
        problems.add("address_string", _("The address is longer than %(max)d characters; shorten it.")
                     % {"max": ADDRESS_MAX})  # fmt: skip
    description = _description(submission, problems)
    attributes = clean_attributes(category, submission.attributes, problems) if category is not None else {}
    media_url = _media_url(submission.media_url, problems)
    contact = _contact(submission, problems)
    problems.raise_if_any()
    assert category is not None  # a missing category is one of the problems raised just above
    return CleanReport(
        category=category, channel=submission.channel, point=point, unit=unit, address=address,
        description=description, attributes=attributes, media_url=media_url, contact=contact,
        consent=submission.consent, client=submission.client,
    )  # fmt: skip


def _category(submission: Submission, staff: bool, problems: Problems) -> ReportCategory | None:
    """The chosen category; none chosen is one more problem, so the reporter hears of every other one too."""
    if not submission.service_code:
        problems.add("service_code", _("Choose the kind of problem."))
        return None
    return find_category(submission.service_code, staff=staff)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _plain(value: str) -> str:
    """NFC text without control characters, stripped."""
    return CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()


def _position(submission: Submission, problems: Problems) -> tuple[Point | None, AdminUnit | None]:
    has_lat, has_long = bool(submission.lat), bool(submission.long)
    if has_lat != has_long:
        problems.add("lat" if not has_lat else "long",
                     _("Give the latitude and the longitude of the position together (WGS 84 degrees)."))  # fmt: skip
        return None, None
    if not has_lat:
        if submission.address_id and not submission.address_string.strip():
            problems.add("address_id", _("An address code is not accepted here; give a position or an address."))
        elif not submission.address_string.strip():
            problems.add("lat", _("Say where it is: tap the map, use your phone's position or type an address."))
        return None, None
    lat = _degrees(submission.lat, "lat", _("latitude"), problems)
    long = _degrees(submission.long, "long", _("longitude"), problems)
    if lat is None or long is None:
        return None, None
    point = Point(long, lat, srid=WGS84) if abs(lat) <= 90 and abs(long) <= 180 else None
    unit = AdminUnit.objects.filter(geom__intersects=point).order_by("code").first() if point else None
    if unit is not None:
        return point, unit
    values = {"lat": submission.lat, "long": submission.long}
    if (
        abs(long) <= 90
        and abs(lat) <= 180
        and AdminUnit.objects.filter(geom__intersects=Point(lat, long, srid=WGS84)).exists()
    ):
        message = _("The position %(lat)s, %(long)s lies outside Khánh Hòa province; "
                    "were the latitude and the longitude swapped?")  # fmt: skip
    elif point is None:
        message = _("The latitude must lie between -90 and 90 and the longitude between -180 and 180 degrees.")
    else:
        message = _("The position %(lat)s, %(long)s lies outside Khánh Hòa province.")
    problems.add("lat", message % values)
    return None, None


def read_degrees(raw: str) -> float:
    """Read degrees by core.numbers; an ambiguous "109,196" is 109.196°, as 109196° is no position on Earth."""
    return float(numbers.parse_number(raw, plausible=lambda number: abs(number) <= MAX_DEGREES))


def _degrees(raw: str, name: str, label: str, problems: Problems) -> float | None:
    try:
        return read_degrees(raw)
    except numbers.NotANumber as exc:
        if re.search(r"\d", raw, re.ASCII):
            message = _("The %(coordinate)s is not a number of degrees: %(reason)s") % {
                "coordinate": label, "reason": exc.message}  # fmt: skip
        else:  # no digits at all: nothing to say about separators
            message = _("The %(coordinate)s '%(value)s' is not a number of degrees, e.g. 12.2388.") % {
                "coordinate": label, "value": raw[:40]}  # fmt: skip
        problems.add(name, message)
        return None


def _description(submission: Submission, problems: Problems) -> str:
    description = _plain(submission.description)
    if len(description) > DESCRIPTION_MAX:
        problems.add("description", _("The description has %(n)d characters; the limit is %(max)d.")
                     % {"n": len(description), "max": DESCRIPTION_MAX})  # fmt: skip
    if not description and submission.channel != Channel.OPEN311:
        # Open311 makes the description optional; on our own pages we ask for it.
        problems.add("description", _("Describe what you see (up to %(max)d characters).") % {"max": DESCRIPTION_MAX})
    return description


def clean_attributes(category: ReportCategory, raw: Mapping[str, list[str]], problems: Problems) -> dict[str, Any]:
    """Check attribute[code] answers against the category's questions; return code -> value (list for multi)."""
    questions = {question.code: question for question in category.attributes.filter(variable=True)}
    for code in raw:
        if code not in questions:
            known = ", ".join(sorted(questions)) or _("none")
            problems.add(f"attribute[{code}]", _("The kind of problem “%(category)s” has no question '%(code)s' "
                         "(known: %(known)s).") % {"category": category.display_name, "code": code,
                                                   "known": known})  # fmt: skip
    cleaned: dict[str, Any] = {}
    for code, question in questions.items():
        values = [_plain(value) for value in raw.get(code, []) if _plain(value)]
        if not values:
            if question.required:
                problems.add(f"attribute[{code}]", _("Answer the question “%(question)s”.")
                             % {"question": question.display_description})  # fmt: skip
            continue
        value = _attribute_value(question, values, problems)
        if value is not None:
            cleaned[code] = value
    return cleaned


def _attribute_value(question: CategoryAttribute, values: list[str], problems: Problems) -> Any:
    name = f"attribute[{question.code}]"
    keys = [key for key, _label in question.choices()]
    if question.datatype == AttributeType.MULTI:
        wrong = [value for value in values if value not in keys]
        if wrong:
            problems.add(name, _("'%(value)s' is not a choice of “%(question)s”; use one of: %(keys)s.")
                         % {"value": wrong[0][:40], "question": question.display_description,
                            "keys": ", ".join(keys)})  # fmt: skip
            return None
        return list(dict.fromkeys(values))
    if len(values) > 1:
        problems.add(name, _("“%(question)s” takes one answer; %(n)d were sent.")
                     % {"question": question.display_description, "n": len(values)})  # fmt: skip
        return None
    value = values[0]
    problem = _attribute_problem(question.datatype, value, keys)
    if problem:
        problems.add(name, f"“{question.display_description}”: {problem}")
        return None
    if question.datatype == AttributeType.NUMBER:
        return f"{numbers.parse_number(value):f}"  # kept in one writing: "12,5" and "12.5" are both "12.5"
    return value


def _attribute_problem(datatype: str, value: str, keys: list[str]) -> str:
    if datatype == AttributeType.SINGLE and value not in keys:
        return _("'%(value)s' is not one of: %(keys)s.") % {"value": value[:40], "keys": ", ".join(keys)}
    if datatype == AttributeType.NUMBER:
        try:
            numbers.parse_number(value)
        except numbers.NotANumber as exc:
            return exc.message
    if datatype == AttributeType.DATETIME and parse_datetime(value) is None and parse_date(value) is None:
        return _("'%(value)s' is not an ISO 8601 date or date-time, e.g. 2026-02-13T09:00:00+07:00.") % {
            "value": value[:40]
        }
    if datatype == AttributeType.STRING and ("\n" in value or len(value) > STRING_MAX):
        return _("Give one line of at most %(max)d characters.") % {"max": STRING_MAX}
    if datatype == AttributeType.TEXT and len(value) > DESCRIPTION_MAX:
        return _("Give at most %(max)d characters.") % {"max": DESCRIPTION_MAX}
    return ""


def _media_url(raw: str, problems: Problems) -> str:
    if not raw:
        return ""
    try:
        if len(raw) > MEDIA_URL_MAX:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(raw)
    except ValidationError:
        problems.add("media_url", _("The photo address must start with http or https and have at most %(max)d "
                                    "characters.") % {"max": MEDIA_URL_MAX})  # fmt: skip
        return ""
    return raw


def _contact(submission: Submission, problems: Problems) -> Contact:
    contact = Contact(**{name: _plain(getattr(submission.contact, name)) for name in CONTACT_FIELDS})
    for name, limit in (("first_name", NAME_MAX), ("last_name", NAME_MAX), ("device_id", ID_MAX),
                        ("account_id", ID_MAX)):  # fmt: skip
        if len(getattr(contact, name)) > limit:
            problems.add(name, _("%(field)s is longer than %(max)d characters.")
                         % {"field": CONTACT_LABELS[name](), "max": limit})  # fmt: skip
    if contact.email:
        try:
            EmailValidator()(contact.email)
        except ValidationError:
            problems.add("email", _("'%(value)s' is not an email address.") % {"value": contact.email[:60]})
    if contact.phone:
        digits = re.sub(r"\D", "", contact.phone)
        if not re.fullmatch(r"\+?[\d\s().-]+", contact.phone) or not (
            PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1]
        ):
            problems.add("phone", _("'%(value)s' is not a phone number (8 to 15 digits, e.g. 0258 3822 000).")
                         % {"value": contact.phone[:30]})  # fmt: skip
    if submission.channel == Channel.WEB and not contact.is_empty and not submission.consent:
        problems.add("consent", _("Tick the consent box so we may use your contact details for this report only, "
                                  "or leave them empty to report anonymously."))  # fmt: skip
    return contact
