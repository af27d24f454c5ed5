from django.urls import path

from crowdservice.cases import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.my_case_list, name="mine"),
    path("cases/new/", views.new_case, name="new"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/reply/", views.reply, name="reply"),
    path("cases/<int:case_id>/close/", views.close_case, name="close"),
    path("cases/<int:case_id>/update/", views.update_case, name="update"),
    path("cases/<int:case_id>/rate/", views.rate_case, name="rate"),
    path("cases/<int:case_id>/merge/", views.merge_case, name="merge"),
    path("cases/<int:case_id>/work-time/", views.record_work_time, name="work_time"),
    path("cases/<int:case_id>/macro/", views.macro_text, name="macro"),
    path("cases/<int:case_id>/suggestions/", views.case_suggestions, name="suggestions"),
    path("cases/<int:case_id>/publish/", views.publish, name="publish"),
    path("cases/<int:case_id>/help-articles/", views.knowledge_search, name="knowledge"),
    path("cases/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("cases/escalate/<int:question_id>/", views.escalate, name="escalate"),
    path("agent/cases/", views.agent_queue, name="queue"),
    path("agent/cases/bulk/", views.bulk_update, name="bulk"),
    path("agent/mail/", views.inbound_mail, name="inbound_mail"),
    path("agent/mail/<int:inbound_id>/retry/", views.retry_mail, name="retry_mail"),
]
