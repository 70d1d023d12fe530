from django.urls import path

from sectors.cyber import views

app_name = "cyber"
urlpatterns = [
    path("", views.register, name="register"),
    path("incidents/<int:pk>/", views.incident_page, name="incident"),
    path("incidents/<int:pk>/<slug:step>/", views.record_step, name="step"),
]
