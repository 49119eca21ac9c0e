"""
The desk's two roles and the permissions each needs, decided once.

A data migration installs the groups, and a `post_migrate` handler re-applies this table after
every `migrate`, so a group never lags behind a model added later (docs/desk.md).
"""

from django.apps import apps as global_apps
from django.db.models import Q

FACT_CHECKERS = "Fact-checkers"
EDITORS = "Editors"

PUBLISH_CLAIM = "statements.publish_claim"

# app label → model → actions. Fact-checkers research and draft, and triage what readers send
# in; they may not delete what others rely on, touch the rating scale, write corrections (the
# editors' public word), edit the transparency pages or issue API keys.
_FACT_CHECKER_MODELS = {
    "statements": {
        "claim": ("view", "add", "change"),
        "verdict": ("view", "add", "change"),
        # Fact-checkers propose translations; only an editor marks one reviewed (services).
        "claimtranslation": ("view", "add", "change"),
        "stance": ("view", "add", "change", "delete"),
        "evidence": ("view", "add", "change", "delete"),
        "statement": ("view", "add", "change"),
        "source": ("view", "add", "change"),
        "speaker": ("view", "add", "change"),
        "topic": ("view", "add", "change"),
        "rating": ("view",),
        "ratingscale": ("view",),
        "correction": ("view",),
        "claimredirect": ("view",),
    },
    "pages": {"page": ("view",), "claimsubmission": ("view", "change")},
    # Claim graph (issue 13): fact-checkers link drafts and record promises; what readers
    # see is checked again in graph.services and promises.services.
    "graph": {"claimrelation": ("view", "add", "delete"), "reversal": ("view",)},
    "promises": {
        "promise": ("view", "add", "change"),
        "promisestatuschange": ("view", "add", "change"),
    },
}
_EDITOR_MODELS = {
    "statements": {
        **{
            model: ("view", "add", "change", "delete")
            for model in _FACT_CHECKER_MODELS["statements"]
        },
        # Rating models are the editors' (issue 13): a rating no verdict uses may be deleted;
        # one in use is refused, saying where (statements.scales).
        "rating": ("view", "add", "change", "delete"),
        "ratingscale": ("view", "add", "change"),
        # Corrections are kept forever: no one deletes them, not even an editor.
        "correction": ("view", "add", "change"),
    },
    # Editors keep the transparency pages and the submissions queue without a deploy.
    "pages": {"page": ("view", "add", "change"), "claimsubmission": ("view", "change", "delete")},
    # Keys are revoked, never deleted, so that a partner's past access stays on record.
    "apikeys": {"apikey": ("view", "add", "change")},
    # Partners' webhook endpoints; the outbox and delivery log are read-only records.
    "integrations": {
        "webhookendpoint": ("view", "add", "change", "delete"),
        "outboxevent": ("view",),
        "webhookdelivery": ("view",),
        "ratingmapping": ("view", "add", "change", "delete"),
        "importjob": ("view", "add"),
        "importedclaim": ("view",),
    },
    # Claim graph (issue 13): only editors open consistency checks.
    "graph": {"claimrelation": ("view", "add", "delete"), "reversal": ("view", "add")},
    "promises": {
        "promise": ("view", "add", "change", "delete"),
        "promisestatuschange": ("view", "add", "change"),
    },
}


def _permissions(models: dict[str, dict[str, tuple[str, ...]]]) -> set[tuple[str, str]]:
    return {
        (app_label, f"{action}_{model}")
        for app_label, app_models in models.items()
        for model, actions in app_models.items()
        for action in actions
    }


# Group name → (app label, permission codename) pairs.
ROLE_PERMISSIONS: dict[str, set[tuple[str, str]]] = {
    FACT_CHECKERS: _permissions(_FACT_CHECKER_MODELS),
    EDITORS: _permissions(_EDITOR_MODELS)
    | {("statements", "publish_claim"), ("promises", "publish_promise")},
}


def roles_sync(*, apps=global_apps) -> None:
    """Create the groups and give each exactly the permissions in ROLE_PERMISSIONS.

    `apps` is the historical registry when called from a migration. A permission whose app is
    not migrated yet is left for the next run (post_migrate runs after every migrate).
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        condition = Q(pk__in=[])
        for app_label, codename in wanted:
            condition |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(condition))


def sync_roles_after_migrate(sender, **kwargs) -> None:
    roles_sync(apps=kwargs.get("apps") or global_apps)
