"""URLs of the help center (/help/) and its editor pages (/help/manage/)."""

from django.urls import path

from crowdservice.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("help/", views.home, name="home"),
    path("help/categories/<slug:slug>/", views.category, name="category"),
    path("help/sections/<slug:slug>/", views.section, name="section"),
    path("help/labels/<str:name>/", views.label, name="label"),
    path("help/articles/new/", views.new_article, name="new"),
    path("help/articles/<int:article_id>/edit/", views.edit_article, name="edit"),
    path("help/articles/<int:article_id>/upload/", views.upload, name="upload"),
    path("help/articles/<int:article_id>/revisions/", views.revisions, name="revisions"),
    path("help/articles/<int:article_id>/diff/", views.diff, name="diff"),
    path(
        "help/articles/<int:article_id>/revisions/<int:number>/restore/",
        views.restore,
        name="restore",
    ),
    path("help/articles/<int:article_id>/feedback/", views.feedback, name="feedback"),
    path("help/articles/<int:article_id>/suggest/", views.suggest_edit, name="suggest"),
    path("help/articles/<int:article_id>/schedule/", views.schedule, name="schedule"),
    path(
        "help/articles/<int:article_id>/translations/<str:language>/",
        views.translate,
        name="translate",
    ),
    path("help/articles/<int:article_id>/step/<str:step>/", views.transition, name="transition"),
    path("help/articles/<int:article_id>/", views.article, name="article_short"),
    # Last among the article routes, so that the sub-paths above are never read as a slug.
    path("help/articles/<int:article_id>/<slug:slug>/", views.article, name="article"),
    path(
        "help/files/<int:attachment_id>/delete/",
        views.delete_attachment,
        name="delete_attachment",
    ),
    path("help/files/<int:attachment_id>/<str:name>", views.attachment, name="attachment"),
    path("help/manage/", views.manage, name="manage"),
    path("help/manage/queue/", views.queue, name="queue"),
    path("help/manage/stale/", views.stale_report, name="stale"),
    path("help/promote/", views.promote, name="promote"),
]
