from django.urls import URLPattern

app_name = "layers"
urlpatterns: list[URLPattern] = []
