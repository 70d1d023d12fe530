"""The IoT API under /api/v1/iot; include it at the site root."""

from django.urls import path

from iot import overlays, views

app_name = "iot"
urlpatterns = [
    path("api/v1/iot/devices", views.device_collection, name="devices"),
    path("api/v1/iot/devices/<slug:code>", views.device_detail, name="device"),
    path("api/v1/iot/devices/<slug:code>/commands", views.device_commands, name="device-commands"),
    path("api/v1/iot/readings", views.reading_submit, name="readings"),
    path("api/v1/iot/aqi-map", overlays.aqi_map, name="aqi-map"),
    path("api/v1/iot/wqi-map", overlays.wqi_map, name="wqi-map"),
    path("api/v1/iot/camera-events", views.camera_event_submit, name="camera-events"),
    path("api/v1/iot/camera-events/<int:pk>/snapshot", views.camera_snapshot, name="camera-snapshot"),
]
