from django.urls import path

from crowdservice.community import views

app_name = "community"
urlpatterns = [
    path("", views.question_list, name="home"),
    path("questions/", views.question_list, name="questions"),
    path("questions/ask/", views.ask_question, name="ask"),
    path("questions/<int:question_id>/", views.question_detail, name="question_short"),
    path("questions/<int:question_id>/edit/", views.edit_question, name="edit_question"),
    path("questions/<int:question_id>/revisions/", views.question_revisions, name="revisions"),
    path("questions/<int:question_id>/vote/", views.vote_question, name="vote_question"),
    path("questions/<int:question_id>/follow/", views.follow_question, name="follow"),
    path("questions/<int:question_id>/answer/", views.post_answer, name="post_answer"),
    path("questions/<int:question_id>/comment/", views.comment_question, name="comment_question"),
    path("questions/<int:question_id>/delete/", views.delete_question, name="delete_question"),
    path(
        "questions/<int:question_id>/undelete/", views.undelete_question, name="undelete_question"
    ),
    path(
        "questions/<int:question_id>/duplicate/",
        views.close_as_duplicate,
        name="close_duplicate",
    ),
    path("questions/<int:question_id>/reopen/", views.reopen_question, name="reopen_question"),
    path("questions/<int:question_id>/close/", views.close_question, name="close_question"),
    path("questions/<int:question_id>/close-votes/", views.vote_to_close, name="vote_to_close"),
    path(
        "questions/<int:question_id>/close-votes/retract/",
        views.retract_close_vote,
        name="retract_close_vote",
    ),
    path("questions/<int:question_id>/reopen-votes/", views.vote_to_reopen, name="vote_to_reopen"),
    path("questions/<int:question_id>/merge/", views.merge_question, name="merge_question"),
    path(
        "questions/<int:question_id>/revisions/<int:number>/rollback/",
        views.rollback,
        name="rollback",
    ),
    # Last among the question routes, so that the sub-paths above are never read as a slug.
    path("questions/<int:question_id>/<slug:slug>/", views.question_detail, name="question"),
    path("answers/<int:answer_id>/edit/", views.edit_answer, name="edit_answer"),
    path("answers/<int:answer_id>/vote/", views.vote_answer, name="vote_answer"),
    path("answers/<int:answer_id>/accept/", views.accept_answer, name="accept_answer"),
    path("answers/<int:answer_id>/endorse/", views.endorse_answer, name="endorse_answer"),
    path("answers/<int:answer_id>/comment/", views.comment_answer, name="comment_answer"),
    path("answers/<int:answer_id>/delete/", views.delete_answer, name="delete_answer"),
    path("answers/<int:answer_id>/undelete/", views.undelete_answer, name="undelete_answer"),
    path("comments/<int:comment_id>/delete/", views.delete_comment, name="delete_comment"),
    path("review/edits/", views.review_edits, name="review_edits"),
    path(
        "review/edits/<int:suggestion_id>/<slug:verdict>/",
        views.review_edit,
        name="review_edit",
    ),
    path("spaces/", views.space_list, name="spaces"),
    path("spaces/<slug:slug>/", views.space_detail, name="space"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<str:name>/follow/", views.follow_tag, name="follow_tag"),
    path("tags/<str:name>/", views.tag_detail, name="tag"),
]
