from django.contrib import admin

from gongkai.web.proactive.models import ActiveCounts, Attachment, CatalogueItem


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(CatalogueItem)
class CatalogueItemAdmin(admin.ModelAdmin):
    list_display = ["index_no", "title", "unit", "kind", "published_on", "status"]
    list_filter = ["kind", "status", "topic"]
    search_fields = ["index_no", "title", "doc_number"]
    inlines = [AttachmentInline]


@admin.register(ActiveCounts)
class ActiveCountsAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "licensing", "penalty", "coercion", "fees_wan"]
    list_filter = ["year"]
