"""Steps the journeys share: signing a demo account in, walking as it, the operator's first steps on an alert before
an agency's journey, following a link and acting on an alert page."""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.test import Client
from playwright.sync_api import Browser, FilePayload, Locator

from accounts.models import User
from agencies.models import Agency, Sector
from alerts.models import Alert
from alerts.records import PhoneCall
from tests.e2e.checks import Journey, open_journey

if TYPE_CHECKING:
    from tests.e2e.conftest import DemoSite

OPERATOR = "demo-operator"


def session_of(username: str) -> str:
    """Sign the demo account in; return the session key a browser context carries as its cookie."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


def walk(browser: Browser, site: "DemoSite", viewport: str, role: str | None = None) -> Iterator[Journey]:
    """A journey at the viewport, signed in as the role's demo account (a visitor without one)."""
    session = site.sessions[role] if role else None
    yield from open_journey(browser, site.base_url.replace("localhost", "127.0.0.1"), viewport, session)


def operator() -> User:
    return User.objects.get(username=OPERATOR)


def forwarded_by_the_operator(
    alert: Alert, agency: Agency | str, sector: str, reason: str, message: str = "", phone_call: PhoneCall | None = None
) -> Alert:
    """Do the operator's first steps on the alert, as an agency's journey finds it: verify, then forward it."""
    by = operator()
    lead = agency if isinstance(agency, Agency) else Agency.objects.get(code=agency)
    alert.verify(by)
    alert.forward(by, lead, sector=Sector.objects.get(code=sector), reason=reason, message=message,
                  phone_call=phone_call)  # fmt: skip
    return alert


def follow(journey: Journey, link: Locator) -> None:
    """Click a link or a button that opens another page, and wait until that page is quiet."""
    with journey.page.expect_navigation():
        link.click()
    journey.page.wait_for_load_state("networkidle")


def act(journey: Journey, action: str, fill: dict[str, str] | None = None, files: list[FilePayload] = ()) -> None:  # type: ignore[assignment]
    """Open an action's form on the alert page, fill it, send it and wait for the page that follows."""
    box = journey.page.locator(f'details[data-action="{action}"]')
    box.locator("summary").click()
    for selector, value in (fill or {}).items():
        field = box.locator(selector)
        field.select_option(value) if selector.startswith("select") else field.fill(value)
    if files:
        box.locator("input[type=file]").set_input_files(files)
    follow(journey, box.locator("button[type=submit]"))
    refused = journey.page.locator(f'details[data-action="{action}"] .al-error')
    assert refused.count() == 0, f"{action} was refused: {refused.first.inner_text()}"


def state_of(journey: Journey) -> str:
    """The alert's state as its page shows it."""
    return journey.page.locator("[data-state-label]").inner_text().strip()
