"""Installs the default rating scale. Fact-checkers may edit or extend it in the admin."""

from django.db import migrations

# Worst to best. Each colour carries white text at a contrast ratio above 4.5:1.
DEFAULT_SCALE = [
    ("False", "false", "The claim is inaccurate.", "#b3261e"),
    (
        "Mostly false",
        "mostly-false",
        "The claim contains an element of truth but ignores facts that would give a different "
        "impression.",
        "#a5400b",
    ),
    (
        "Half true",
        "half-true",
        "The claim is partially accurate but leaves out important details or takes things out "
        "of context.",
        "#6b5900",
    ),
    (
        "Mostly true",
        "mostly-true",
        "The claim is accurate but needs clarification or additional information.",
        "#2e6b30",
    ),
    (
        "True",
        "true",
        "The claim is accurate and nothing significant is missing.",
        "#1b5e20",
    ),
]


def install_scale(apps, schema_editor):
    Rating = apps.get_model("statements", "Rating")
    for ordinal, (label, slug, description, colour) in enumerate(DEFAULT_SCALE, start=1):
        Rating.objects.update_or_create(
            slug=slug,
            defaults={"label": label, "ordinal": ordinal, "description": description, "colour": colour},
        )


def remove_scale(apps, schema_editor):
    Rating = apps.get_model("statements", "Rating")
    Rating.objects.filter(slug__in=[slug for _, slug, _, _ in DEFAULT_SCALE], verdicts=None).delete()


class Migration(migrations.Migration):
    dependencies = [("statements", "0001_initial")]

    operations = [migrations.RunPython(install_scale, remove_scale)]
