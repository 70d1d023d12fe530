"""The road network's upload page: a line file replaces the network, and the page shows what the import fixed."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from accounts.permissions import require_permission
from core.errors import IOCError
from gis_core.archives import unpacked
from layers.uploads import staged
from roads.forms import RoadImportForm
from roads.importer import import_roads
from roads.models import RoadNetwork

PERMISSION = "layers.manage"  # the network is a platform layer, kept by the IOC


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a line file as the new road network; show the topology report or every problem found."""
    require_permission(request.user, PERMISSION)
    form = RoadImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    report = None
    skipped = 0
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with staged(data["file"]) as path, unpacked(path) as dataset:
                _summary, target = import_roads(
                    dataset, layer=data["source_layer"] or None, tolerance_m=data["tolerance"]
                )
            report, skipped = target.report, target.skipped
        except IOCError as exc:
            problems = exc.message.splitlines()
    context = {"form": form, "problems": problems, "report": report, "skipped": skipped,
               "network": RoadNetwork.current()}  # fmt: skip
    return render(request, "roads/upload.html", context, status=400 if problems else 200)
