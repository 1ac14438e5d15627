from django.urls import path

from gongkai.web.api import views

urlpatterns = [
    path("", views.clients, name="api_clients"),
    path("<int:pk>/revoke/", views.client_revoke, name="api_client_revoke"),
]
