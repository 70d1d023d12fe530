from django.urls import URLPattern, path

from sectors.traffic import views

app_name = "traffic"
urlpatterns: list[URLPattern] = [
    path("congestion/tiles/<int:z>/<int:x>/<int:y>.mvt", views.congestion_tile, name="congestion-tile"),
    path("congestion/steps", views.steps, name="steps"),
    path("incidents.geojson", views.incidents_geojson, name="incidents-geojson"),
    path("incidents/new/", views.incident_new, name="incident-new"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("incidents/<int:pk>/<str:action>/", views.incident_action, name="incident-action"),
]
