"""PolitiFact's labels in LIAR archives that are not on the default scale by name."""

from django.db import migrations

LIAR_LABELS = {"pants fire": "false", "barely true": "mostly-false"}


def add_mappings(apps, schema_editor):
    Rating = apps.get_model("statements", "Rating")
    RatingMapping = apps.get_model("integrations", "RatingMapping")
    for label, slug in LIAR_LABELS.items():
        rating = Rating.objects.filter(slug=slug).first()
        if rating is not None:
            RatingMapping.objects.get_or_create(label=label, defaults={"rating": rating})


def remove_mappings(apps, schema_editor):
    apps.get_model("integrations", "RatingMapping").objects.filter(
        label__in=list(LIAR_LABELS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0002_imports"),
        ("statements", "0002_default_rating_scale"),
    ]

    operations = [migrations.RunPython(add_mappings, remove_mappings)]
