"""Public pages of the planning app."""

from urllib.parse import urlencode

from django.contrib.gis.db.models import Extent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from planning import sheet
from planning.models import Plan
from planning.page_config import page_config
from portal.map_config import MapOptions


@require_GET
def citizen_lookup(request: HttpRequest) -> HttpResponse:
    """The public planning lookup: tap the map, type coordinates or paste a certificate table."""
    # The map opens on the plans in force, where its lots layer has something to show.
    area = Plan.objects.in_force(timezone.localdate()).aggregate(area=Extent("boundary"))["area"]
    options = MapOptions(fit_bounds=area, popups=False)
    return render(request, "planning/lookup.html", {"planning_config": page_config(), "map_options": options})


@require_GET
def planning_sheet(request: HttpRequest) -> HttpResponse:
    """The planning information sheet of a point (lon/lat or x/y/crs) or a corner table, as one A4 PDF page."""
    question = sheet.SheetQuestion.from_query(request.GET)
    online = request.build_absolute_uri(f"{reverse('planning:lookup')}?{urlencode(question.query())}")
    response = HttpResponse(sheet.build(question, online), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-thong-tin-quy-hoach-{question.reference()}.pdf"'
    return response
