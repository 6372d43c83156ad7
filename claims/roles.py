"""Claimtrail's roles as Django groups, and the permissions each one holds.

Analysts read, and write claims' assessments for a reviewer to publish; annotators add and
correct what the machine found; reviewers also decide; admins run the instance. Each role
includes the one before it. Groups are brought up to date after every ``migrate`` (see
``ClaimsConfig.ready``), so a new permission here reaches existing installs without a data
migration.
"""

from django.contrib.auth.models import Group, Permission

ANALYST, ANNOTATOR, REVIEWER, ADMIN = "analyst", "annotator", "reviewer", "admin"
ROLES = [ANALYST, ANNOTATOR, REVIEWER, ADMIN]

_MODELS = {
    "sources": ["outlet", "source", "section"],
    "claims": [
        "speaker",
        "speakeralias",
        "statement",
        "claim",
        "claimlink",
        "tag",
        "assignment",
        "assessment",
        "rating",
    ],
}
_READ = [f"{app}.view_{model}" for app, models in _MODELS.items() for model in models]
# An analyst's assessment of a claim (summary, disproof or context, verdict) is a proposal:
# only a reviewer publishes it (claims/review.py).
_ASSESS = [
    "claims.add_assessment",
    "claims.change_assessment",
]
_ANNOTATE = [
    "sources.add_source",
    "sources.add_outlet",
    "claims.add_speaker",
    "claims.change_speaker",
    "claims.add_speakeralias",
    "claims.add_statement",
    "claims.change_statement",
    "claims.add_claim",
    "claims.change_claim",
    "claims.add_claimlink",
    "claims.change_claimlink",
    "claims.add_tag",
]
# Who may move an item from which review state to which: claims/review.py, TRANSITIONS.
_REVIEW = [
    "claims.review_statement",
    "claims.review_claim",
    "claims.review_claimlink",
    "claims.review_assessment",
    "claims.add_assignment",
    "claims.delete_assignment",
    "claims.delete_statement",
    "claims.delete_claimlink",
    "claims.delete_speakeralias",
    "sources.change_source",
    "sources.change_outlet",
]
_ADMINISTER = [
    f"{app}.{action}_{model}"
    for app, models in _MODELS.items()
    for model in models
    for action in ("add", "change", "delete")
] + [
    f"claims.{action}_{model}"
    for model in ("statement", "claim", "claimlink", "assessment")
    for action in ("review", "reopen")
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    ANALYST: _READ + _ASSESS,
    ANNOTATOR: _READ + _ASSESS + _ANNOTATE,
    REVIEWER: _READ + _ASSESS + _ANNOTATE + _REVIEW,
    ADMIN: _READ + _ADMINISTER,
}


def ensure_roles() -> dict[str, Group]:
    """Create the role groups and set exactly their permissions; safe to run any number of times."""
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.filter(content_type__app_label__in=_MODELS).select_related(
            "content_type"
        )
    }
    missing = wanted - by_name.keys()
    if missing:
        raise LookupError(f"Permissions not found (run migrate first): {sorted(missing)}")
    groups = {}
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([by_name[p] for p in perms])
        groups[role] = group
    return groups
