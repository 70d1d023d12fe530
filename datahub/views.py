"""Pages of the dataset catalogue: providers and their datasets, a dataset's deliveries and file uploads with a preview,
a column mapping and the validation report before anything is stored; and the push API."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.permissions import acting_user, has_permission, permission_required, require_permission
from core.errors import Conflict, ImportFailed, InvalidInput, NotFound
from datahub.arrivals import Arrival, commit, preview, receive, stage
from datahub.forms import UploadForm
from datahub.models import Dataset, Delivery, Freshness
from datahub.targets import target_for

CONTENT_TYPES = {"application/json": "json", "text/csv": "csv"}


def _dataset(code: str) -> Dataset:
    dataset = Dataset.objects.select_related("provider", "sector").filter(code=code).first()
    if dataset is None:
        raise NotFound(_("No dataset '%(code)s'; see the dataset catalogue.") % {"code": code})
    return dataset


def _delivery(user: User, pk: int) -> Delivery:
    delivery = Delivery.objects.select_related("dataset__provider", "sender").filter(pk=pk).first()
    if delivery is None or not has_permission(user, "data.view"):
        raise NotFound(_("No delivery #%(id)s.") % {"id": pk})
    require_permission(user, "data.push", delivery.dataset)
    return delivery


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """Providers and their datasets, with how each arrives and whether it is fresh."""
    require_permission(request.user, "data.view")
    now = timezone.now()
    datasets = list(Dataset.objects.filter(is_active=True).select_related("provider", "sector"))
    labels = dict(Freshness.choices)
    rows = [(dataset, state, labels[state]) for dataset in datasets for state in [dataset.freshness(now)]]
    cards = [(state, label, sum(1 for row in rows if row[1] == state)) for state, label in Freshness.choices]
    return render(request, "datahub/catalogue.html", {"rows": rows, "cards": cards})


@login_required
@require_GET
def dataset_detail(request: HttpRequest, code: str) -> HttpResponse:
    require_permission(request.user, "data.view")
    return _render_dataset(request, _dataset(code), UploadForm())


def _render_dataset(request: HttpRequest, dataset: Dataset, form: UploadForm, problems: list[str] | None = None,
                    status: int = 200) -> HttpResponse:  # fmt: skip
    user = acting_user(request)
    may_push = has_permission(user, "data.push", dataset)
    deliveries = dataset.deliveries.select_related("sender")[:30] if may_push else []
    context = {
        "dataset": dataset, "freshness": (state := dataset.freshness()), "freshness_label": Freshness(state).label,
        "form": form, "may_push": may_push,
        "deliveries": deliveries, "fields": target_for(dataset).fields, "problems": problems or [],
    }  # fmt: skip
    return render(request, "datahub/dataset.html", context, status=status)


@login_required
@require_POST
def upload(request: HttpRequest, code: str) -> HttpResponse:
    """Keep the file as a preview and show its report; nothing is stored until confirmed."""
    user = acting_user(request)
    dataset = _dataset(code)
    require_permission(user, "data.push", dataset)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_dataset(request, dataset, form, status=400)
    file = form.cleaned_data["file"]
    try:
        delivery = stage(dataset, Arrival(Delivery.Channel.FILE, file.read(), form.format, file.name, user))
    except (ImportFailed, InvalidInput) as exc:
        return _render_dataset(request, dataset, form, exc.message.splitlines(), status=400)
    return redirect("datahub:delivery", pk=delivery.pk)


@login_required
@require_GET
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = _delivery(acting_user(request), pk)
    return _render_delivery(request, delivery)


def _render_delivery(request: HttpRequest, delivery: Delivery, problems: list[str] | None = None,
                     status: int = 200) -> HttpResponse:  # fmt: skip
    report = preview(delivery) if delivery.status == Delivery.Status.PREVIEW else None
    fields = target_for(delivery.dataset).fields
    mapped = {name: column for column, name in (report.mapping if report else delivery.column_map).items()}
    context: dict[str, Any] = {
        "delivery": delivery, "report": report, "problems": problems or [],
        "fields": [(field, mapped.get(field.name, "")) for field in fields],
        "preview_rows": [[row.ref, *[row.values.get(column, "") for column in report.columns]]
                         for row in report.preview] if report else [],
    }  # fmt: skip
    return render(request, "datahub/delivery.html", context, status=status)


@login_required
@require_POST
def delivery_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Map the file's columns to the dataset's fields and validate again."""
    delivery = _delivery(acting_user(request), pk)
    if delivery.status != Delivery.Status.PREVIEW:
        raise Conflict(_("This delivery is no longer a preview; upload the file again to remap it."))
    fields = [field.name for field in target_for(delivery.dataset).fields]
    mapping = {request.POST[f"map-{name}"]: name for name in fields if request.POST.get(f"map-{name}")}
    preview(delivery, mapping)
    return redirect("datahub:delivery", pk=delivery.pk)


@login_required
@require_POST
def delivery_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Store the previewed file; while any row has a problem nothing is stored and the report says why."""
    delivery = _delivery(acting_user(request), pk)
    try:
        receipt = commit(delivery)
    except (ImportFailed, Conflict) as exc:
        return _render_delivery(request, delivery, exc.message.splitlines(), status=400)
    messages.success(
        request,
        _("Stored: %(created)d values created, %(updated)d changed, %(unchanged)d unchanged.")
        % {"created": receipt.delivery.rows_created, "updated": receipt.delivery.rows_updated,
           "unchanged": receipt.delivery.rows_unchanged},
    )  # fmt: skip
    return redirect("datahub:delivery", pk=delivery.pk)


# ---- API ---------------------------------------------------------------------------------------------------------


@require_POST
@permission_required("data.push")
def push(request: HttpRequest, code: str) -> JsonResponse:
    """POST /api/v1/data/{dataset}: JSON rows or a CSV table; stored whole or refused whole with row-level problems."""
    user = acting_user(request)
    dataset = _dataset(code)
    require_permission(user, "data.push", dataset)
    content_type = request.content_type or ""
    if content_type not in CONTENT_TYPES:
        raise InvalidInput(
            _("Send the data as Content-Type application/json or text/csv (got '%(type)s').") % {"type": content_type}
        )
    token = getattr(request, "auth_token", None)
    arrival = Arrival(Delivery.Channel.PUSH, request.body, CONTENT_TYPES[content_type], sender=user,
                      token_prefix=token.prefix if token is not None else "")  # fmt: skip
    receipt = receive(dataset, arrival)
    body = {**receipt.delivery.summary(), "status": "unchanged" if receipt.unchanged else receipt.delivery.status}
    return JsonResponse(body, status=200 if receipt.unchanged else 201, json_dumps_params={"ensure_ascii": False})


@require_GET
@permission_required("data.view")
def datasets_api(request: HttpRequest) -> JsonResponse:
    """GET /api/v1/data: the catalogue with each dataset's freshness."""
    now = timezone.now()
    items = [
        {"code": dataset.code, "name": dataset.name, "name_en": dataset.name_en, "provider": dataset.provider.code,
         "content": dataset.target, "format": dataset.format, "arrival": dataset.arrival,
         "expected_every_seconds": dataset.expected_every.total_seconds() if dataset.expected_every else None,
         "last_received_at": dataset.last_received_at.isoformat() if dataset.last_received_at else None,
         "freshness": dataset.freshness(now)}
        for dataset in Dataset.objects.filter(is_active=True).select_related("provider")
    ]  # fmt: skip
    return JsonResponse({"datasets": items}, json_dumps_params={"ensure_ascii": False})
