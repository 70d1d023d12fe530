"""The IoT API: the device layer, readings and camera events from devices, street-light commands, snapshots.

Devices authenticate with their own secret, 'Authorization: Device <secret>'; people and systems as elsewhere
(session or 'Authorization: Token <secret>', accounts.permissions). Views only read the request and call iot.
"""

import hashlib
import json
import mimetypes
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import (
    acting_user,
    authenticate_request,
    has_permission,
    login_or_token_required,
    require_permission,
)
from core.errors import InvalidInput, NotAuthenticated, NotFound
from core.json_body import read_json_object
from iot import api, cameras, geojson, ingestion, lights
from iot.directory import info_of
from iot.models import CameraEvent, Device, LightCommand, Reject
from iot.payloads import Refused, decode


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _device_from_header(request: HttpRequest) -> Device:
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "device" or not secret.strip():
        raise NotAuthenticated(_("Devices send 'Authorization: Device <secret>' with the secret issued to them."))
    device = Device.objects.by_token(secret.strip())
    if device is None:
        # Refusals of one unknown token are counted together under a digest, never under any part of the secret.
        digest = hashlib.sha256(secret.strip().encode()).hexdigest()[:12]
        refused = Refused(Reject.Reason.BAD_TOKEN, _("Unknown device token."))
        ingestion.refusal_only(Reject.Channel.HTTP, f"token-sha256:{digest}", None, refused, b"", timezone.now())
        raise NotAuthenticated(_("The device token is unknown or was replaced; ask the operator for the new one."))
    return device


def _may_see_all(request: HttpRequest) -> bool:
    return has_permission(request.user, "iot.view")


@require_GET
def device_collection(request: HttpRequest) -> HttpResponse:
    """The devices as a GeoJSON FeatureCollection; ?kind= and ?agency= filter. Anonymous callers see stations."""
    internal = _may_see_all(request)
    devices = Device.objects.exclude(status=Device.Status.RETIRED)
    if not internal:
        devices = devices.filter(kind__in=geojson.PUBLIC_KINDS)
    kinds = [kind for kind in request.GET.get("kind", "").split(",") if kind]
    unknown = set(kinds) - set(Device.Kind.values)
    if unknown:
        raise InvalidInput(_("Unknown kind %(kind)s; use: %(allowed)s.") % {
            "kind": ", ".join(sorted(unknown)), "allowed": ", ".join(Device.Kind.values)
        })  # fmt: skip
    if kinds:
        devices = devices.filter(kind__in=kinds)
    if request.GET.get("agency"):
        devices = devices.filter(agency__code=request.GET["agency"])
    body = geojson.collection(geojson.features(devices.order_by("code"), internal=internal))
    return HttpResponse(body, content_type=geojson.MEDIA_TYPE)


@require_GET
def device_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One device as a GeoJSON Feature."""
    internal = _may_see_all(request)
    devices = Device.objects.filter(code=code)
    if not internal:
        devices = devices.filter(kind__in=geojson.PUBLIC_KINDS).exclude(status=Device.Status.RETIRED)
    found = geojson.features(devices, internal=internal)
    if not found:
        raise NotFound(_("No device '%(code)s' is visible to you.") % {"code": code})
    return HttpResponse(json.dumps(found[0], ensure_ascii=False), content_type=geojson.MEDIA_TYPE)


@csrf_exempt
@require_POST
def reading_submit(request: HttpRequest) -> JsonResponse:
    """A device posts readings: {at, values} or {samples: [{at, values}, …]}; all stored, or none with the reason."""
    device = _device_from_header(request)
    info = info_of(device)
    try:
        body = decode(request.body)
        outcome = api.ingest(info, body, Reject.Channel.HTTP)
    except Refused as refused:
        ingestion.refusal_only(Reject.Channel.HTTP, device.code, info, refused, request.body, timezone.now())
        raise InvalidInput(refused.message, reason=refused.reason) from None
    return _json({"stored": outcome.stored, "duplicates": outcome.duplicates}, status=201 if outcome.stored else 200)


@csrf_exempt
@require_POST
def camera_event_submit(request: HttpRequest) -> JsonResponse:
    """A camera (its own secret) or its analytics system (a data-provider token) posts a detection with a snapshot."""
    fields, snapshot = _event_fields(request)
    if request.headers.get("Authorization", "").lower().startswith("device "):
        device = _device_from_header(request)
    else:
        device = _camera_for_system(request, fields.get("camera"))
    event = cameras.read_event(fields, snapshot)
    row, created = cameras.record(device, event)
    snapshot_url = reverse("iot:camera-snapshot", args=[row.pk])
    body = {"event": row.pk, "alert": row.alert_id, "alert_created": created, "snapshot_url": snapshot_url}
    return _json(body, status=201 if created else 200)


def _camera_for_system(request: HttpRequest, code: object) -> Device:
    """The camera a system (a data provider's token, or a signed-in user) posts for, if it may push its data."""
    authenticate_request(request)
    if not isinstance(code, str) or not code:
        raise InvalidInput(_("Name the camera in 'camera' (its device identifier)."))
    device = Device.objects.filter(code=code).first()
    if device is None:
        raise NotFound(_("No device '%(code)s'.") % {"code": code})
    require_permission(acting_user(request), "data.push", device)
    return device


def _event_fields(request: HttpRequest) -> tuple[dict[str, Any], bytes | None]:
    if request.content_type == "application/json":
        return read_json_object(request), None
    upload = request.FILES.get("snapshot")
    return request.POST.dict(), upload.read() if upload is not None else None


@require_GET
@login_or_token_required
def camera_snapshot(request: HttpRequest, pk: int) -> HttpResponse:
    """The snapshot of a camera event, for staff who may see devices (operators open it from the alert)."""
    require_permission(acting_user(request), "iot.view")
    event = CameraEvent.objects.filter(pk=pk).first()
    if event is None or not event.snapshot:
        raise NotFound(_("No snapshot for camera event #%(id)s.") % {"id": pk})
    content_type = mimetypes.guess_type(event.snapshot.name or "")[0] or "application/octet-stream"
    with event.snapshot.open("rb") as image:
        return HttpResponse(image.read(), content_type=content_type)


@require_http_methods(["GET", "POST"])
@login_or_token_required
def device_commands(request: HttpRequest, code: str) -> JsonResponse:
    """GET: the device's command log; POST {"action": "on" | "off" | "schedule", "schedule": {…}}: send one."""
    user = acting_user(request)
    device = Device.objects.filter(code=code).first()
    if device is None:
        raise NotFound(_("No device '%(code)s'.") % {"code": code})
    if request.method == "GET":
        require_permission(user, "iot.view")
        log = LightCommand.objects.filter(device=device).select_related("sent_by")[:100]
        return _json({"device": device.code, "commands": [_command(command) for command in log]})
    require_permission(user, "iot.control", device)
    lights.check_controllable(device)
    body = read_json_object(request)
    action = body.get("action")
    schedule = None
    if action == LightCommand.Action.SCHEDULE:
        if not isinstance(body.get("schedule"), dict):
            raise InvalidInput(_('Send the schedule as {"on": "18:00", "off": "05:30", …} in \'schedule\'.'))
        schedule = lights.parse_schedule(body["schedule"], device, user)
        schedule.save()
    command = lights.send(device, str(action), user, schedule)
    return _json(_command(command), status=201)


def _command(command: LightCommand) -> dict[str, Any]:
    return {
        "id": command.pk, "action": command.action, "payload": command.payload, "status": command.status,
        "status_label": str(command.get_status_display()), "sent_by": command.sent_by.get_username(),
        "created_at": timezone.localtime(command.created_at).isoformat(),
        "sent_at": timezone.localtime(command.sent_at).isoformat() if command.sent_at else None,
        "acked_at": timezone.localtime(command.acked_at).isoformat() if command.acked_at else None,
        "ack": command.ack, "error": command.error,
    }  # fmt: skip
