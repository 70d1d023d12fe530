"""Station coverage is computed from the road network: its admin page shows it and never adds, edits or deletes."""

from django.contrib.gis.geos import Polygon
from django.test import Client

from sectors.fire.models import StationCoverage
from tests.fire.world import FireWorld


def test_the_coverage_admin_shows_rows_and_refuses_every_change(fire_world: FireWorld) -> None:
    coverage = StationCoverage.objects.create(
        station=fire_world.station, minutes=5, network_version=1,
        geom=Polygon.from_bbox((109.10, 12.20, 109.11, 12.21)),
    )  # fmt: skip
    client = Client()
    client.force_login(fire_world.users["operator"])  # may manage the fire registers
    page = f"/admin/fire/stationcoverage/{coverage.pk}/change/"

    assert client.get("/admin/fire/stationcoverage/").status_code == 200
    shown = client.get(page)
    assert shown.status_code == 200 and 'name="_save"' not in shown.content.decode()
    assert client.get("/admin/fire/stationcoverage/add/").status_code == 403
    assert client.post(page, {"station": fire_world.station.pk, "minutes": 9, "network_version": 1}).status_code == 403
    assert client.post(f"/admin/fire/stationcoverage/{coverage.pk}/delete/", {"post": "yes"}).status_code == 403
    assert StationCoverage.objects.values_list("minutes", flat=True).get() == 5
