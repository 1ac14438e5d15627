from django.urls import path

import gongkai.web.converters  # noqa: F401  (registers <year:…>)
from gongkai.web.portal import views
from gongkai.web.portal.report_index import report_index

urlpatterns = [
    path("", views.home, name="portal"),
    path("units/<str:code>/", views.unit_page, name="portal_unit"),
    path("catalogue/", views.catalogue, name="portal_catalogue"),
    path("catalogue/<int:pk>/", views.document, name="portal_document"),
    path("reports/", report_index, name="portal_reports"),
    path("reports/<str:code>/<year:year>/", views.report_page, name="portal_report"),
    path(
        "reports/<str:code>/<year:year>/download.<slug:kind>",
        views.report_download,
        name="portal_report_download",
    ),
    path("apply/<str:code>/", views.apply, name="portal_apply"),
    path("apply/<str:code>/done/", views.applied, name="portal_applied"),
    path("status/", views.status, name="portal_status"),
    path("letter/<str:token>/", views.letter, name="portal_letter"),
]
