from django.urls import URLPattern, path

from sectors.listening import views

app_name = "listening"
urlpatterns: list[URLPattern] = [
    path("mentions.geojson", views.mentions_geojson, name="mentions-geojson"),
    path("mentions/new/", views.mention_new, name="mention-new"),
    path("mentions/<int:pk>/respond/", views.mention_respond, name="mention-respond"),
    path("mentions/<int:pk>/sentiment/", views.mention_sentiment, name="mention-sentiment"),
]
