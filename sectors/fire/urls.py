from django.urls import path

from sectors.fire import views

app_name = "fire"
urlpatterns = [
    path("incidents/<str:code>/", views.incident_detail, name="incident"),
]
