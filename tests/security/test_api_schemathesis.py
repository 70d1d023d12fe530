"""Schemathesis drives every operation of the /api/v1 OpenAPI document, anonymously and with a staff token: no 5xx.

The app runs in-process through its WSGI handler inside the test's transaction (close_old_connections is kept off
the request signals, as Django's own test client does). The fixtures give the paths something to reach: alerts in
several states, a field report, a push dataset, a station, a street light and a camera. Half the generated cases
have their path parameters replaced by the id or code of one of those, so the views go past their 404 into the
database. Examples per operation come from tests/security/fuzzing.py: fixed seed in `make test`, random in `make fuzz`.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from django.contrib.gis.geos import Point
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.http import QueryDict
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Err

from accounts.models import ApiToken, Role
from agencies.models import Agency
from alerts.api import raise_alert
from alerts.api_views import ACTIONS
from alerts.intake import AlertInput
from datahub.models import Dataset
from fieldreports.choices import Channel
from fieldreports.handling import submit_report
from fieldreports.models import ReportCategory
from fieldreports.submission import read_submission
from iot.models import Device, DeviceQuantity, Quantity
from layers.models import Layer
from tests.agencies.factories import make_agency, make_sector, make_unit, make_user
from tests.security.fuzzing import FUZZ_EXAMPLES, FUZZ_SEED

POINT = Point(109.125, 12.225, srid=4326)  # inside the ward of make_unit


@dataclass
class Fixtures:
    """What the generated requests may name, and the secrets they may send."""

    path_values: dict[str, list[object]]  # OpenAPI path parameter -> real values, by path prefix below
    tokens: dict[str, str]  # caller -> API token secret
    device_token: str


def _province() -> Fixtures:
    ward = make_unit("90001", "Phường Thử A")
    utilities = make_sector("public-utilities", 15)
    ubnd = make_agency("ubnd-90001", units=(ward,), all_sectors=True)
    make_agency("pccc", sectors=(utilities,), whole_province=True)
    admin = make_user("admin", Role.MANAGEMENT_ADMIN)
    operator = make_user("operator", Role.OPERATOR)
    officer = make_user("officer-a", Role.AGENCY_OFFICER, ubnd)
    _token, staff_secret = ApiToken.issue(admin, "fuzzing")
    _token, officer_secret = ApiToken.issue(officer, "fuzzing")

    alerts = [
        raise_alert(AlertInput(title=f"Cảnh báo {n}", source="manual", category=category,
                                             geom=POINT), operator)[0]
        for n, category in enumerate(["flood", "fire", "other", "other"])
    ]  # fmt: skip
    alerts[1].verify(operator, "Đã xác minh")
    alerts[2].reject(operator, "Tin sai")
    alerts[3].verify(operator, "Đã xác minh")
    # The officer's agency may accept or refuse this one.
    alerts[3].forward(operator, ubnd, sector=utilities, message="Đề nghị xử lý")

    category = ReportCategory.objects.create(service_code="waste", name="Rác thải", name_en="Litter",
                                             sector=utilities)  # fmt: skip
    form = QueryDict(mutable=True)
    form.update({"service_code": category.service_code, "lat": "12.225", "long": "109.125", "consent": "1",
                 "description": "Rác thải đổ bên đường Trần Phú, cạnh cột điện số 12."})  # fmt: skip
    reports = [submit_report(read_submission(form, Channel.WEB), [], ip=f"10.0.0.{n}") for n in (1, 2)]

    dataset = Dataset.objects.create(code="finance", name="Chỉ tiêu tài chính", provider=ubnd,
                                     target="indicator_values", format=Dataset.Format.CSV,
                                     arrival=Dataset.Arrival.PUSH)  # fmt: skip
    station = _device("wl-01", Device.Kind.WATER_LEVEL, ubnd, ["water_level"])
    light = _device("sl-01", Device.Kind.STREET_LIGHT, ubnd, ["lamp_state"])
    camera = _device("cam-01", Device.Kind.CAMERA, ubnd, [])
    return Fixtures(
        path_values={
            "/alerts/": [alert.pk for alert in alerts],
            "/field-reports/": [report.pk for report in reports],
            "/iot/devices/": [station.code, light.code, camera.code],
            "/data/": [dataset.code],
            "/units/": [ward.code],
            "/agencies/": [agency.code for agency in Agency.objects.all()],
            "/layers/": list(Layer.objects.values_list("slug", flat=True)),  # the built-in ones
        },
        tokens={"staff": staff_secret, "officer": officer_secret},
        device_token=station.issue_token(),
    )


def _device(code: str, kind: str, agency: Agency, quantities: list[str]) -> Device:
    device = Device.objects.create(code=code, name=f"Trạm {code}", kind=kind, agency=agency, position=POINT)
    for quantity in quantities:
        DeviceQuantity.objects.create(device=device, quantity=Quantity.objects.get(code=quantity))
    return device


@pytest.fixture
def api(db: None, settings: object, tmp_path: object) -> Iterator[tuple[schemathesis.BaseSchema, Fixtures]]:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    fixtures = _province()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application()), fixtures
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _with_real_ids(operation: schemathesis.APIOperation, fixtures: Fixtures) -> st.SearchStrategy:
    """The operation's generated cases, half of them naming a fixture object in their path."""
    values = next((found for prefix, found in fixtures.path_values.items() if operation.path.startswith(prefix)), [])
    names = [parameter.name for parameter in operation.path_parameters]
    if not values or not names:
        return operation.as_strategy()

    def name_fixture(pair: tuple[schemathesis.Case, object | None]) -> schemathesis.Case:
        case, value = pair
        if value is not None:
            case.path_parameters = {**(case.path_parameters or {}), names[0]: value}
        return case

    return st.tuples(operation.as_strategy(), st.none() | st.sampled_from(values)).map(name_fixture)


def _headers(operation: schemathesis.APIOperation, fixtures: Fixtures, caller: str) -> dict[str, str] | None:
    """The Authorization header of the caller; devices send their own secret, people their token."""
    if caller == "anonymous":
        return None  # whatever schemathesis generates, often nothing
    schemes = {name for alternative in operation.definition.raw.get("security", []) for name in alternative}
    if schemes == {"device"}:
        return {"Authorization": f"Device {fixtures.device_token}"}
    return {"Authorization": f"Token {fixtures.tokens[caller]}"}


def _examples(operation: schemathesis.APIOperation, caller: str) -> int:
    """Examples for the operation: anonymous calls of staff-only operations stop at the 401, so fewer suffice."""
    public = operation.definition.raw.get("security") == [{}]
    return max(FUZZ_EXAMPLES // 5, 2) if caller == "anonymous" and not public else FUZZ_EXAMPLES


# An agency officer drives the steps only a processing agency may take (accept, refuse, resolve, extensions).
OFFICER_PATHS = tuple(f"/alerts/{{pk}}/{name}" for name, (perm, _step) in ACTIONS.items() if perm == "alerts.process")


def _driven(operation: schemathesis.APIOperation, caller: str) -> bool:
    return caller != "officer" or operation.path in OFFICER_PATHS


@pytest.mark.parametrize("caller", ["anonymous", "staff", "officer"])
def test_no_operation_answers_with_a_server_error(api: tuple[schemathesis.BaseSchema, Fixtures], caller: str) -> None:
    schema, fixtures = api
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # the document itself is broken
        operations.append(result.ok())
    assert len(operations) >= 40  # every /api/v1 operation is described

    found: list[str] = []  # every operation is driven, then all the 5xx are reported together
    for operation in filter(lambda operation: _driven(operation, caller), operations):
        try:
            _drive(operation, fixtures, caller)
        except (Failure, FailureGroup) as failure:
            found.append(f"{operation.method.upper()} {operation.path}: {failure}")
    assert not found, "\n\n".join(found)


def _drive(operation: schemathesis.APIOperation, fixtures: Fixtures, caller: str) -> None:
    """Send the operation's generated cases as the caller; raise the failures of the not_a_server_error check."""
    headers = _headers(operation, fixtures, caller)

    @seed(FUZZ_SEED)
    @given(case=_with_real_ids(operation, fixtures))
    @settings(
        max_examples=_examples(operation, caller),
        deadline=None,
        database=None,  # nothing written to .hypothesis/
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def no_server_error(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    no_server_error()
