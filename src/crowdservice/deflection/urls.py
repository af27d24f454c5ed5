from django.urls import path

from crowdservice.deflection import views

app_name = "deflection"
urlpatterns = [
    path("deflection/suggestions/", views.suggestions, name="suggestions"),
    path(
        "deflection/<str:token>/open/<slug:kind>/<int:object_id>/",
        views.open_suggestion,
        name="open",
    ),
    path(
        "deflection/<str:token>/solved/<slug:kind>/<int:object_id>/",
        views.self_solved,
        name="solved",
    ),
    path("deflection/report/", views.report, name="report"),
    path("deflection/report/<slug:table>.csv", views.report_csv, name="report_csv"),
]
