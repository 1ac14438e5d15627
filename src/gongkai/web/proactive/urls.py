from django.urls import path

from gongkai.web.proactive import views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("new/", views.item_edit, name="catalogue_new"),
    path("<int:pk>/", views.item_detail, name="catalogue_item"),
    path("<int:pk>/edit/", views.item_edit, name="catalogue_edit"),
    path("<int:pk>/review/", views.item_review, name="catalogue_review"),
    path(
        "<int:pk>/attachments/<int:attachment>/",
        views.attachment_download,
        name="catalogue_attachment",
    ),
    path("counts/", views.counts, name="active_counts"),
    path("counts/imports/<int:pk>/", views.import_job, name="import_job"),
]
