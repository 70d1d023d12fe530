from django.urls import URLPattern

app_name = "agencies"
urlpatterns: list[URLPattern] = []
