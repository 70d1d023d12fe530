from django.urls import URLPattern

app_name = "gis_core"
urlpatterns: list[URLPattern] = []
