"""The review workflow: which state an item may move to, who may move it, and what it keeps.

Statements, claim links and claims move between the states of ``ReviewState``; the allowed
moves and the permission each needs are in ``TRANSITIONS``, here and nowhere else. Every write
path — pages, API, admin actions — goes through this module:

- ``create(obj, user=)`` stores a new item made by a person (proposed, theirs),
- ``transition(obj, to_state, user=, base_version=, comment="")`` moves an item,
- ``edit(obj, changes, user=, base_version=, comment="")`` changes its fields,
- ``add_alias(speaker, name, user=)`` / ``remove_alias(alias, user=)`` change how a speaker
  is found, and ``delete(obj, user=)`` removes an item, its history kept,
- ``merge_speakers(keep, gone, user=, comment="")`` makes two speakers one,
- ``reject_suggestions(user=, claim=, below=, comment="")`` rejects the machine's
  suggested claim links of a claim, or scoring below a threshold, at once,

each refusing with ``TransitionNotAllowed`` (no permission: 403; not a move the table has,
or a missing comment: 400), ``ItemClaimed`` (another reviewer is working on it: 409) or
``StaleVersion`` (someone saved since ``base_version``: 409, with what they changed). No lost
updates: the version is claimed with one conditional UPDATE (``WHERE version = base``), which
holds the row until the transaction ends on PostgreSQL and SQLite alike, and the change is then
saved through ``save()``, so the span invariant is checked and django-simple-history records
who did it, when, the old and new values and the comment (``history_for()``).
"""

import logging
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from claims import provenance_page
from claims.models import (
    Assessment,
    Claim,
    ClaimLink,
    ReviewClaim,
    ReviewState,
    Speaker,
    SpeakerAlias,
    Statement,
)
from claims.names import normalize_name
from config.errors import ServiceError

logger = logging.getLogger("claimtrail.review")

S = ReviewState

# What a move needs, as a permission codename prefix: "change_statement", "review_claim", ...
ANNOTATE, REVIEW, REOPEN = "change", "review", "reopen"

# (from, to) -> what the user needs. Annotators (change_*) propose and fix; reviewers
# (review_*) decide and send back; admins (reopen_*) reopen a decision. Analysts only read.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.SUGGESTED, S.PROPOSED): ANNOTATE,  # an annotator takes up (and maybe corrects) a suggestion
    (S.CHANGES_REQUESTED, S.PROPOSED): ANNOTATE,  # ... or fixes what was sent back
    (S.SUGGESTED, S.ACCEPTED): REVIEW,
    (S.SUGGESTED, S.REJECTED): REVIEW,
    (S.SUGGESTED, S.CHANGES_REQUESTED): REVIEW,
    (S.PROPOSED, S.ACCEPTED): REVIEW,
    (S.PROPOSED, S.REJECTED): REVIEW,
    (S.PROPOSED, S.CHANGES_REQUESTED): REVIEW,
    (S.CHANGES_REQUESTED, S.REJECTED): REVIEW,
    (S.ACCEPTED, S.PROPOSED): REOPEN,
    (S.REJECTED, S.PROPOSED): REOPEN,
}
# What the user does, as a button says it: (from, to) pairs not listed use the target's name.
ACTION_LABELS = {
    S.PROPOSED: "Propose",
    S.ACCEPTED: "Accept",
    S.REJECTED: "Reject",
    S.CHANGES_REQUESTED: "Send back",
    (S.ACCEPTED, S.PROPOSED): "Reopen",
    (S.REJECTED, S.PROPOSED): "Reopen",
}
COMMENT_REQUIRED = {S.CHANGES_REQUESTED}  # the annotator must learn what to fix
DECIDED = {S.ACCEPTED, S.REJECTED}
REVIEWABLE = (Statement, ClaimLink, Claim, Assessment)

# Fields edit() may change, per model; everything else is derived or set by the workflow.
EDITABLE: dict[type[models.Model], tuple[str, ...]] = {
    Statement: (
        "start",
        "end",
        "kind",
        "cue",
        "cue_start",
        "cue_end",
        "speaker",
        "speaker_mention",
        "mention_start",
        "mention_end",
        "cited",
        "cited_outlet",
        "said_on",
    ),
    ClaimLink: ("stance",),
    Claim: ("text", "description"),
    Speaker: ("name", "kind", "role", "description"),
    Assessment: ("summary", "note", "rating", "sources"),
}
# Not shown as changes in the history: bookkeeping, or derived from the span.
_NOT_DIFFED = ["version", "updated_at", "created_at", "prefix", "suffix", "name_key"]
_NOT_DIFFED += ["published_at"]  # an assessment's: set by its acceptance

REVIEW_CLAIM_MINUTES = 15


class ReviewError(ServiceError):
    """A refusal of the review workflow; its status, code and details are its answer on
    every route (config.errors)."""

    status_code = 400

    @property
    def code(self) -> str:
        return {400: "invalid_transition", 403: "permission_denied"}.get(self.status_code, "error")


class TransitionNotAllowed(ReviewError):
    """The user may not do this (403), or the move is not in the table / lacks a comment (400)."""

    status_code = 403


class ItemClaimed(ReviewError):
    """Another reviewer has claimed the item and the claim has not expired (409)."""

    status_code = 409
    code = "item_claimed"

    def __init__(self, claim: ReviewClaim):
        super().__init__(
            f"{claim.reviewer} is reviewing this until {claim.expires_at:%H:%M} UTC.",
        )
        self.reviewer = claim.reviewer
        self.expires_at = claim.expires_at


class StaleVersion(ReviewError):
    """The item was saved by someone else since ``base_version`` (409).

    ``current_version`` is the version now stored, ``current`` the stored item, and ``changed``
    maps each field that differs between the base version and now to
    ``{"base": value then, "current": value now}``.
    """

    status_code = 409
    code = "conflict"

    def __init__(self, current, base_version: int, changed: dict):
        names = ", ".join(changed) or "its review state or fields"
        super().__init__(
            f"This {current._meta.verbose_name} was changed by someone else since version "
            f"{base_version} (now version {current.version}: {names}). Reload and apply your "
            "change to the current version."
        )
        self.current = current
        self.base_version = base_version
        self.current_version = current.version
        self.changed = changed

    def details(self) -> dict:
        found = self.as_dict()
        return {key: found[key] for key in ("base_version", "current_version", "changed")}

    def as_dict(self) -> dict:
        return {
            "detail": self.message,
            "base_version": self.base_version,
            "current_version": self.current_version,
            "changed": {
                field: {side: _plain(value) for side, value in values.items()}
                for field, values in self.changed.items()
            },
        }


# --- who may do what ------------------------------------------------------------------------


def permission_for(model, capability: str) -> str:
    return f"{model._meta.app_label}.{capability}_{model._meta.model_name}"


def allowed_transitions(obj, user) -> list[str]:
    """The states ``user`` may move ``obj`` to from its current state (for showing buttons)."""
    return [
        to
        for (frm, to), capability in TRANSITIONS.items()
        if frm == obj.state and user.has_perm(permission_for(type(obj), capability))
    ]


def action_label(from_state: str, to_state: str) -> str:
    return ACTION_LABELS.get((from_state, to_state)) or ACTION_LABELS[to_state]


def check_transition(obj, to_state: str, user, comment: str = "") -> str:
    """Raise TransitionNotAllowed unless ``user`` may move ``obj`` to ``to_state``."""
    if not isinstance(obj, REVIEWABLE):
        raise TransitionNotAllowed(
            f"A {obj._meta.verbose_name} has no review state.", status_code=400
        )
    if to_state not in S.values:
        raise TransitionNotAllowed(f"{to_state!r} is not a review state.", status_code=400)
    capability = TRANSITIONS.get((obj.state, to_state))
    if capability is None:
        raise TransitionNotAllowed(
            f"A {obj._meta.verbose_name} cannot go from {S(obj.state).label.lower()} "
            f"to {S(to_state).label.lower()}.",
            status_code=400,
        )
    if not user.has_perm(permission_for(type(obj), capability)):
        raise TransitionNotAllowed(
            f"You may not move a {obj._meta.verbose_name} from {S(obj.state).label.lower()} "
            f"to {S(to_state).label.lower()}."
        )
    if to_state in COMMENT_REQUIRED and not comment.strip():
        raise TransitionNotAllowed(
            "Say what should change before sending it back.", status_code=400
        )
    return capability


def check_edit(obj, user) -> None:
    """Annotators edit what is still under review; a decided item is edited by a reviewer."""
    model = type(obj)
    if model not in EDITABLE:
        raise TransitionNotAllowed(
            f"A {model._meta.verbose_name} is not edited here.", status_code=400
        )
    needed = [permission_for(model, ANNOTATE)]
    if getattr(obj, "state", None) in DECIDED:
        needed.append(permission_for(model, REVIEW))
    if not user.has_perms(needed):
        raise TransitionNotAllowed(f"You may not edit this {model._meta.verbose_name}.")


# --- the write paths -----------------------------------------------------------------------


def create(obj, *, user, comment: str = ""):
    """Store a new statement, claim link or claim made by ``user``: proposed, theirs.

    A statement made under an assignment (``obj.assignment``) must be on the assignment's
    source and by its annotator, so double annotation keeps the two annotators apart.
    """
    model = type(obj)
    if not isinstance(obj, REVIEWABLE):
        raise TransitionNotAllowed(
            f"A {model._meta.verbose_name} is not made here.", status_code=400
        )
    if not user.has_perm(permission_for(model, "add")):
        raise TransitionNotAllowed(f"You may not add a {model._meta.verbose_name}.")
    if isinstance(obj, Statement) and obj.assignment_id is not None:
        assignment = obj.assignment
        if assignment.annotator_id != user.pk or assignment.source_id != obj.source_id:
            raise TransitionNotAllowed(
                "That assignment is another annotator's or another source's.", status_code=400
            )
    obj.state = S.PROPOSED
    obj.created_by = user
    obj.version = 1
    obj.validate_constraints()
    obj._history_user = user
    obj._change_reason = comment
    obj.save()
    provenance_page.refresh_after_commit(provenance_page.claims_reached_by(obj))
    logger.info("%s proposed %s %s", user, model._meta.model_name, obj.pk)
    return obj


def transition(obj, to_state: str, *, user, base_version: int, comment: str = ""):
    """Move ``obj`` to ``to_state`` as ``user``, if nobody saved it since ``base_version``.

    Returns the item as stored now (version + 1); ``obj`` is updated to match.
    """
    model = type(obj)
    with transaction.atomic():
        current, claimed = _claim_version(model, obj.pk, base_version)
        if not claimed:
            raise _refuse_stale(current, base_version, user, to_state=to_state)
        capability = check_transition(current, to_state, user, comment)
        if capability != ANNOTATE:
            _check_not_claimed_by_someone_else(current, user)
        from_state = current.state
        current.state = to_state
        _save(current, user, comment)
        if to_state in DECIDED or to_state == S.CHANGES_REQUESTED:
            _review_claims(current).delete()
    logger.info(
        "%s moved %s %s from %s to %s (version %s)%s",
        user,
        model._meta.model_name,
        current.pk,
        from_state,
        to_state,
        current.version,
        f": {comment}" if comment else "",
    )
    _copy_into(obj, current)
    return current


def edit(
    obj, changes: dict, *, user, base_version: int, comment: str = "", to_state: str | None = None
):
    """Change fields of ``obj`` as ``user``, if nobody saved it since ``base_version``.

    ``changes`` maps field names from ``EDITABLE`` to new values (a related object or its pk
    for a foreign key). A statement's span is moved by ``start``/``end``; its text is read
    from the source. Raises ValidationError (400/422) for values the model refuses.
    With ``to_state`` the item also moves (checked as by ``transition()``), in the same
    version and history record: an annotator's fix of what was sent back is one step.
    """
    model = type(obj)
    allowed = EDITABLE.get(model, ())
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError(f"These fields are not edited here: {', '.join(unknown)}.")
    with transaction.atomic():
        current, claimed = _claim_version(model, obj.pk, base_version)
        if not claimed:
            raise _refuse_stale(current, base_version, user, to_state=to_state, editing=True)
        check_edit(current, user)
        if to_state is not None:
            capability = check_transition(current, to_state, user, comment)
        if to_state is not None and capability != ANNOTATE:
            _check_not_claimed_by_someone_else(current, user)
        before = {name: getattr(current, model._meta.get_field(name).attname) for name in changes}
        renamed = isinstance(current, Speaker) and changes.get("name", current.name) != current.name
        if renamed:
            check_reattribution(current, user)
        _apply(current, changes)
        if to_state is not None:
            current.state = to_state
        current.clean_fields(exclude=[f.name for f in model._meta.fields if f.name not in changes])
        current.clean()
        current.validate_constraints()
        _save(current, user, comment)
        if renamed:
            _record_reattribution(
                current,
                user,
                f"The speaker was renamed from “{before['name']}” to “{current.name}”.",
            )
    logger.info(
        "%s edited %s %s (version %s): %s%s",
        user,
        model._meta.model_name,
        current.pk,
        current.version,
        {name: (before[name], _attvalue(current, name)) for name in changes},
        f", now {to_state}" if to_state else "",
    )
    _copy_into(obj, current)
    return current


def save_versioned(obj, *, user, base_version: int, comment: str = ""):
    """Save an instance changed elsewhere (the admin's change form) if still at ``base_version``.

    For forms that check their own fields and permissions; the review state is not theirs to
    change, so the stored one is kept.
    """
    model = type(obj)
    with transaction.atomic():
        current, claimed = _claim_version(model, obj.pk, base_version)
        if not claimed:
            raise _stale(current, base_version)
        renamed = isinstance(obj, Speaker) and obj.name != current.name
        if renamed:
            check_reattribution(current, user)
        obj.version = current.version
        if hasattr(current, "state"):
            obj.state = current.state
        _save(obj, user, comment)
        if renamed:
            _record_reattribution(
                obj, user, f"The speaker was renamed from “{current.name}” to “{obj.name}”."
            )
    logger.info("%s saved %s %s (version %s)", user, model._meta.model_name, obj.pk, obj.version)
    return obj


def delete(obj, *, user, base_version: int | None = None, comment: str = "") -> None:
    """Delete ``obj`` as ``user``; its history keeps a "deleted" record with who and why.

    Needs ``delete_*``, and for an accepted or rejected item ``review_*`` too. With
    ``base_version`` (versioned models) a delete over someone else's newer save is refused
    like an edit (409). What the delete cascades to (a statement's links) is recorded too.
    """
    model = type(obj)
    needed = [permission_for(model, "delete")]
    if getattr(obj, "state", None) in DECIDED:
        needed.append(permission_for(model, REVIEW))
    if not user.has_perms(needed):
        raise TransitionNotAllowed(f"You may not delete this {model._meta.verbose_name}.")
    with transaction.atomic():
        if base_version is not None and hasattr(obj, "version"):
            current, claimed = _claim_version(model, obj.pk, base_version)
            if not claimed:
                raise _stale(current, base_version)
        obj._history_user = user
        obj._change_reason = comment
        provenance_page.refresh_after_commit(provenance_page.claims_reached_by(obj))
        obj.delete()
    logger.info(
        "%s deleted %s %s%s",
        user,
        model._meta.model_name,
        obj.pk,
        f": {comment}" if comment else "",
    )


# --- speakers: their names say who made their statements -------------------------------------


def check_reattribution(speaker, user) -> None:
    """Refuse a change of ``speaker``'s names that re-attributes accepted statements, unless
    ``user`` may decide statements: an accepted attribution changes only by a reviewer."""
    if user.has_perm(permission_for(Statement, REVIEW)):
        return
    accepted = speaker.statements.filter(state=S.ACCEPTED).count()
    if accepted:
        raise TransitionNotAllowed(
            f"{speaker.name} has {accepted} accepted statement{'s' if accepted > 1 else ''}: "
            "renaming the speaker or changing its aliases would re-attribute them. "
            "Ask a reviewer to make this change."
        )


def _record_reattribution(speaker, user, comment: str) -> None:
    """One history record on each accepted statement of ``speaker``, saying what changed its
    attribution; their fields (and versions) are unchanged."""
    accepted = list(speaker.statements.filter(state=S.ACCEPTED))
    Statement.history.bulk_history_create(
        accepted, update=True, default_user=user, default_change_reason=comment
    )


def add_alias(speaker, name: str, *, user, comment: str = ""):
    """Record another way of writing ``speaker``'s name, as ``user``: the speaker's version
    goes up and its history (and that of its accepted statements) says who added which name.
    A known name is a no-op. Returns the new alias, or None."""
    if not user.has_perm("claims.add_speakeralias"):
        raise TransitionNotAllowed("You may not add a speaker's alias.")
    key = normalize_name(name)
    if key == speaker.name_key or speaker.aliases.filter(name_key=key).exists():
        return None
    with transaction.atomic():
        current = _lock_speaker(speaker)
        check_reattribution(current, user)
        alias = SpeakerAlias.objects.create(speaker=current, name=name)
        reason = comment or f"Added the alias “{name}”."
        _save(current, user, reason)
        _record_reattribution(current, user, reason)
    _copy_into(speaker, current)
    logger.info("%s added alias %r to speaker %s", user, name, speaker.pk)
    return alias


def remove_alias(alias, *, user, comment: str = "") -> None:
    """Remove one of a speaker's other names, as ``add_alias`` adds one."""
    if not user.has_perm("claims.delete_speakeralias"):
        raise TransitionNotAllowed("You may not remove a speaker's alias.")
    with transaction.atomic():
        current = _lock_speaker(alias.speaker)
        check_reattribution(current, user)
        alias.delete()
        reason = comment or f"Removed the alias “{alias.name}”."
        _save(current, user, reason)
        _record_reattribution(current, user, reason)
    logger.info("%s removed alias %r from speaker %s", user, alias.name, current.pk)


def _lock_speaker(speaker):
    """The speaker with its version bumped (no base version: an alias is added, not edited)."""
    Speaker.objects.filter(pk=speaker.pk).update(version=models.F("version") + 1)
    return Speaker.objects.get(pk=speaker.pk)


def _claim_version(model, pk, base_version: int):
    """Bump the version if it is still ``base_version``; the row stays locked until commit.

    The conditional UPDATE is atomic on both databases: on PostgreSQL a concurrent one waits
    for this transaction and then finds the version moved on; SQLite runs one writer at a time.
    """
    claimed = model._default_manager.filter(pk=pk, version=base_version).update(
        version=models.F("version") + 1
    )
    current = model._default_manager.get(pk=pk)
    return current, bool(claimed)


def _stale(current, base_version: int) -> StaleVersion:
    return StaleVersion(current, base_version, changes_since(current, base_version))


def _refuse_stale(current, base_version, user, *, to_state=None, editing=False) -> StaleVersion:
    """A write based on an old version: the conflict, unless the user could never make it.

    What the user may do is judged against the item as they saw it, not as it is now: a
    reviewer who accepts what a colleague has just rejected learns of the conflict (409), not
    that rejected items cannot be accepted.
    """
    model = type(current)
    if editing and not user.has_perm(permission_for(model, ANNOTATE)):
        check_edit(current, user)
    if to_state is not None and not any(
        to == to_state and user.has_perm(permission_for(model, capability))
        for (_, to), capability in TRANSITIONS.items()
    ):
        check_transition(current, to_state, user)
    return _stale(current, base_version)


def changes_since(current, base_version: int) -> dict:
    """Fields that differ between the stored item and its history record at ``base_version``."""
    base = (
        current.history.filter(version=base_version)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if base is None:
        return {}
    changed = {}
    for field in current._meta.fields:
        if field.name in _NOT_DIFFED:
            continue
        then, now = getattr(base, field.attname), getattr(current, field.attname)
        if then != now:
            changed[field.name] = {"base": then, "current": now}
    return changed


def _apply(obj, changes: dict) -> None:
    for name, value in changes.items():
        field = obj._meta.get_field(name)
        if field.is_relation and not isinstance(value, models.Model):
            setattr(obj, field.attname, value)
        else:
            setattr(obj, name, value)
    if isinstance(obj, Statement) and {"start", "end"} & changes.keys():
        obj.text = obj.source.text[obj.start : obj.end]
        obj.fit_fragments()
        obj.check_anchor()


def _save(obj, user, comment: str) -> None:
    # The version was bumped in the database by _claim_version; save() writes the same number.
    obj._history_user = user
    obj._change_reason = comment
    obj.save()
    provenance_page.refresh_after_commit(provenance_page.claims_reached_by(obj))


def _copy_into(obj, current) -> None:
    if obj is not current:
        for field in current._meta.concrete_fields:
            setattr(obj, field.attname, getattr(current, field.attname))


def _attvalue(obj, name: str):
    return getattr(obj, obj._meta.get_field(name).attname)


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# --- review claims: one reviewer at a time --------------------------------------------------


def _review_claims(obj):
    return ReviewClaim.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


def _check_not_claimed_by_someone_else(obj, user) -> None:
    claim = _review_claims(obj).filter(expires_at__gt=timezone.now()).first()
    if claim is not None and claim.reviewer_id != user.pk:
        raise ItemClaimed(claim)


def claim_for_review(obj, *, user, minutes: int = REVIEW_CLAIM_MINUTES) -> ReviewClaim:
    """Mark ``obj`` as being reviewed by ``user`` for ``minutes``; renews the user's own claim."""
    if not user.has_perm(permission_for(type(obj), REVIEW)):
        raise TransitionNotAllowed(f"You may not review this {obj._meta.verbose_name}.")
    now = timezone.now()
    try:
        with transaction.atomic():
            _review_claims(obj).filter(expires_at__lte=now).delete()
            _check_not_claimed_by_someone_else(obj, user)
            claim, _ = ReviewClaim.objects.update_or_create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                defaults={"reviewer": user, "expires_at": now + timedelta(minutes=minutes)},
            )
    except IntegrityError:  # another reviewer claimed it a moment ago
        claim = _review_claims(obj).select_related("reviewer").get()
        raise ItemClaimed(claim) from None
    logger.info("%s claimed %s %s for review", user, obj._meta.model_name, obj.pk)
    return claim


def release_review_claim(obj, *, user) -> None:
    _review_claims(obj).filter(reviewer=user).delete()


def review_claims_by_pk(model, pks) -> dict[int, ReviewClaim]:
    """Unexpired review claims on these items of ``model``, by item pk (one query)."""
    claims = ReviewClaim.objects.filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id__in=list(pks),
        expires_at__gt=timezone.now(),
    ).select_related("reviewer")
    return {claim.object_id: claim for claim in claims}


# --- history --------------------------------------------------------------------------------

_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def history_for(obj) -> list[dict]:
    """Every recorded change to ``obj``, oldest first, as plain dicts (one query).

    Each: ``version``, ``at`` (datetime), ``user`` (username or None for the machine),
    ``action`` (created/changed/deleted), ``from_state``/``to_state`` (None for speakers),
    ``changes`` ({field: {"old", "new"}}, foreign keys as pks) and ``comment``.
    """
    return _entries(obj.history.all())


def history_of_deleted(model, **lookup) -> list[dict]:
    """The history of a deleted item found by ``lookup`` (``id=…``, ``slug=…``), ending with
    its "deleted" record; [] if no deleted item matches."""
    last = model.history.filter(**lookup).order_by("-history_date", "-history_id").first()
    if last is None or last.history_type != "-":
        return []
    return _entries(model.history.filter(id=last.id))


def _entries(records) -> list[dict]:
    records = records.select_related("history_user").order_by("history_date", "history_id")
    entries, previous = [], None
    for record in records:
        changes = {}
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=_NOT_DIFFED)
            changes = {c.field: {"old": c.old, "new": c.new} for c in delta.changes}
        state = getattr(record, "state", None)
        entries.append(
            {
                "version": record.version,
                "at": record.history_date,
                "user": record.history_user.get_username() if record.history_user else None,
                "action": _ACTIONS[record.history_type],
                "from_state": getattr(previous, "state", None),
                "to_state": state,
                "changes": changes,
                "comment": record.history_change_reason or "",
            }
        )
        previous = record
    return entries


@transaction.atomic
def merge_speakers(keep: Speaker, gone: Speaker, *, user, comment: str = "") -> int:
    """``gone`` is the same person as ``keep`` (Токаев and Tokayev): every statement of
    ``gone`` becomes ``keep``'s, ``gone``'s name and aliases become ``keep``'s aliases, and
    ``gone`` is deleted. Each moved statement is saved with a new version, so its history
    says who merged it, when and why; ``gone``'s history keeps its deletion. Returns how
    many statements moved.
    """
    for perm in ("claims.change_speaker", "claims.delete_speaker", "claims.change_statement"):
        if not user.has_perm(perm):
            raise TransitionNotAllowed("You may not merge speakers.")
    if keep.pk == gone.pk:
        raise TransitionNotAllowed("A speaker cannot be merged into itself.", status_code=400)
    reason = comment or f"merged speaker {gone.name!r} into {keep.name!r}"
    moved = list(Statement.objects.select_for_update().filter(speaker=gone).order_by("pk"))
    for statement in moved:
        statement.speaker = keep
        statement.version += 1  # an editor holding the old version is told it changed
        _save(statement, user, reason)
    for name in [gone.name, *gone.aliases.values_list("name", flat=True)]:
        add_alias(keep, name, user=user, comment=reason)
    delete(gone, user=user, comment=reason)
    logger.info("%s merged speaker %s into %s (%d statements)", user, gone.pk, keep.pk, len(moved))
    return len(moved)


# --- bulk decisions ---------------------------------------------------------------------------


def suggestions_to_reject(*, claim=None, below: float | None = None):
    """The claim links ``reject_suggestions`` would reject: still ``suggested`` by the machine,
    of ``claim`` and/or scoring below ``below`` (a link without a score is not below any)."""
    links = ClaimLink.objects.filter(state=S.SUGGESTED)
    if claim is not None:
        links = links.filter(claim=claim)
    if below is not None:
        links = links.filter(score__lt=below)
    return links


@transaction.atomic
def reject_suggestions(*, user, claim=None, below: float | None = None, comment: str = "") -> int:
    """Reject the machine's waiting suggestions for ``claim``, or scoring below ``below``
    (both: those of the claim below the score). Returns how many were rejected.

    A reviewer's decision, as ``transition(link, "rejected")`` one by one would be: each link
    gets a new version and a history record saying who rejected it and why (in one batch).
    Links a person proposed or decided, and links another reviewer is working on, are left
    as they are.
    """
    if not user.has_perm(permission_for(ClaimLink, REVIEW)):
        raise TransitionNotAllowed("You may not reject claim links.")
    if claim is None and below is None:
        raise TransitionNotAllowed(
            "Say which suggestions to reject: a claim, a score, or both.", status_code=400
        )
    links = list(suggestions_to_reject(claim=claim, below=below).select_for_update().order_by("pk"))
    held = review_claims_by_pk(ClaimLink, [link.pk for link in links])
    links = [link for link in links if link.pk not in held or held[link.pk].reviewer_id == user.pk]
    reason = comment.strip() or _bulk_reason(claim, below)
    now = timezone.now()
    for link in links:
        link.state = S.REJECTED
        link.version += 1  # an editor holding the old version is told it changed
        link.updated_at = now
    bulk_update_with_history(
        links,
        ClaimLink,
        ["state", "version", "updated_at"],
        batch_size=500,
        default_user=user,
        default_change_reason=reason,
    )
    ReviewClaim.objects.filter(
        content_type=ContentType.objects.get_for_model(ClaimLink),
        object_id__in=[link.pk for link in links],
    ).delete()
    provenance_page.refresh_after_commit({link.claim_id for link in links})
    logger.info("%s rejected %d suggested claim links: %s", user, len(links), reason)
    return len(links)


def _bulk_reason(claim, below) -> str:
    parts = []
    if claim is not None:
        parts.append(f"for “{claim.text[:80]}”")
    if below is not None:
        parts.append(f"scoring below {below:g}")
    return "Rejected in bulk: the machine's suggestions " + " ".join(parts) + "."
