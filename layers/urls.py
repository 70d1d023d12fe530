from django.urls import path

from layers import views

app_name = "layers"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("upload/", views.upload, name="upload"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/map.html", views.standalone_map, name="map-html"),
]
