from django.urls import path

from services import views

app_name = "services"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("<slug:code>/", views.service_detail, name="detail"),
    path("<slug:code>/alerts.geojson", views.service_alerts, name="alerts"),
]
