from django.urls import path

import gongkai.web.converters  # noqa: F401  (registers <year:…>)
from gongkai.web.reports import self_approval_views, views

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("self-approval/", self_approval_views.self_approval, name="report_self_approval"),
    path("<str:code>/<year:year>/", views.report_page, name="report"),
    path(
        "<str:code>/<year:year>/download.<slug:kind>", views.report_download, name="report_download"
    ),
    path("<str:code>/<year:year>/<slug:action>/", views.report_action, name="report_action"),
]
