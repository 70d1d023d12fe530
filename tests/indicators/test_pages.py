"""The indicator pages: table with trends and targets, a time series and choropleth, the XLSX export, service 3."""

import io
import json

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from datahub.arrivals import Arrival, receive
from datahub.models import Dataset, Delivery
from indicators import periods
from tests.datahub.world import World, signed_in


def send(dataset: Dataset, rows: list[dict[str, object]]) -> Delivery:
    return receive(dataset, Arrival(Delivery.Channel.PUSH, json.dumps(rows).encode(), "json")).delivery


def recent(count: int) -> list[str]:
    return [periods.label("month", start) for start in periods.recent("month", timezone.localdate(), count)]


def load_values(world: World) -> Delivery:
    rows: list[dict[str, object]] = [
        {"indicator": "budget-revenue", "period": label, "value": 1000 + 100 * index}
        for index, label in enumerate(recent(3))
    ]
    rows += [{"indicator": "commune-revenue", "period": recent(1)[0], "unit_code": code, "value": value}
             for code, value in (("90001", 12.5), ("90002", 7))]  # fmt: skip
    return send(world.dataset, rows)


def test_the_table_shows_latest_value_change_trend_and_target(world: World) -> None:
    load_values(world)

    page = signed_in(world, "viewer").get(reverse("indicators:table")).content.decode()

    row = page.split('data-indicator="budget-revenue"')[1].split("</tr>")[0]
    assert "1,200" in row  # the latest value
    assert "9.1 %" in row  # +9.1 % on the previous period
    assert "<polyline" in row and "Target not met" in row
    commune = page.split('data-indicator="commune-revenue"')[1].split("</tr>")[0]
    assert "19.5" in commune  # the province figure sums the units


def test_the_pages_need_an_account(world: World) -> None:
    response = Client().get(reverse("indicators:table"))

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_detail_page_draws_the_series_with_target_and_limit(world: World) -> None:
    load_values(world)

    page = signed_in(world, "viewer").get(reverse("indicators:detail", args=["budget-revenue"])).content.decode()

    chart = page.split("data-chart")[1].split("</svg>")[0]
    assert chart.count("<circle") == 3
    assert 'class="dh-target"' in chart and 'class="dh-limit dh-limit--below"' in chart


def test_a_unit_indicator_has_a_choropleth_of_its_units_with_lineage(world: World) -> None:
    delivery = load_values(world)

    page = signed_in(world, "viewer").get(reverse("indicators:detail", args=["commune-revenue"])).content.decode()

    data = json.loads(page.split('id="ind-map-data" type="application/json">')[1].split("</script>")[0])
    assert data["values"] == {"90001": 12.5, "90002": 7.0}
    assert data["classes"]["90001"] > data["classes"]["90002"]
    assert 'data-ioc-map="ind-map-config"' in page and "admin-units" in page
    assert f'href="/data/deliveries/{delivery.pk}/"' in page
    source = f"Dataset “{delivery.dataset.name_en or delivery.dataset.name}” sent by"  # its name, not a file name
    assert source in page and ", item 4<" in page


def test_the_xlsx_export_holds_the_table_and_every_value_with_its_source(world: World) -> None:
    load_values(world)

    response = signed_in(world, "viewer").get(reverse("indicators:export"))

    book = load_workbook(io.BytesIO(response.content))
    summary, values = book.worksheets
    rows = {row[0]: row for row in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["budget-revenue"][6] == 1200 and rows["budget-revenue"][9] == 1500
    lines = list(values.iter_rows(min_row=2, values_only=True))
    assert len(lines) == 5
    assert ("commune-revenue", recent(1)[0], "90001", "Phường Thử A", 12.5) == lines[3][:5]
    assert lines[3][5] == "API request — item 4"


def test_procedure_results_flag_late_agencies(world: World) -> None:
    dataset = Dataset.objects.create(code="dossiers", name="Hồ sơ", provider=world.provider, target="dossier_stats")
    month = recent(1)[0]
    send(dataset, [{"agency": "so-tc", "period": month, "received": 100, "on_time": 90, "late": 6, "in_progress": 4}])

    page = signed_in(world, "viewer").get(reverse("indicators:procedures")).content.decode()

    row = page.split('data-agency="so-tc"')[1].split("</tr>")[0]
    assert ">100<" in row and ">94 %<" in row and "data-late-agency" in row
