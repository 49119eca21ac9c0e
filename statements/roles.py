"""
The desk's two roles and the permissions each needs, decided once.

A data migration installs the groups, and a `post_migrate` handler re-applies this table after
every `migrate`, so a group never lags behind a model added later (docs/desk.md).
"""

from django.apps import apps as global_apps

FACT_CHECKERS = "Fact-checkers"
EDITORS = "Editors"

PUBLISH_CLAIM = "statements.publish_claim"

# (model, actions) pairs. Fact-checkers research and draft; they may not delete what others
# rely on, touch the rating scale, or write corrections, which are the editors' public word.
_FACT_CHECKER_MODELS = {
    "claim": ("view", "add", "change"),
    "verdict": ("view", "add", "change"),
    "stance": ("view", "add", "change", "delete"),
    "evidence": ("view", "add", "change", "delete"),
    "statement": ("view", "add", "change"),
    "source": ("view", "add", "change"),
    "speaker": ("view", "add", "change"),
    "topic": ("view", "add", "change"),
    "rating": ("view",),
    "correction": ("view",),
    "claimredirect": ("view",),
}
_EDITOR_MODELS = {
    **{model: ("view", "add", "change", "delete") for model in _FACT_CHECKER_MODELS},
    "rating": ("view", "add", "change"),
    # Corrections are kept forever: no one deletes them, not even an editor.
    "correction": ("view", "add", "change"),
}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    FACT_CHECKERS: {
        f"{action}_{model}" for model, actions in _FACT_CHECKER_MODELS.items() for action in actions
    },
    EDITORS: {
        f"{action}_{model}" for model, actions in _EDITOR_MODELS.items() for action in actions
    }
    | {"publish_claim"},
}


def roles_sync(*, apps=global_apps) -> None:
    """Create the groups and give each exactly the permissions in ROLE_PERMISSIONS.

    `apps` is the historical registry when called from a migration.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="statements", codename__in=codenames
        )
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, **kwargs) -> None:
    roles_sync(apps=kwargs.get("apps") or global_apps)
