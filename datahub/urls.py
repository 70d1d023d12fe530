"""Pages of the dataset catalogue under /data/ and the data API under /api/v1/data; include at the site root."""

from django.urls import path

from datahub import views

app_name = "datahub"
urlpatterns = [
    path("data/", views.catalogue, name="catalogue"),
    path("data/deliveries/<int:pk>/", views.delivery_detail, name="delivery"),
    path("data/deliveries/<int:pk>/mapping", views.delivery_mapping, name="delivery-mapping"),
    path("data/deliveries/<int:pk>/commit", views.delivery_commit, name="delivery-commit"),
    path("data/<slug:code>/", views.dataset_detail, name="dataset"),
    path("data/<slug:code>/upload", views.upload, name="upload"),
    path("api/v1/data", views.datasets_api, name="api-datasets"),
    path("api/v1/data/<slug:code>", views.push, name="api-push"),
]
