"""The names of the controls an import message tells the user to use: form fields on a page, options on a command.

Each entry point says what its user has (a command's handle is decorated with for_command, a page's import runs
inside using(...)); the importer's messages read current(). Without either, the layer upload form's wording is
used, since most imports come through that page. Form wording is built per call, in the page's language.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Controls:
    """How the user chooses a layer, gives the CRS (VN-2000 in particular), the text encoding, and (plans) how
    unknown land-use codes are mapped or left out."""

    layer: str
    srid: str  # followed by an EPSG code in messages
    vn2000: str  # the whole control that says VN-2000 / TM-3 108-15
    encoding: str
    aliases: str = ""
    skip_unknown: str = ""


IMPORT_LAYER = Controls(layer="--source-layer", srid="--srid ", vn2000="--srid 9217", encoding="--encoding")
IMPORT_PLAN = Controls(
    layer="--layer", srid="--srid ", vn2000="--srid 9217", encoding="--encoding",
    aliases="land_use_aliases in the mapping file", skip_unknown="--skip-unknown-codes",
)  # fmt: skip
IMPORT_BOUNDARIES = Controls(layer="--layer", srid="--srid ", vn2000="--vn2000", encoding="--encoding")
_CURRENT: ContextVar[Controls | Callable[[], Controls] | None] = ContextVar("import_controls", default=None)


def layer_form() -> Controls:
    """The layer upload page's fields (layers.forms.LayerUploadForm)."""
    return Controls(
        layer=_("the “Layer or sheet” field"), srid=_("the “CRS of the coordinates” field, EPSG:"),
        vn2000=_("VN-2000 in the “CRS of the coordinates” field"), encoding=_("the “Text encoding” field"),
    )  # fmt: skip


def plan_form() -> Controls:
    """The plan upload page's fields (planning.forms)."""
    return Controls(
        layer=_("the “Layer of the file” field"), srid=_("the “CRS of the coordinates” field, EPSG:"),
        vn2000=_("VN-2000 in the “CRS of the coordinates” field"), encoding=_("the “Text encoding” field"),
        aliases=_("the “Land-use codes of the file that mean catalogue codes” field"),
        skip_unknown=_("the box “Leave out lots whose land-use code is not in the catalogue”"),
    )  # fmt: skip


def current() -> Controls:
    """The controls of the import running now."""
    chosen = _CURRENT.get()
    if chosen is None:
        return layer_form()
    return chosen() if callable(chosen) else chosen


@contextmanager
def using(controls: Controls | Callable[[], Controls]) -> Iterator[None]:
    token = _CURRENT.set(controls)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def for_command(controls: Controls) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a command's handle so the importer's messages name that command's options."""

    def decorate(handle: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(handle)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with using(controls):
                return handle(*args, **kwargs)

        return wrapper

    return decorate
