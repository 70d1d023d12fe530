"""Pages of the indicator set under /indicators/."""

from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_table, name="table"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("procedures/", views.procedures, name="procedures"),
    path("<slug:code>/", views.indicator_detail, name="detail"),
]
