from django.urls import path

from crowdservice.accounts import views

app_name = "accounts"
urlpatterns = [
    path("users/<str:username>/", views.profile, name="profile"),
    path("settings/profile/", views.settings_profile, name="settings_profile"),
    path("settings/tokens/", views.tokens, name="tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
