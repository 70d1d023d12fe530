"""Screenshot every public and staff page at 1366 x 768 and 390 x 844 in Vietnamese into var/screenshots/.

Run by `make screenshots` after `manage.py load_demo` with DEMO_PASSWORD set: this starts the development server on
a free port of 127.0.0.1 against DATABASE_URL, signs in as the demo accounts through the sign-in page, and opens
every page of the menu (portal/navigation.py) as the first demo account allowed to see it, plus detail pages.
Requests to any other host are refused, so a page that needs the internet shows it.
"""

import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.urls import reverse  # noqa: E402
from playwright.sync_api import BrowserContext, Page, Route, sync_playwright  # noqa: E402

from accounts.demo import DEMO_ACCOUNTS  # noqa: E402
from accounts.models import User  # noqa: E402
from alerts.api import Alert  # noqa: E402
from datahub.models import Dataset  # noqa: E402
from indicators.models import Indicator  # noqa: E402
from planning.models import PlanRevision, ZoningLot  # noqa: E402
from portal.navigation import MENU  # noqa: E402
from services.models import ServicePage  # noqa: E402

OUT = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "var" / "screenshots"))
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
CHROMIUM = "/usr/bin/chromium"
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Shot:
    """One page to take: its file name, its path, and the demo account to sign in as (None: a visitor)."""

    name: str
    path: str
    account: str | None


def pages() -> list[Shot]:
    """Every menu page as the first demo account allowed to see it, then the detail pages and answers."""
    users = {account.username: User.objects.get(username=account.username) for account in DEMO_ACCOUNTS}
    shots = [Shot("home", "/", None), Shot("sign-in", reverse("accounts:login"), None)]
    for entry in MENU:
        path = reverse(entry.url_name) + entry.query
        name = entry.url_name.replace(":", "_")
        if entry.visible(AnonymousUser()):
            shots.append(Shot(name, path, None))
            continue
        who = next((username for username, user in users.items() if entry.visible(user)), None)
        if who:
            shots.append(Shot(name, path, who))
    in_force = PlanRevision.objects.in_force(datetime.date.today())
    lot = ZoningLot.objects.filter(revision__in=in_force).order_by("pk").first()
    if lot is not None:
        point = lot.geom.point_on_surface
        shots.append(Shot("planning_lookup-answer", f"/planning/?lon={point.x:.6f}&lat={point.y:.6f}", None))
    shots.append(Shot("planning_import", reverse("planning:import"), "demo-admin"))
    dataset = Dataset.objects.order_by("code").first()
    if dataset is not None:
        shots.append(Shot("datahub_dataset", reverse("datahub:dataset", args=[dataset.code]), "demo-provider"))
    indicator = Indicator.objects.order_by("order").first()
    if indicator is not None:
        shots.append(Shot("indicators_detail", reverse("indicators:detail", args=[indicator.code]), "demo-viewer"))
    shots.append(Shot("indicators_procedures", reverse("indicators:procedures"), "demo-viewer"))
    service = ServicePage.objects.order_by("pk").first()
    if service is not None:
        shots.append(Shot("services_detail", reverse("services:detail", args=[service.sector.code]), "demo-operator"))
        shots.append(Shot("services_detail-public", reverse("services:detail", args=[service.sector.code]), None))
    alert = Alert.objects.order_by("-pk").first()
    if alert is not None:
        shots.append(Shot("alerts_alert", reverse("alerts:detail", args=[alert.pk]), "demo-operator"))
    return shots


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    """Start the development server on the port; return once it answers."""
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py, no outside input
        [sys.executable, "manage.py", "runserver", f"{HOST}:{port}", "--noreload", "--insecure"],
        cwd=ROOT, env={**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1")},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=5)
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the development server did not start on {HOST}:{port}; run `manage.py runserver` to see why.")


def refuse_other_hosts(route: Route) -> None:
    parts = urlsplit(route.request.url)
    if parts.scheme in {"data", "blob"} or parts.hostname == HOST:
        route.continue_()
    else:
        print(f"  refused a request to {route.request.url}", file=sys.stderr)
        route.abort("blockedbyclient")


def sign_in(context: BrowserContext, base: str, username: str, password: str) -> None:
    """Sign in through the sign-in page, as a person would."""
    page = context.new_page()
    page.goto(f"{base}{reverse('accounts:login')}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")  # the header's language forms have buttons too
    if reverse("accounts:login") in page.url:
        said = " ".join(page.locator("main").inner_text().split())[:300]
        raise SystemExit(f"could not sign in as {username} (the page says: {said}); "
                         "run `DEMO_PASSWORD=… manage.py load_demo` with the same password first.")  # fmt: skip
    page.close()


def take(page: Page, base: str, shot: Shot, size: str) -> None:
    page.goto(base + shot.path, wait_until="networkidle")
    # Maps say when they are drawn; give them a moment to place their tiles.
    if page.locator("[data-ready]").count():
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-ready]')].every(e => e.dataset.ready !== 'false')",
            timeout=30_000,
        )
        page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / f"{shot.name}_{size}.png"), full_page=True)


def main() -> None:
    password = os.environ.get("DEMO_PASSWORD", "")
    if not password:
        raise SystemExit("set DEMO_PASSWORD (the demo accounts' password given to load_demo).")
    shots = pages()
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = start_server(port)
    base = f"http://{HOST}:{port}"
    try:
        with sync_playwright() as playwright:
            # Chromium draws its own controls (file inputs, date fields) in its UI language, which on Linux comes
            # from LANGUAGE (the vi locale is Debian's chromium-l10n); the context's locale alone leaves them English.
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--lang=vi-VN"],
                env={**os.environ, "LANGUAGE": "vi"},
            )  # fmt: skip
            for size, (width, height) in SIZES.items():
                phone = size == "phone"
                tabs: dict[str | None, Page] = {}  # one signed-in tab per account
                for shot in shots:
                    if shot.account not in tabs:
                        context = browser.new_context(
                            locale="vi-VN", viewport={"width": width, "height": height},
                            has_touch=phone, is_mobile=phone,
                        )  # fmt: skip
                        context.route("**/*", refuse_other_hosts)
                        if shot.account:
                            sign_in(context, base, shot.account, password)
                        tabs[shot.account] = context.new_page()
                    take(tabs[shot.account], base, shot, size)
                    print(f"{OUT / f'{shot.name}_{size}.png'} ({shot.account or 'visitor'})")
                for tab in tabs.values():
                    tab.context.unroute_all(behavior="ignoreErrors")
                    tab.context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
