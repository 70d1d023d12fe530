from django.urls import URLPattern

app_name = "cyber"
urlpatterns: list[URLPattern] = []
