# The review queue's page at scale: a partial index per queue (statements, claim links) over
# the waiting rows only, in the queue's default order (bench/review_queue_index.py).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_claim_figures"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claimlink",
            index=models.Index(
                condition=models.Q(("state__in", ["suggested", "proposed", "changes_requested"])),
                fields=["created_by", "created_at", "id"],
                name="claimlink_queue_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("state__in", ["suggested", "proposed", "changes_requested"])),
                fields=["created_by", "created_at", "id"],
                name="statement_queue_idx",
            ),
        ),
    ]
