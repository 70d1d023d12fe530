"""What the public report page's script needs (addresses, limits, every text it writes) and its form's names."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from fieldreports.submission import DESCRIPTION_MAX

if TYPE_CHECKING:
    from django.http import QueryDict

# The page names each category's answers attr:<service_code>:<code>, so the questions of categories not chosen
# can never be mistaken for answers (Open311 clients send attribute[code] for their one category).
ATTRIBUTE_PREFIX = "attr"


def attribute_input_name(service_code: str, code: str) -> str:
    return f"{ATTRIBUTE_PREFIX}:{service_code}:{code}"


def web_attributes(data: "QueryDict", service_code: str) -> dict[str, list[str]]:
    """The answers to the chosen category's questions, keyed by question code."""
    prefix = f"{ATTRIBUTE_PREFIX}:{service_code}:"
    answers: dict[str, list[str]] = {}
    for key in data:
        if key.startswith(prefix):
            values = [value for value in data.getlist(key) if value.strip()]
            if values:
                answers[key.removeprefix(prefix)] = values
    return answers


def page_config() -> dict[str, Any]:
    """The JSON config of fieldreports/static/fieldreports/report.js for the current language."""
    return {
        "nearbyUrl": reverse("fieldreports:nearby"),
        "maxPhotos": settings.FIELDREPORTS_MAX_PHOTOS,
        "maxPhotoBytes": settings.FIELDREPORTS_PHOTO_MAX_BYTES,
        "radius": settings.FIELDREPORTS_DUPLICATE_RADIUS_M,
        "days": settings.FIELDREPORTS_DUPLICATE_DAYS,
        "labels": {
            "chosen": _("Chosen position: lat %(lat)s, long %(long)s"),
            "notChosen": _("Tap the map where the problem is, or use your phone's position."),
            "locating": _("Finding your position…"),
            "locateFailed": _("Your position could not be found (%(reason)s); tap the map instead."),
            "locateUnsupported": _("This browser cannot give your position; tap the map instead."),
            "nearbyTitle": _("Already reported nearby (within %(radius)s m, last %(days)s days)"),
            "nearbyHint": _("If one of these is your problem, you can follow it instead of sending it again."),
            "follow": _("Follow this report"),
            "reporters": _("%(n)s people reported it"),
            "tooManyPhotos": _("Attach at most %(max)s photos."),
            "photoTooBig": _("%(name)s is larger than %(mb)s MB."),
            "sending": _("Sending…"),
            # The same words as the server's checks (fieldreports/submission.py), said before sending.
            "notSent": _("The report was not sent:"),
            "chooseCategory": _("Choose the kind of problem."),
            "noPlace": _("Say where it is: tap the map, use your phone's position or type an address."),
            "noDescription": _("Describe what you see (up to %(max)d characters).") % {"max": DESCRIPTION_MAX},
            "answer": _("Answer the question “%(question)s”."),
            "consent": _(
                "Tick the consent box so we may use your contact details for this report only, "
                "or leave them empty to report anonymously."
            ),
        },
    }


def form_categories(categories: Any, values: Any) -> list[dict[str, Any]]:
    """Each category with its questions, their input names and what was typed before (for the template)."""
    result = []
    for category in categories:
        questions = []
        for question in category.attributes.all():
            if not question.variable:
                continue
            name = attribute_input_name(category.service_code, question.code)
            typed = values.getlist(name) if hasattr(values, "getlist") else []
            questions.append(
                {
                    "question": question,
                    "name": name,
                    "values": typed,
                    "choices": question.choices(),
                    "field": f"attribute[{question.code}]",
                }
            )  # the field its problems name
        result.append({"category": category, "questions": questions})
    return result


def split_full_name(full_name: str) -> tuple[str, str]:
    """Split a Vietnamese full name into (given name, family and middle names): the given name comes last."""
    words = full_name.split()
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1])
