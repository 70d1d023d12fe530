from django.urls import path

from tiles import views

app_name = "tiles"
urlpatterns = [
    path("<slug:slug>.json", views.layer_tilejson, name="tilejson"),
    path("<slug:slug>/<int:z>/<int:x>/<int:y>.mvt", views.vector_tile, name="vector-tile"),
    path("raster/<slug:slug>/<int:z>/<int:x>/<int:y>.png", views.raster_tile, name="raster-tile"),
]
