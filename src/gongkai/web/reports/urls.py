from django.urls import path

from gongkai.web.reports import views

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("<str:code>/<int:year>/", views.report_page, name="report"),
    path(
        "<str:code>/<int:year>/download.<slug:kind>", views.report_download, name="report_download"
    ),
    path("<str:code>/<int:year>/<slug:action>/", views.report_action, name="report_action"),
]
