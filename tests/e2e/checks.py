"""The checks every journey step runs on the page it reached: script errors, sideways overflow, serious or critical
accessibility violations (axe-core, served from vendor/), internal names and English words in the visible text of a
Vietnamese page, and requests leaving 127.0.0.1."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Route

LOCAL_HOST = "127.0.0.1"
AXE = Path(settings.BASE_DIR) / "vendor" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/shots/journeys")
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
AXE_IMPACTS = ("serious", "critical")

# Internal names that must never reach a page, matched anywhere in the text.
INTERNAL_FRAGMENTS = ("_id", "service_code", "x_northing", "y_easting")
# Values of code and programming words, matched as whole words (case-sensitive).
INTERNAL_WORDS = ("None", "True", "False", "null", "undefined", "NaN", "system", "Traceback")
# English that must not appear on a Vietnamese page (whole words or phrases, case-sensitive).
ENGLISH_WORDS = (
    "Overdue", "Submit", "Search", "Sign in", "Sign out", "Log in", "Log out", "Loading", "Cancel", "Save",
    "Delete", "Upload", "Download", "Export", "Status", "Error", "Dashboard", "Indicators", "Alerts", "Console",
    "Inbox", "Accept", "Resolve", "Verify", "Forward", "Reject", "Confirm", "Pending", "Closed", "Details",
    "Required", "Previous", "Next page", "Planning lookup", "Report a problem", "Track my report", "Public alerts",
    "Layer catalogue", "Data hub", "Administration", "Audit log", "Skip to content", "Zoom in", "Zoom out",
    "Description", "Category", "Location", "Address", "Result", "Evidence", "Deadline", "Received", "Filter",
    "Apply", "Reset", "Choose", "Select", "Selected", "Total", "Updated", "Created", "Value", "Period", "Unit",
    "Agency", "Province", "Preview", "Rows", "Problem", "Problems", "Layers", "Legend", "Print", "Area",
    "Look up", "Follow",
    # English function words, which no Vietnamese word spells: they catch whole untranslated sentences.
    "the", "The", "and", "with", "your", "Your", "of", "or", "at", "is", "are", "for", "from", "this", "This",
)  # fmt: skip


def _whole(word: str) -> re.Pattern[str]:
    # \w is Unicode-aware, so a Vietnamese letter next to the word keeps it from matching.
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


_INTERNAL_PATTERNS = [(word, _whole(word)) for word in INTERNAL_WORDS]
_ENGLISH_PATTERNS = [(word, _whole(word)) for word in ENGLISH_WORDS]

# The elements sticking out on the right, outermost first, to name the culprit of a sideways scroll.
_OVERFLOW_SCRIPT = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && getComputedStyle(e).position !== 'fixed';
  });
  const outer = wide.filter(e => !wide.some(o => o !== e && o.contains(e)));
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    [...e.classList].slice(0, 2).map(c => '.' + c).join('');
  return {scrollWidth: document.documentElement.scrollWidth, width,
          culprits: outer.slice(0, 4).map(e => name(e) + ' right=' + Math.round(e.getBoundingClientRect().right))};
}"""

# The visible text, without identifiers a page shows on purpose in <code> (e.g. the columns a provider's file needs).
_VISIBLE_TEXT_SCRIPT = """() => {
  let text = document.body.innerText;
  for (const node of document.body.querySelectorAll('code, kbd, samp')) {
    if (node.innerText) text = text.split(node.innerText).join(' ');
  }
  return text;
}"""

_AXE_SCRIPT = """async (impacts) => {
  const result = await window.axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')), count: v.nodes.length}));
}"""


@dataclass
class Journey:
    """One role's walk at one viewport: a Vietnamese browser context reaching only 127.0.0.1, and what went wrong."""

    context: BrowserContext
    page: Page
    viewport: str
    base_url: str
    problems: list[str] = field(default_factory=list)
    _errors: list[str] = field(default_factory=list)

    @property
    def phone(self) -> bool:
        return self.viewport == "phone"

    def open(self, path: str) -> None:
        """Load a page of the live server and wait until the network is quiet."""
        self.page.goto(self.base_url + path, wait_until="networkidle")

    def check(self, step: str, shot: bool = True) -> None:
        """Run every check on the page as it is now; record each failure under the step's name and the URL."""
        page = self.page
        where = f"[{self.viewport}] {step} ({urlsplit(page.url).path})"
        found = [f"console: {error}" for error in self._errors]
        self._errors.clear()
        found += overflow(page)
        found += accessibility(page)
        found += leaks(page.evaluate(_VISIBLE_TEXT_SCRIPT))
        self.problems += [f"{where}: {problem}" for problem in found]
        if shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{step}_{self.viewport}.png"), full_page=True)

    def assert_clean(self) -> None:
        """Fail with every problem found on the way (and any console error after the last check)."""
        self.problems += [f"[{self.viewport}] after the last step: console: {error}" for error in self._errors]
        assert not self.problems, "\n".join(self.problems)


def overflow(page: Page) -> list[str]:
    """The page is wider than the window: name the elements sticking out."""
    wide = page.evaluate(_OVERFLOW_SCRIPT)
    if wide is None:
        return []
    return [f"overflow: page is {wide['scrollWidth']} px wide in a {wide['width']} px window: "
            + ", ".join(wide["culprits"])]  # fmt: skip


def accessibility(page: Page) -> list[str]:
    """Serious and critical axe-core violations, each with its rule, help text and the first elements."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(_AXE_SCRIPT, list(AXE_IMPACTS))
    return [
        f"axe {v['id']} ({v['impact']}, {v['count']} elements): {v['help']}: {'; '.join(v['targets'])}"
        for v in violations
    ]


def leaks(text: str) -> list[str]:
    """Internal names, code values and English words in the visible text of a Vietnamese page."""
    found = [f"leak: {fragment!r} in {_around(text, text.index(fragment))!r}"
             for fragment in INTERNAL_FRAGMENTS if fragment in text]  # fmt: skip
    for kind, patterns in (("leak", _INTERNAL_PATTERNS), ("English", _ENGLISH_PATTERNS)):
        for word, pattern in patterns:
            match = pattern.search(text)
            if match:
                found.append(f"{kind}: {word!r} in {_around(text, match.start())!r}")
    return found


def _around(text: str, at: int) -> str:
    return " ".join(text[max(0, at - 40) : at + 40].split())


def open_journey(browser: Browser, base_url: str, viewport: str, session: str | None = None) -> Iterator[Journey]:
    """A vi-VN context at the viewport, signed in with the session if given, refusing any host but 127.0.0.1."""
    width, height = VIEWPORTS[viewport]
    phone = viewport == "phone"
    context = browser.new_context(
        locale="vi-VN", viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone,
        accept_downloads=True,
    )  # fmt: skip
    if session:
        context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])
    page = context.new_page()
    journey = Journey(context, page, viewport, base_url)

    def route(answer: Route) -> None:
        parts = urlsplit(answer.request.url)
        if parts.scheme not in {"data", "blob"} and parts.hostname != LOCAL_HOST:
            journey.problems.append(f"[{viewport}] left 127.0.0.1: {answer.request.url}")
            answer.abort("blockedbyclient")
        else:
            answer.continue_()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            journey._errors.append(f"{message.text} at {message.location.get('url', '')}")

    def on_failed(request: Request) -> None:
        if request.failure != "net::ERR_ABORTED":  # navigations away cancel what was in flight
            journey._errors.append(f"request failed ({request.failure}): {request.url}")

    context.route("**/*", route)
    page.on("console", on_console)
    page.on("pageerror", lambda error: journey._errors.append(f"uncaught: {error}"))
    page.on("requestfailed", on_failed)
    try:
        yield journey
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()
