from django.urls import path

import gongkai.web.converters  # noqa: F401  (registers <year:…>)
from gongkai.web.workdays import views

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("notice/", views.calendar_notice, name="calendar_notice"),
    path("day/", views.calendar_day, name="calendar_day"),
    path("<year:year>/delete/", views.calendar_year_delete, name="calendar_year_delete"),
]
