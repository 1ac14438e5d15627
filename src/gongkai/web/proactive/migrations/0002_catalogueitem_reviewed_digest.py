"""The digest of the content a review covered (issue 13, item 3).

Before it, an edit after the review kept the review: an item marked reviewed may hold text
nobody reviewed. Such items go back to draft, to be reviewed again, each with an audit-log
row that says so; published items are left as they are."""

from django.db import migrations, models


def reviewed_items_back_to_draft(apps, schema_editor):
    CatalogueItem = apps.get_model("proactive", "CatalogueItem")
    AuditLog = apps.get_model("audit", "AuditLog")
    for item in CatalogueItem.objects.filter(status="reviewed").only("pk", "unit_id"):
        AuditLog.objects.create(
            actor=None,
            action="catalogue.review_invalidated",
            object_type="proactive.catalogueitem",
            object_id=str(item.pk),
            unit_id=item.unit_id,
            data={"found_by": "migration proactive.0002"},
        )
    CatalogueItem.objects.filter(status="reviewed").update(status="draft", secrecy_reviewed=False)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("proactive", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogueitem",
            name="reviewed_digest",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=64,
                verbose_name="digest of the reviewed content",
            ),
        ),
        migrations.RunPython(reviewed_items_back_to_draft, migrations.RunPython.noop),
    ]
