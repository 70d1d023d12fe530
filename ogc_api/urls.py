from django.urls import URLPattern

app_name = "ogc_api"
urlpatterns: list[URLPattern] = []
