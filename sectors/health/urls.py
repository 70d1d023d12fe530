from django.urls import path

from sectors.health import views

app_name = "health"
urlpatterns = [
    path("maps/", views.health_maps, name="maps"),
    path("outbreaks/<slug:disease>/<str:unit_code>/chart.svg", views.outbreak_chart, name="outbreak-chart"),
]
