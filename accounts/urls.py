from django.urls import path

from accounts import two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/setup/", two_factor_views.enrol, name="two-factor-enrol"),
    path("two-factor/verify/", two_factor_views.verify, name="two-factor-verify"),
]
