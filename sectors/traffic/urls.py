from django.urls import URLPattern

app_name = "traffic"
urlpatterns: list[URLPattern] = []
