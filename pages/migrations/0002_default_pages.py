"""Starting text for the transparency pages, so a new site has them; editors rewrite them."""

from django.db import migrations

DEFAULT_PAGES = [
    (
        "About us",
        "about",
        0,
        "Who we are and how to reach us.",
        "We check what public figures say, show who says otherwise, and publish the evidence "
        "so that readers can judge for themselves.\n\n"
        "Editors: replace this text with the newsroom's name, staff, address and contact "
        "details.",
    ),
    (
        "Methodology",
        "methodology",
        1,
        "How we choose, check, rate and correct claims.",
        "## How we choose claims\n\nWe check claims that are significant, checkable and "
        "widely heard, whoever makes them. Readers can suggest a claim through the form on "
        "this site.\n\n"
        "## How we check them\n\nWe find the original words and where they were said, ask "
        "the speaker for their evidence, and look for primary sources. Every source we rely on "
        "is linked from the fact-check, with an archived copy where we can.\n\n"
        "## How we rate them\n\nA second editor reviews every fact-check before it is "
        "published. The rating is one step of the scale below.\n\n"
        "## How we correct mistakes\n\nWhen we get something wrong we correct it, say so at "
        "the end of the fact-check with the date, and list it on the corrections page.",
    ),
    (
        "Funding",
        "funding",
        2,
        "Who pays for our work.",
        "Editors: list every source of funding above the threshold your code of principles "
        "sets, and how editorial independence is protected.",
    ),
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for title, slug, position, summary, body in DEFAULT_PAGES:
        Page.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "position": position, "summary": summary, "body": body},
        )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
