"""Pages of the layer catalogue: the list, one layer, and the upload form."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import acting_user
from audit.log import record_export
from core.errors import ImportFailed
from layers import access
from layers.access import viewer
from layers.api import find_layer
from layers.builtin import ADMIN_UNITS
from layers.forms import UploadForm
from layers.html_map import standalone_html
from layers.importing import ImportOptions
from layers.models import Layer
from layers.uploads import queue_upload
from portal.map_config import MapOptions

UNITS_LAYER = ADMIN_UNITS["slug"]  # under every layer's map, so a place can be told


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """The layers the visitor may see."""
    user = request.user
    layers = Layer.objects.visible_to(user).select_related("owner")
    context = {"layers": layers, "may_upload": access.may(user, "layers.upload")}
    return render(request, "layers/catalogue.html", context)


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One layer's metadata, fields, legend and addresses."""
    layer = find_layer(slug)
    layer.check_visible_to(request.user)
    layer.ensure_summary()
    context = {"layer": layer, "legend": layer.legend(), "map_options": _map_options(layer)}
    return render(request, "layers/detail.html", context)


def _map_options(layer: Layer) -> MapOptions | None:
    """The layer over the units, opened on its extent; None when it is not published as tiles."""
    if not layer.published_tiles:
        return None
    units = [] if layer.slug == UNITS_LAYER else [UNITS_LAYER]
    return MapOptions(layers=[*units, layer.slug], fit_bounds=layer.extent)


@require_safe
def standalone_map(request: HttpRequest, slug: str) -> HttpResponse:
    """The layer as a standalone HTML map (folium), with every asset served from this server."""
    layer = find_layer(slug)
    layer.check_visible_to(viewer(request))
    layer.ensure_summary()
    response = HttpResponse(standalone_html(layer, layer.title_in()), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{layer.slug}.html"'
    if request.user.is_authenticated:  # staff take internal layers out; anonymous visitors only public ones
        record_export(request, f"{layer.slug}.html", format="HTML", layer=layer.title_in())
    if layer.access != Layer.Access.PUBLIC:
        response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a file as a new layer or as the new data of an existing one."""
    access.require(request.user, "layers.upload")
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = ImportOptions(
            source_layer=data["source_layer"] or None,
            srid=data["srid"],
            encoding=data["encoding"],
            coordinates=form.coordinates(),
            metadata=form.metadata(),
        )
        try:
            job = queue_upload(acting_user(request), data["file"], data["slug"], options)
        except ImportFailed as exc:
            problems = exc.message.splitlines()
        else:
            return redirect("imports:job", job_id=job.pk)  # the worker imports it; that page follows it
    status = 400 if request.method == "POST" else 200
    return render(request, "layers/upload.html", {"form": form, "problems": problems}, status=status)
