from django.urls import path

from crowdservice.reputation import views

app_name = "reputation"
urlpatterns = [
    path("users/<str:username>/reputation/", views.user_reputation, name="user"),
    path("users/<str:username>/reputation/adjust/", views.adjust, name="adjust"),
    path("users/<str:username>/reputation/award/", views.award, name="award"),
    path("users/<str:username>/reputation/champion/", views.champion, name="champion"),
    path(
        "users/<str:username>/reputation/champion/<int:space_id>/revoke/",
        views.revoke_champion,
        name="revoke_champion",
    ),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("badges/", views.badges, name="badges"),
    path("badges/<slug:slug>/", views.badge_detail, name="badge"),
    path("privileges/", views.privileges, name="privileges"),
    path("reputation/findings/", views.findings, name="findings"),
    path("reputation/findings/<int:finding_id>/confirm/", views.confirm_finding, name="confirm"),
    path("reputation/findings/<int:finding_id>/dismiss/", views.dismiss_finding, name="dismiss"),
]
