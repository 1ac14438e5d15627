from django.urls import path

from gongkai.web.evaluations import bulletin_views, views

urlpatterns = [
    path("", views.evaluation_list, name="evaluations"),
    path("new/", views.evaluation_new, name="evaluation_new"),
    path("columns/", views.report_columns, name="evaluation_report_columns"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation"),
    path(
        "<int:pk>/jobs/<int:job>/status.json",
        views.evaluation_job_status,
        name="evaluation_job_status",
    ),
    path(
        "<int:pk>/reports/<int:report>/findings/<int:index>/override/",
        views.evaluation_override,
        name="evaluation_override",
    ),
    path(
        "<int:pk>/overrides/<int:override>/withdraw/",
        views.evaluation_override_withdraw,
        name="evaluation_override_withdraw",
    ),
    path("<int:pk>/rerun/", views.evaluation_rerun, name="evaluation_rerun"),
    path("<int:pk>/delete/", views.evaluation_delete, name="evaluation_delete"),
    path("<int:pk>/results.xlsx", views.evaluation_workbook, name="evaluation_workbook"),
    path("<int:pk>/results.html", views.evaluation_page, name="evaluation_page"),
    path("<int:pk>/bulletin/", bulletin_views.evaluation_bulletin_page, name="evaluation_bulletin"),
    path(
        "<int:pk>/bulletin/issue/",
        bulletin_views.evaluation_bulletin_issue,
        name="evaluation_bulletin_issue",
    ),
    path(
        "<int:pk>/bulletin/draft/",
        bulletin_views.evaluation_bulletin_draft,
        name="evaluation_bulletin_draft",
    ),
    path(
        "<int:pk>/bulletin.<str:kind>",
        bulletin_views.evaluation_bulletin_download,
        name="evaluation_bulletin_download",
    ),
]
