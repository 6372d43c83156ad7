"""The source reader and its panel: what an annotator does to one statement, through
claims/review.py.

Review decisions and corrections post to the review pages' own two views
(``review_views.review_transition`` / ``review_edit``, with ``from=reader``), which answer
with ``panel_response``; this module adds statements and claim links. A refusal is answered
by ``review_forms.refused`` as everywhere: the role refusal fragment (403), a conflict (409),
a form the user can fix (422). Every response is the panel fragment, with the reader's text
swapped out of band so the highlights follow.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import review, search
from claims.models import Claim, ClaimLink, ReviewState, Speaker, Statement
from claims.review_forms import moves, refused, slot_id
from config.limits import validate_search
from sources import reader
from sources.models import Source

PANEL = "sources/source_detail.html#panel"
NEW_SLOT = "refusal-new-statement"
# The reader's counts by state, in the legend's words.
STATE_WORDS = {
    ReviewState.SUGGESTED: "suggested",
    ReviewState.PROPOSED: "proposed",
    ReviewState.CHANGES_REQUESTED: "sent back",
    ReviewState.ACCEPTED: "accepted",
    ReviewState.REJECTED: "rejected",
}  # where a refused new statement is answered


# --- the reader page: a source's text with its statements (it shows what claims know of a
# source, so it lives here, above sources; config/urls.py names it sources:source_detail)


def reader_context(source, user, target: int | None = None) -> dict:
    """The source's text as highlighted blocks, and its statements in reading order."""
    statements = list(
        Statement.objects.for_source(source).select_related("speaker").order_by("start", "end")
    )
    marks = reader.statement_marks(statements, target)
    return {
        "source": source,
        "blocks": reader.blocks(source.text, list(source.sections.all()), marks),
        "statements": statements,
        "suggested": sum(s.state == ReviewState.SUGGESTED for s in statements),
        "state_counts": [
            (label, n)
            for state, label in STATE_WORDS.items()
            if (n := sum(s.state == state for s in statements))
        ],
        "may_annotate": user.has_perm("claims.add_statement"),
        "kinds": Statement.Kind.choices,
    }


@permission_required("sources.view_source", raise_exception=True)
def source_detail(request, pk):
    """The reader: the text with statements highlighted; ?statement=<id> opens its panel."""
    source = get_object_or_404(Source.objects.select_related("outlet", "superseded_by"), pk=pk)
    target = _int(request.GET.get("statement"))
    context = reader_context(source, request.user, target)
    opened = next((s for s in context["statements"] if s.pk == target), None)
    if opened is not None:
        context.update(panel_context(request.user, opened), panel_open=True)
    return render(request, "sources/source_detail.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- the panel


def _statement(pk) -> Statement:
    return get_object_or_404(
        Statement.objects.select_related("source__outlet", "speaker", "created_by"), pk=pk
    )


def panel_context(user, statement) -> dict:
    links = statement.claim_links.select_related("claim").order_by("-score", "id")
    return {
        "statement": statement,
        "item": statement,
        "kind": "statement",
        "links": links,
        "moves": moves(statement, user),
        "kinds": Statement.Kind.choices,
        "history": review.history_for(statement),
    }


def panel_response(request, statement, *, message="", error="", status=200, refresh_text=True):
    if not request.htmx and request.method == "POST" and status < 400:  # a form without htmx
        if message:
            messages.success(request, message)
        url = statement.source.get_absolute_url()
        return redirect(f"{url}?statement={statement.pk}#panel")
    context = panel_context(request.user, statement)
    context.update(message=message, error=error, panel_open=True)
    if refresh_text:
        context.update(reader_context(statement.source, request.user), oob_text=True)
    return render(request, PANEL, context, status=status)


def _refused(request, pk, exc):
    """The panel at the stored version, saying why the write was refused
    (``review_forms.refused``: a role refusal is the same fragment as on the review pages)."""

    def fragment(message, status):
        return panel_response(
            request, _statement(pk), error=message, status=status, refresh_text=False
        )

    return refused(request, exc, slot=slot_id("statement", pk), fragment=fragment)


@require_GET
@permission_required("claims.view_statement", raise_exception=True)
def statement_panel(request, pk):
    return panel_response(request, _statement(pk), refresh_text=False)


def speaker_named(user, name: str, *, create: bool = False) -> Speaker:
    """The speaker called ``name`` (or with that alias). A new speaker only when the user chose
    to create one (``create``): a typo must not silently become a speaker."""
    found = Speaker.objects.matching(name).first()
    if found:
        return found
    if not create:
        raise ValidationError(
            f"No speaker is called “{name}”. Choose one of the suggestions, "
            f"or choose “New speaker: {name}” to create one."
        )
    if not user.has_perm("claims.add_speaker"):
        raise review.TransitionNotAllowed("You may not add speakers.")
    return Speaker.objects.create(name=name)


class NewStatementForm(forms.Form):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    kind = forms.ChoiceField(choices=Statement.Kind.choices, initial=Statement.Kind.DIRECT)
    speaker_name = forms.CharField(max_length=300, required=False, label="Speaker")
    speaker = forms.ModelChoiceField(Speaker.objects.all(), required=False)  # a suggestion
    new_speaker = forms.BooleanField(required=False)  # "New speaker: …" chosen on purpose
    claim = forms.SlugField(required=False)  # link the new statement to this claim
    # Marked by selecting words in the text (static/js/reader.js)
    cue_start = forms.IntegerField(min_value=0, required=False)
    cue_end = forms.IntegerField(min_value=1, required=False)
    mention_start = forms.IntegerField(min_value=0, required=False)
    mention_end = forms.IntegerField(min_value=1, required=False)


def _marked(source, data, name) -> dict:
    """The ``cue`` or ``mention`` span the annotator selected, with its words, or nothing."""
    start, end = data[f"{name}_start"], data[f"{name}_end"]
    if start is None or end is None:
        return {}
    if not 0 <= start < end <= len(source.text) or end - start > 200:
        raise ValidationError(f"The selected {name} is not a short span of this source.")
    words = source.text[start:end]
    field = "cue" if name == "cue" else "speaker_mention"
    return {field: words, f"{name}_start": start, f"{name}_end": end}


@require_POST
@login_required
@permission_required("claims.add_statement", raise_exception=True)
def statement_create(request, pk):
    """A new statement at exactly the span the annotator selected."""
    source = get_object_or_404(Source.objects.select_related("outlet"), pk=pk)
    form = NewStatementForm(request.POST)

    def again(message="", status=422):
        if message:
            form.add_error(None, message)
        context = reader_context(source, request.user)
        context.update(new_form=form)
        return render(request, "sources/source_detail.html#new-statement", context, status=status)

    if not form.is_valid():
        return again()
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    try:
        with transaction.atomic():
            if not 0 <= start < end <= len(source.text):
                raise ValidationError(f"{start}–{end} is not a span of this source.")
            data = form.cleaned_data
            marks = {**_marked(source, data, "cue"), **_marked(source, data, "mention")}
            statement = Statement.at_span(source, start, end, kind=data["kind"], **marks)
            name = data["speaker_name"].strip()
            if data["speaker"]:
                statement.speaker = data["speaker"]
            elif name:
                statement.speaker = speaker_named(request.user, name, create=data["new_speaker"])
            claim = None
            if data["claim"]:
                claim = Claim.objects.filter(slug=data["claim"]).first()
                if claim is None:
                    raise ValidationError("No claim has that name any more; search again.")
            review.create(statement, user=request.user)
            if claim is not None:
                review.create(ClaimLink(statement=statement, claim=claim), user=request.user)
    except (review.ReviewError, ValidationError) as exc:
        return refused(request, exc, slot=NEW_SLOT, fragment=again)
    message = "Statement added." if claim is None else f"Statement added, linked to “{claim}”."
    response = panel_response(request, statement, message=message)
    response["HX-Retarget"], response["HX-Reswap"] = "#panel", "innerHTML"
    return response


@require_POST
@login_required
@permission_required("claims.add_claimlink", raise_exception=True)
def statement_link(request, pk):
    """Link the statement to a claim (``claim``: a slug), or to a new one (``new_claim``)."""
    statement = _statement(pk)
    slug, text = request.POST.get("claim", ""), request.POST.get("new_claim", "").strip()
    try:
        with transaction.atomic():
            if text:
                if not request.user.has_perm("claims.add_claim"):
                    raise review.TransitionNotAllowed("You may not add claims.")
                claim = review.create(Claim(text=text[:500]), user=request.user)
            else:
                claim = Claim.objects.filter(slug=slug).first()
                if claim is None:
                    raise ValidationError("Choose a claim, or write a new one.")
            if ClaimLink.objects.filter(statement=statement, claim=claim).exists():
                raise ValidationError("This statement is already linked to that claim.")
            review.create(ClaimLink(statement=statement, claim=claim), user=request.user)
    except (review.ReviewError, ValidationError) as exc:
        return _refused(request, pk, exc)
    return panel_response(
        request, statement, message=f"Linked to “{claim.text}”.", refresh_text=False
    )


@require_GET
@permission_required("claims.view_speaker", raise_exception=True)
def speaker_options(request):
    """Autocomplete for the panel's speaker field: speakers by name or alias."""

    query = _searchable((request.GET.get("q") or request.GET.get("speaker_name") or "").strip())
    speakers = list(search.matching(Speaker.objects.all(), query)[:8]) if query else []
    return render(
        request,
        "sources/source_detail.html#speaker-options",
        {"speakers": speakers, "query": query, "statement": _option_target(request)},
    )


def _option_target(request) -> Statement | None:
    """The statement an option is for (the panel: choosing writes), or None (the new-statement
    form: choosing fills the form)."""
    if not request.GET.get("statement"):
        return None
    return get_object_or_404(Statement, pk=_int(request.GET["statement"]) or 0)


@require_GET
@permission_required("claims.view_claim", raise_exception=True)
def claim_options(request):
    """Autocomplete for the panel's claim field."""

    query = _searchable(request.GET.get("q", "").strip())
    claims = list(search.matching(Claim.objects.all(), query)[:8]) if query else []
    return render(
        request,
        "sources/source_detail.html#claim-options",
        {"claims": claims, "query": query, "statement": _option_target(request)},
    )


def _searchable(query: str) -> str:
    """The query, or "" (no suggestions) when it is over the search limits."""
    try:
        validate_search(query)
    except ValidationError:
        return ""
    return query
