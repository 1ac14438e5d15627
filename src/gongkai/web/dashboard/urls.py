from django.urls import path

from gongkai.web.dashboard import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
