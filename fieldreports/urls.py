"""Public pages of field reports, mounted at /field-reports/."""

from django.urls import path

from fieldreports import views

app_name = "fieldreports"
urlpatterns = [
    path("", views.new_report, name="new"),
    path("track/", views.track_lookup, name="track-lookup"),
    path("track/<str:code>/", views.track, name="track"),
    path("track/<str:code>/result/<str:name>", views.result_photo, name="result-photo"),
    path("nearby", views.nearby, name="nearby"),
    path("photos/<str:name>", views.photo, name="photo"),
]
