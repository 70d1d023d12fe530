"""A small world for the data hub and indicator tests: two units, a provider with a token, indicators and a dataset."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client

from accounts.models import ApiToken, Role, User
from agencies.models import Agency, Sector
from datahub.models import Dataset
from indicators.models import Indicator
from tests.agencies.factories import make_agency, make_unit, make_user


@dataclass
class World:
    provider: Agency
    other: Agency
    dataset: Dataset
    revenue: Indicator  # province, monthly, warning below 900
    commune: Indicator  # per unit, monthly
    users: dict[str, User]
    token: str
    other_token: str


def build_world() -> World:
    make_unit("90001", "Phường Thử A")
    make_unit("90002", "Phường Thử B", offset=0.1)
    sector = Sector.objects.create(code="socio-economic-indicators", number=1, name="Chỉ tiêu kinh tế - xã hội")
    provider = make_agency("so-tc", kind=Agency.Kind.PROCESSING, whole_province=True)
    other = make_agency("so-ct", kind=Agency.Kind.PROCESSING, whole_province=True)
    revenue = Indicator.objects.create(
        code="budget-revenue", name="Thu ngân sách nhà nước", name_en="State budget revenue", unit="tỷ đồng",
        period=Indicator.Period.MONTH, agency=provider, sector=sector, target=Decimal(1500), warn_below=Decimal(900),
    )  # fmt: skip
    commune = Indicator.objects.create(
        code="commune-revenue", name="Thu ngân sách cấp xã", name_en="Commune budget revenue", unit="tỷ đồng",
        period=Indicator.Period.MONTH, level=Indicator.Level.UNIT, agency=provider, sector=sector,
    )  # fmt: skip
    dataset = Dataset.objects.create(
        code="finance", name="Chỉ tiêu tài chính", provider=provider, sector=sector, target="indicator_values",
        format=Dataset.Format.CSV, arrival=Dataset.Arrival.PUSH, expected_every=datetime.timedelta(days=30),
    )  # fmt: skip
    users = {
        "operator": make_user("operator", Role.OPERATOR),
        "provider": make_user("provider", Role.DATA_PROVIDER, provider),
        "other_provider": make_user("other-provider", Role.DATA_PROVIDER, other),
        "viewer": make_user("viewer", Role.VIEWER),
    }
    _token, secret = ApiToken.issue(users["provider"], "finance system")
    _other, other_secret = ApiToken.issue(users["other_provider"], "trade system")
    return World(provider, other, dataset, revenue, commune, users, secret, other_secret)


def signed_in(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def with_token(secret: str) -> Client:
    return Client(headers={"Authorization": f"Token {secret}"})
