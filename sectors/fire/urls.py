from django.urls import URLPattern

app_name = "fire"
urlpatterns: list[URLPattern] = []
