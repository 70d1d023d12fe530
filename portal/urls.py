from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("map/", views.province_map, name="map"),
    path("map/base/land.geojson", views.base_land, name="base-land"),
    path("public-alerts/", views.public_alerts, name="public-alerts"),
    path("operations/map/", views.operator_map, name="operator-map"),
]
