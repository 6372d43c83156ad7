"""The source reader's panel: what an annotator does to one statement, through claims/review.py.

Each write is decorated with the permission it needs (403 otherwise); claims/review.py then
refuses what the user's role may not do (403), moves the table lacks and a span that does not
fit (422) and an edit over someone else's newer save (409, StaleVersion): the statuses of
``config.errors.refusal``, as on the review page. Every response is the panel fragment, with the reader's text swapped out of band so the highlights follow.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import review
from claims.models import Claim, ClaimLink, ReviewState, Speaker, Statement
from claims.review_views import TransitionForm
from config.errors import refusal
from config.limits import validate_search
from sources import reader
from sources.models import Source

PANEL = "sources/source_detail.html#panel"


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
    return get_object_or_404(Statement.objects.select_related("source__outlet", "speaker"), pk=pk)


def panel_context(user, statement) -> dict:
    links = statement.claim_links.select_related("claim").order_by("-score", "id")
    moves = [
        {"to": to, "label": review.action_label(statement.state, to)}
        for to in review.allowed_transitions(statement, user)
    ]
    for move in moves:
        move["key"] = {"accepted": "a", "proposed": "a", "rejected": "r"}.get(move["to"], "")
    if any(m["to"] == "accepted" for m in moves):  # a reviewer's "a" decides
        for move in moves:
            if move["to"] == "proposed":
                move["key"] = ""
    return {
        "statement": statement,
        "links": links,
        "moves": moves,
        "kinds": Statement.Kind.choices,
        "history": review.history_for(statement),
    }


def _panel(request, statement, *, message="", error="", status=200, refresh_text=True):
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
    """The panel at the stored version, saying why the write was refused."""
    status, message = refusal(exc)
    return _panel(request, _statement(pk), error=message, status=status, refresh_text=False)


@require_GET
@permission_required("claims.view_statement", raise_exception=True)
def statement_panel(request, pk):
    return _panel(request, _statement(pk), refresh_text=False)


def _version(request) -> int:
    try:
        return int(request.POST["base_version"])
    except (KeyError, ValueError):
        raise ValidationError("The form did not say which version it changes.") from None


@require_POST
@login_required
@permission_required("claims.change_statement", raise_exception=True)
def statement_transition(request, pk):
    """The review page's form (``to_state``, ``base_version``, ``comment``), the panel's answer."""
    statement = _statement(pk)
    form = TransitionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Choose what to do with this statement.")
        review.transition(
            statement,
            form.cleaned_data["to_state"],
            user=request.user,
            base_version=form.cleaned_data["base_version"],
            comment=form.cleaned_data["comment"],
        )
    except (review.ReviewError, ValidationError) as exc:
        return _refused(request, pk, exc)
    return _panel(request, statement, message=f"Now {statement.get_state_display().lower()}.")


class StatementEditForm(forms.Form):
    kind = forms.ChoiceField(choices=Statement.Kind.choices, required=False)
    start = forms.IntegerField(min_value=0, required=False)
    end = forms.IntegerField(min_value=1, required=False)
    speaker = forms.ModelChoiceField(Speaker.objects.all(), required=False)
    speaker_name = forms.CharField(max_length=300, required=False)


@require_POST
@login_required
@permission_required("claims.change_statement", raise_exception=True)
def statement_edit(request, pk):
    """Set the kind, move the span (start and end), or change the speaker (or create one)."""
    statement = _statement(pk)
    form = StatementEditForm(request.POST)
    if not form.is_valid():
        return _refused(request, pk, ValidationError(list(form.errors.values())))
    data = {name: value for name, value in form.cleaned_data.items() if name in request.POST}
    changes, said = {}, []
    if data.get("kind"):
        changes["kind"] = data["kind"]
        said.append("kind")
    if data.get("start") is not None and data.get("end") is not None:
        changes.update(start=data["start"], end=data["end"])
        said.append("span")
    try:
        with transaction.atomic():
            if data.get("speaker_name", "").strip():
                changes["speaker"] = _speaker_named(request.user, data["speaker_name"].strip())
            elif data.get("speaker"):
                changes["speaker"] = data["speaker"]
            if "speaker" in changes:
                said.append("speaker")
            if not changes:
                raise ValidationError("Nothing to change.")
            review.edit(statement, changes, user=request.user, base_version=_version(request))
    except (review.ReviewError, ValidationError) as exc:
        return _refused(request, pk, exc)
    return _panel(request, statement, message=f"Saved the {' and '.join(said)}.")


def _speaker_named(user, name: str) -> Speaker:
    """The speaker called ``name`` (or with that alias), created if there is none."""
    found = Speaker.objects.matching(name).first()
    if found:
        return found
    if not user.has_perm("claims.add_speaker"):
        raise review.TransitionNotAllowed("You may not add speakers.")
    return Speaker.objects.create(name=name)


class NewStatementForm(forms.Form):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    kind = forms.ChoiceField(choices=Statement.Kind.choices, initial=Statement.Kind.DIRECT)
    speaker_name = forms.CharField(max_length=300, required=False, label="Speaker")


@require_POST
@login_required
@permission_required("claims.add_statement", raise_exception=True)
def statement_create(request, pk):
    """A new statement at exactly the span the annotator selected."""
    source = get_object_or_404(Source.objects.select_related("outlet"), pk=pk)
    form = NewStatementForm(request.POST)
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        try:
            with transaction.atomic():
                if not 0 <= start < end <= len(source.text):
                    raise ValidationError(f"{start}–{end} is not a span of this source.")
                statement = Statement.at_span(source, start, end, kind=form.cleaned_data["kind"])
                name = form.cleaned_data["speaker_name"].strip()
                if name:
                    statement.speaker = _speaker_named(request.user, name)
                review.create(statement, user=request.user)
        except (review.ReviewError, ValidationError) as exc:
            form.add_error(None, refusal(exc)[1])
        else:
            response = _panel(request, statement, message="Statement added.")
            response["HX-Retarget"], response["HX-Reswap"] = "#panel", "innerHTML"
            return response
    context = reader_context(source, request.user)
    context.update(new_form=form)
    return render(request, "sources/source_detail.html#new-statement", context, status=422)


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
    return _panel(request, statement, message=f"Linked to “{claim.text}”.", refresh_text=False)


@require_GET
@permission_required("claims.view_speaker", raise_exception=True)
def speaker_options(request):
    """Autocomplete for the panel's speaker field: speakers by name or alias."""
    from claims import search

    query = _searchable((request.GET.get("q") or request.GET.get("speaker_name") or "").strip())
    speakers = list(search.matching(Speaker.objects.all(), query)[:8]) if query else []
    statement = get_object_or_404(Statement, pk=request.GET.get("statement") or 0)
    return render(
        request,
        "sources/source_detail.html#speaker-options",
        {"speakers": speakers, "query": query, "statement": statement},
    )


@require_GET
@permission_required("claims.view_claim", raise_exception=True)
def claim_options(request):
    """Autocomplete for the panel's claim field."""
    from claims import search

    query = _searchable(request.GET.get("q", "").strip())
    claims = list(search.matching(Claim.objects.all(), query)[:8]) if query else []
    statement = get_object_or_404(Statement, pk=request.GET.get("statement") or 0)
    return render(
        request,
        "sources/source_detail.html#claim-options",
        {"claims": claims, "query": query, "statement": statement},
    )


def _searchable(query: str) -> str:
    """The query, or "" (no suggestions) when it is over the search limits."""
    try:
        validate_search(query)
    except ValidationError:
        return ""
    return query
