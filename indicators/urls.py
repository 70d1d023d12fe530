"""Pages of the indicator set under /indicators/."""

from django.urls import path

from indicators import ranking_views, views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_table, name="table"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("procedures/", views.procedures, name="procedures"),
    path("procedures/ranking/", ranking_views.public_ranking, name="public-ranking"),
    path("<slug:code>/", views.indicator_detail, name="detail"),
]
