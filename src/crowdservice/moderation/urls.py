"""URLs of the moderation pages."""

from __future__ import annotations

from django.urls import path

from crowdservice.moderation import views

app_name = "moderation"
urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/review/<int:item_id>/", views.resolve, name="resolve"),
    path("moderation/findings/<int:finding_id>/", views.resolve_finding, name="resolve_finding"),
    path("moderation/flag/<str:kind>/<int:object_id>/", views.flag, name="flag"),
    path(
        "moderation/posts/<str:kind>/<int:object_id>/<str:action>/",
        views.post_action,
        name="post_action",
    ),
    path("moderation/users/<str:username>/", views.person, name="person"),
    path("moderation/sanctions/<int:sanction_id>/lift/", views.lift, name="lift"),
    path("moderation/audit/", views.audit, name="audit"),
    path("moderation/watched-words/", views.watched_words, name="watched_words"),
    path(
        "moderation/watched-words/<int:word_id>/delete/",
        views.remove_watched_word,
        name="remove_watched_word",
    ),
    path("account/standing/", views.standing, name="standing"),
]
