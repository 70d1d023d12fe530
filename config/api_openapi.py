"""The OpenAPI 3.0 document of /api/v1, built from one table of endpoints and served at /api/v1/openapi.json.

The document is for developers of client systems, so it is written in English like the parameter names it describes.
Each row of ENDPOINTS names a method, a path, who may call it, its parameters, its request body and its answers;
tests/config/test_api_openapi.py checks that every /api/v1 route is described and that the document is valid, and
tests/security/test_api_schemathesis.py drives every operation with generated requests.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from alerts import api as alerts
from alerts.api import Category, ProcedureName, Severity, Source, State
from iot.models import CameraEvent, Device
from planning.lot_export import EXPORT_FORMATS

type Schema = dict[str, Any]

# ---- Building blocks ---------------------------------------------------------------------------------------------

TOKEN, DEVICE, SESSION = "token", "device", "session"
SECURITY_SCHEMES: Schema = {
    TOKEN: {"type": "apiKey", "in": "header", "name": "Authorization",
            "description": "An account's API token: `Authorization: Token <secret>`."},
    DEVICE: {"type": "apiKey", "in": "header", "name": "Authorization",
             "description": "A device's own secret: `Authorization: Device <secret>`."},
    SESSION: {"type": "apiKey", "in": "cookie", "name": "sessionid",
              "description": "A signed-in browser session (unsafe methods also need the CSRF token)."},
}  # fmt: skip
STAFF = (TOKEN, SESSION)
ANYONE: tuple[str, ...] = ()  # public; a token or session, when sent, may show more

STRING: Schema = {"type": "string"}
TEXT: Schema = {"type": "string", "maxLength": 2000}
INTEGER: Schema = {"type": "integer"}
NUMBER: Schema = {"type": "number"}
DATE: Schema = {"type": "string", "format": "date"}
DATE_TIME: Schema = {"type": "string", "format": "date-time"}
BOOLEAN_TEXT: Schema = {"type": "string", "enum": ["true", "false", "1", "0", "yes"]}
OBJECT: Schema = {"type": "object"}
GEOMETRY: Schema = {
    "type": "object",
    "description": "A GeoJSON geometry in EPSG:4326 (another accepted CRS may be named in its crs member).",
    "required": ["type", "coordinates"],
    "properties": {"type": {"type": "string", "enum": ["Point", "MultiPoint", "LineString", "MultiLineString",
                                                       "Polygon", "MultiPolygon"]},
                   "coordinates": {"type": "array"}},
}  # fmt: skip


def enum(values: list[str]) -> Schema:
    return {"type": "string", "enum": sorted(values)}


def body(properties: dict[str, Schema], required: tuple[str, ...] = ()) -> Schema:
    """A JSON object with the given members."""
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


@dataclass(frozen=True)
class Param:
    name: str
    schema: Schema
    description: str = ""
    where: str = "query"
    required: bool = False

    def as_dict(self) -> Schema:
        return {"name": self.name, "in": self.where, "required": self.required or self.where == "path",
                "description": self.description, "schema": self.schema}  # fmt: skip


def path(name: str, schema: Schema, description: str) -> Param:
    return Param(name, schema, description, where="path", required=True)


def query(name: str, schema: Schema, description: str = "") -> Param:
    return Param(name, schema, description)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    security: tuple[str, ...] = STAFF
    parameters: tuple[Param, ...] = ()
    body: dict[str, Schema] = field(default_factory=dict)  # media type -> schema
    answers: tuple[int, ...] = (200,)
    media: str = "application/json"
    tag: str = ""

    def operation(self) -> Schema:
        errors = {400, 404} | ({401, 403} if self.security else set())
        responses = {str(code): _response(code, self.media) for code in sorted({*self.answers, *errors})}
        operation: Schema = {
            "summary": self.summary,
            "operationId": f"{self.method}{self.path}".replace("/", "_").replace("{", "").replace("}", ""),
            "tags": [self.tag or self.path.split("/")[1]],
            "parameters": [param.as_dict() for param in self.parameters],
            "responses": responses,
        }
        if self.body:
            content = {media: {"schema": schema} for media, schema in self.body.items()}
            operation["requestBody"] = {"required": False, "content": content}
        # A list of alternatives; an empty object means "anonymous is accepted".
        operation["security"] = [{scheme: []} for scheme in self.security] or [{}]
        return operation


ANSWERS = {200: "OK", 201: "Created", 304: "Not modified", 400: "Invalid input; the message says what to fix",
           401: "Sign in, or send a token", 403: "Your account may not do this", 404: "Not found",
           409: "The state has moved on"}  # fmt: skip


def _response(code: int, media: str) -> Schema:
    content_type = media if code < 300 else "application/json"
    return {"description": ANSWERS[code], "content": {content_type: {"schema": OBJECT if "json" in content_type
                                                                     else STRING}}}  # fmt: skip


# ---- Shared parameters -------------------------------------------------------------------------------------------

UNIT_CODE = path("code", {"type": "string", "pattern": "^[0-9]{5}$"}, "The official 5-digit code of a unit")
SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
PK = {"type": "integer", "minimum": 1}
LON, LAT = query("lon", NUMBER, "Longitude (WGS 84)"), query("lat", NUMBER, "Latitude (WGS 84)")
X, Y = query("x", NUMBER, "Easting in crs"), query("y", NUMBER, "Northing in crs")
CRS = query("crs", STRING, "EPSG code of x and y, e.g. EPSG:9217 (VN-2000)")
ON_DATE = query("date", DATE, "The day the plans are read on (default today)")
LIMIT = query("limit", {"type": "integer", "minimum": 1, "maximum": 500})
OFFSET = query("offset", {"type": "integer", "minimum": 0})
BBOX = query("bbox", STRING, "west,south,east,north in degrees")
PHONE_CALL = body({"to": STRING, "caller": STRING, "at": DATE_TIME, "summary": TEXT})

ALERT_BODY = {
    "title": TEXT, "category": enum(Category.values), "severity": enum(Severity.values), "sector": STRING,
    "geometry": GEOMETRY, "description": TEXT, "details": OBJECT, "procedure": enum(ProcedureName.values),
    "procedure_reason": TEXT, "observed_at": DATE_TIME, "inter_sector": {"type": "boolean"},
}  # fmt: skip
# Each alert action's body; the action names come from alerts.api.action_names() (a missing one fails at import).
ACTION_BODIES: dict[str, Schema] = {
    "verify": body({"note": TEXT}),
    "reject": body({"reason": TEXT}),
    "forward": body({"lead_agency": STRING, "coordinating_agencies": {"type": "array", "items": STRING},
                     "sector": STRING, "message": TEXT, "reason": TEXT, "phone_call": PHONE_CALL}),
    "change-procedure": body({"procedure": enum(ProcedureName.values), "reason": TEXT}),
    "grant-extension": body({"until": DATE_TIME, "reason": TEXT}),
    "deny-extension": body({"reason": TEXT}),
    "confirm": body({"note": TEXT}),
    "return-for-rework": body({"reason": TEXT}),
    "accept": body({"note": TEXT}),
    "refuse": body({"reason": TEXT, "phone_call": PHONE_CALL}),
    "request-extension": body({"until": DATE_TIME, "reason": TEXT}, required=("until",)),
    "resolve": body({"result": TEXT, "evidence": {"type": "array", "items": body(
        {"title": TEXT, "url": STRING, "reference": STRING})}}),
    "note": body({"text": TEXT}),
}  # fmt: skip
assert set(ACTION_BODIES) == alerts.action_names(), "describe every alert action in ACTION_BODIES"
READING = body({"at": DATE_TIME, "values": {"type": "object", "additionalProperties": NUMBER}})
CAMERA_EVENT = body({
    "camera": STRING, "event_id": {"type": "string", "maxLength": 100}, "kind": enum(CameraEvent.Kind.values),
    "at": DATE_TIME, "confidence": {"type": "number", "minimum": 0, "maximum": 1}, "severity": enum(Severity.values),
    "snapshot_base64": {"type": "string", "format": "byte"}, "description": TEXT,
}, required=("event_id", "kind"))  # fmt: skip

# ---- The table ---------------------------------------------------------------------------------------------------

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("get", "/me", "The caller's account, role, agency and permissions", tag="accounts"),
    Endpoint("get", "/agencies", "Active agencies, by kind or sector", ANYONE,
             (query("kind", STRING), query("sector", STRING))),
    Endpoint("get", "/agencies/{code}", "One agency", ANYONE, (path("code", SLUG, "Agency code"),)),
    Endpoint("get", "/agencies/{code}/contacts", "The agency's leader and focal persons", STAFF,
             (path("code", SLUG, "Agency code"),)),
    Endpoint("get", "/units", "The administrative units as GeoJSON", ANYONE,
             (query("simplify", NUMBER, "Tolerance in metres"),), media="application/geo+json"),
    Endpoint("get", "/units/at", "The unit containing a point", ANYONE, (LON, LAT, X, Y, CRS),
             media="application/geo+json"),
    Endpoint("get", "/units/{code}", "One unit", ANYONE, (UNIT_CODE,), media="application/geo+json"),
    Endpoint("get", "/units/{code}/neighbours", "The units sharing a boundary with one unit", ANYONE, (UNIT_CODE,),
             media="application/geo+json"),
    Endpoint("get", "/layers", "The layers the caller may see", ANYONE,
             (query("q", STRING, "Words in titles, descriptions, keywords"),
              query("kind", enum(["vector", "raster"]))), answers=(200, 304)),
    Endpoint("get", "/layers/{slug}", "One layer's record", ANYONE, (path("slug", SLUG, "Layer slug"),)),
    Endpoint("get", "/planning/lookup", "The plans in force at a point", ANYONE,
             (LON, LAT, X, Y, CRS, ON_DATE, query("with_geometry", BOOLEAN_TEXT))),
    Endpoint("get", "/planning/lots-layer", "Lots in force in a map view", ANYONE,
             (BBOX, query("zoom", NUMBER), ON_DATE), media="application/geo+json"),
    Endpoint("post", "/planning/parcel-report", "Overlay a parcel on the plans in force", ANYONE,
             body={"application/json": body({"geometry": GEOMETRY, "table": TEXT, "crs": STRING, "date": DATE,
                                             "with_geometry": {"type": "boolean"}})}),
    Endpoint("get", "/planning/implementation", "Planned against current land use, per unit", STAFF,
             (query("plan", STRING, "Plan id or code"), ON_DATE, query("survey", INTEGER),
              query("format", enum(["json", "csv"])), query("table", enum(["urban"])))),
    Endpoint("get", "/planning/lots", "Search lots in force; export them", STAFF,
             (query("plan", STRING), query("land_use", STRING, "Comma-separated land-use codes"),
              query("group", STRING), query("unit", STRING), query("ids", STRING, "Comma-separated lot ids"), BBOX,
              *(query(name, NUMBER) for name in ("coverage_min", "coverage_max", "far_min", "far_max", "floors_min",
                                                 "floors_max", "area_min", "area_max")),
              query("limit", {"type": "integer", "minimum": 1, "maximum": 5000}), OFFSET, ON_DATE,
              query("format", enum(list(EXPORT_FORMATS))))),
    Endpoint("get", "/alerts", "Alerts visible to the caller, as GeoJSON", STAFF,
             (query("state", STRING, "Comma-separated: " + ", ".join(State.values)), query("unit", STRING),
              query("agency", STRING), query("sector", STRING), query("procedure", enum(ProcedureName.values)),
              query("category", enum(Category.values)), query("appeared_from", DATE), query("appeared_to", DATE),
              query("overdue", enum(["true", "false"])), LIMIT, OFFSET)),
    Endpoint("post", "/alerts", "An operator enters an alert", STAFF,
             body={"application/json": body(ALERT_BODY, required=("title",))}, answers=(201,)),
    Endpoint("post", "/alerts/submit", "A trusted system raises or updates an alert", (TOKEN,),
             body={"application/json": body({**ALERT_BODY, "source": enum(list(set(Source.values) - {"manual"})),
                                             "external_ref": STRING}, required=("title", "source"))},
             answers=(200, 201)),
    Endpoint("get", "/alerts/{pk}", "One alert with its history", STAFF, (path("pk", PK, "Alert id"),)),
    Endpoint("get", "/alerts/{pk}/cap.xml", "The alert as CAP 1.2", ANYONE, (path("pk", PK, "Alert id"),),
             media="application/cap+xml"),
    *(Endpoint("post", f"/alerts/{{pk}}/{action}", f"Alert step: {action}", STAFF, (path("pk", PK, "Alert id"),),
               body={"application/json": schema}, answers=(200, 409), tag="alerts")
      for action, schema in ACTION_BODIES.items()),
    Endpoint("get", "/field-reports/{pk}", "A field report with its likely duplicates", STAFF,
             (path("pk", PK, "Report id"),)),
    Endpoint("post", "/field-reports/{pk}/merge", "Merge duplicates into this report", STAFF,
             (path("pk", PK, "Report id"),),
             body={"application/json": body({"duplicates": {"type": "array", "items": INTEGER}, "reason": TEXT},
                                            required=("duplicates",))}, answers=(200, 409)),
    Endpoint("post", "/field-reports/{pk}/answer", "Publish the public answer", STAFF,
             (path("pk", PK, "Report id"),), body={"application/json": body({"text": TEXT})}, answers=(200, 409)),
    Endpoint("post", "/field-reports/{pk}/refuse", "Refuse the report with a public reason", STAFF,
             (path("pk", PK, "Report id"),),
             body={"application/json": body({"public_reason": TEXT, "reason": TEXT})}, answers=(200, 409)),
    Endpoint("get", "/iot/devices", "Devices as GeoJSON (anonymous callers see stations)", ANYONE,
             (query("kind", STRING, "Comma-separated: " + ", ".join(Device.Kind.values)), query("agency", STRING)),
             media="application/geo+json"),
    Endpoint("get", "/iot/devices/{code}", "One device", ANYONE, (path("code", SLUG, "Device code"),),
             media="application/geo+json"),
    Endpoint("get", "/iot/aqi-map", "Air stations with their latest hourly and daily VN_AQI", ANYONE, (),
             media="application/geo+json"),
    Endpoint("get", "/iot/wqi-map", "Water stations with the VN_WQI of their latest sample", ANYONE, (),
             media="application/geo+json"),
    Endpoint("get", "/iot/devices/{code}/commands", "A street light's command log", STAFF,
             (path("code", SLUG, "Device code"),)),
    Endpoint("post", "/iot/devices/{code}/commands", "Switch a street light or set its schedule", STAFF,
             (path("code", SLUG, "Device code"),),
             body={"application/json": body({"action": enum(["on", "off", "schedule"]), "schedule": body(
                 {"on": STRING, "off": STRING, "weekdays": {"type": "array", "items": INTEGER},
                  "brightness": INTEGER})}, required=("action",))}, answers=(201, 409)),
    Endpoint("post", "/iot/readings", "A device posts readings", (DEVICE,),
             body={"application/json": body({**READING["properties"], "samples": {"type": "array",
                                                                                   "items": READING}})},
             answers=(200, 201)),
    Endpoint("post", "/iot/camera-events", "A camera or its analytics system posts a detection", (DEVICE, TOKEN),
             body={"application/json": CAMERA_EVENT}, answers=(200, 201)),
    Endpoint("get", "/iot/camera-events/{pk}/snapshot", "A camera event's snapshot", STAFF,
             (path("pk", PK, "Camera event id"),), media="image/jpeg"),
    Endpoint("get", "/data", "The dataset catalogue with freshness", STAFF, tag="data"),
    Endpoint("post", "/data/{code}", "A provider pushes rows to a dataset", STAFF, (path("code", SLUG, "Dataset"),),
             body={"application/json": {"type": "array", "items": OBJECT}, "text/csv": STRING},
             answers=(200, 201), tag="data"),
    Endpoint("post", "/cyber/incidents", "The security operations centre sends an incident, or a STIX 2.1 bundle",
             STAFF, body={"application/json": OBJECT}, answers=(200, 201), tag="cyber"),
    Endpoint("get", "/cyber/incidents", "The cyber-security incidents the caller may see", STAFF, tag="cyber"),
    Endpoint("get", "/cyber/systems", "The information systems the caller may see", STAFF, tag="cyber"),
    Endpoint("get", "/search", "Places, plans, lots and coordinates (alerts and reports for staff)", ANYONE,
             (query("q", STRING, "What to find"), query("limit", {"type": "integer", "minimum": 1, "maximum": 20}))),
    Endpoint("get", "/roads/isochrone", "Drive-time area over the road network (pgRouting), cached per network version",
             ANYONE, (query("lon", NUMBER, "Longitude, WGS 84"), query("lat", NUMBER, "Latitude, WGS 84"),
                      query("minutes", {"type": "integer", "minimum": 1, "maximum": 30}, "Drive time, e.g. 5, 10, 15")),
             media="application/geo+json"),
)  # fmt: skip


def document() -> Schema:
    """The OpenAPI 3.0 document of every /api/v1 endpoint."""
    paths: dict[str, Schema] = {}
    for endpoint in ENDPOINTS:
        paths.setdefault(endpoint.path, {})[endpoint.method] = endpoint.operation()
    return {
        "openapi": "3.0.3",
        "info": {"title": "IOC Khánh Hòa API", "version": "1",
                 "description": "The JSON API of the Intelligent Operations Center of Khánh Hòa. The OGC APIs "
                                "are described separately at /ogc/api."},
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {"securitySchemes": SECURITY_SCHEMES},
    }  # fmt: skip


@require_safe
def openapi_json(request: HttpRequest) -> JsonResponse:
    """Serve the OpenAPI document of /api/v1."""
    return JsonResponse(document(), json_dumps_params={"ensure_ascii": False})
