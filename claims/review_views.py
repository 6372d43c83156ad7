"""Review pages: the queue, one item with its history, progress, and double annotation.

Thin views: load, authorize (decorators; claims/review.py refuses anything else), act through
claims/review.py, respond with the page or — for htmx — the fragment it swaps in.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_POST

from claims import annotate_views, review
from claims import review_queue as queries
from claims.models import Assignment, ClaimLink, ReviewState, Statement
from claims.review_forms import (
    PAGE_EDITABLE,
    TransitionForm,
    edit_form,
    moves,
    refused,
    slot_id,
)
from config.errors import refusal
from sources.models import Source

PAGE_SIZE = 50
READER = "reader"  # a form's ``from``: it is the reader's panel, which answers with the panel


def _model_for(kind: str):
    try:
        return queries.KINDS[kind]
    except KeyError:
        raise Http404("No such kind of item.") from None


def requires(capability: str):
    """Refused (``review_forms.refused``: 403) unless the user holds ``capability`` (e.g.
    review.REVIEW) for the URL's kind."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, kind, pk, *args, **kwargs):
            model = _model_for(kind)
            if not request.user.has_perm(review.permission_for(model, capability)):
                error = review.TransitionNotAllowed(
                    f"Your role may not change a {model._meta.verbose_name}."
                )
                return refused(request, error, slot=slot_id(kind, pk))
            return view(request, kind, pk, *args, **kwargs)

        return wrapper

    return decorator


def _get_item(kind: str, pk: int):
    item = get_object_or_404(queries.shown(_model_for(kind).objects.all()), pk=pk)
    return queries.attach_context([item])[0]


def _row(request, kind, item, *, error="", conflict=None, status=200, decided=""):
    claims = review.review_claims_by_pk(type(item), [item.pk])
    context = {
        "kind": kind,
        "row": _row_context(request.user, item, claims, decided=decided),
        "error": error,
        "conflict": conflict,
    }
    return render(request, "claims/review_queue.html#row", context, status=status)


def _row_context(user, item, claims, *, decided=""):
    offered = moves(item, user)
    accepts = any(move["to"] == ReviewState.ACCEPTED for move in offered)
    return {
        "item": item,
        "moves": offered,
        "sentence": queries.in_sentence(item),
        # one decision for the statement and its claim link (reviewers, statements' rows)
        "links": getattr(item, "waiting_links", []) if accepts else [],
        "decided": decided,
        "claim": claims.get(item.pk),
        "may_claim": user.has_perm(review.permission_for(type(item), review.REVIEW)),
    }


# --- the queue ------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("statement", "Statements"), ("claimlink", "Claim links"), ("claim", "Claims")],
        required=False,
        label="Items",
    )
    sort = forms.ChoiceField(choices=list(queries.SORTS.items()), required=False, label="Order")
    origin = forms.ChoiceField(
        choices=[("", "Anyone's"), *queries.ORIGINS.items()], required=False, label="Made by"
    )
    state = forms.ChoiceField(required=False)
    # Words, not a choice of every source or claim: an archive has a hundred thousand. The
    # reader, the progress page and double annotation link here with ?source=<its number>.
    source = forms.CharField(required=False, max_length=200, label="Source")
    claim = forms.CharField(required=False, max_length=200, label="Claim")
    speaker = forms.CharField(required=False, max_length=200, label="Speaker")
    annotator = forms.CharField(required=False, max_length=150, label="Annotator")
    min_score = forms.FloatField(required=False, min_value=0, max_value=1, label="Score at least")
    older_than_days = forms.IntegerField(
        required=False, min_value=1, max_value=3650, label="Older than (days)"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        waiting = queries.waiting_states(user, Statement)
        self.fields["state"].choices = [("", "Any waiting state")] + [
            (state, ReviewState(state).label) for state in waiting
        ]

    def filters(self) -> queries.QueueFilters:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        source = data.pop("source", "").strip()
        if source.isdigit():
            data["source"] = int(source)
        elif source:
            data["source_title"] = source
        return queries.QueueFilters(**data)


class BoundedPaginator(Paginator):
    """Pages of the queue without counting every waiting item: the count stops past
    ``queries.COUNT_CAP`` (the page says "more than 1,000"), and so do the pages."""

    @cached_property
    def count(self):
        return queries.count_waiting(self.object_list)


@require_GET
@login_required
@permission_required("claims.view_statement", raise_exception=True)
def review_queue(request):
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_valid() else queries.QueueFilters()
    model = queries.KINDS[filters.kind]
    page = BoundedPaginator(queries.queue(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = queries.attach_context(page)
    claims = review.review_claims_by_pk(model, [item.pk for item in items])
    user = request.user
    context = {
        "form": form,
        "kind": filters.kind,
        "filters": filters,
        "page": page,
        "count_text": queries.count_text(page.paginator.count).capitalize(),
        "suggestions_waiting": queries.suggestions_waiting(user),
        "more": page.paginator.count > queries.COUNT_CAP,
        "rows": [_row_context(user, item, claims) for item in items],
        "read_only": not user.has_perm(review.permission_for(model, review.ANNOTATE)),
        "waiting": [ReviewState(s).label for s in queries.waiting_states(user, model)],
        "may_bulk_accept": user.has_perm("claims.review_statement"),
        "source": filters.source,
        "filtered_source": (
            Source.objects.only("title").filter(pk=filters.source).first()
            if filters.source
            else None
        ),
    }
    template = "claims/review_queue.html#queue" if request.htmx else "claims/review_queue.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


# --- one item -------------------------------------------------------------------------------


@require_GET
@login_required
@requires("view")
def review_item(request, kind, pk):
    item = _get_item(kind, pk)
    return _item_page(request, kind, item)


def _item_page(request, kind, item, *, form=None, error="", conflict=None, status=200):
    claims = review.review_claims_by_pk(type(item), [item.pk])
    user = request.user
    context = {
        "kind": kind,
        "kind_label": type(item)._meta.verbose_name,
        "row": _row_context(user, item, claims),
        "item": item,
        "edit_form": form or (edit_form(item) if _may_edit(user, item) else None),
        "history": review.history_for(item),
        "error": error,
        "conflict": conflict,
    }
    sentence = context["row"]["sentence"]
    if sentence:
        statement = item.statement if isinstance(item, ClaimLink) else item
        context.update(
            span_start=statement.start,
            span_end=statement.end,
            sentence_start=statement.start - len(sentence[0]),
        )
    return render(request, "claims/review_item.html", context, status=status)


def _may_edit(user, item) -> bool:
    try:
        review.check_edit(item, user)
    except review.TransitionNotAllowed:
        return False
    return True


# --- the two review actions: one view each, for the reader's panel and the review pages ------


def _answer(request, kind, item, *, message):
    """After a write: the panel (from the reader), the row (htmx), or the item page."""
    if request.POST.get("from") == READER and isinstance(item, Statement):
        return annotate_views.panel_response(request, item, message=message)
    if request.htmx:
        return _row(request, kind, item, decided=message)
    messages.success(request, message)
    return redirect("claims:review_item", kind=kind, pk=item.pk)


def _refused(request, kind, item, error, *, form=None):
    """Why the write was refused, where the form was: ``review_forms.refused`` decides the
    status and answers a role refusal; a conflict (409) shows the stored item and what
    changed; anything else (422) the form again with the message."""

    def fragment(message, status):
        conflict = error if isinstance(error, review.StaleVersion) else None
        if conflict and type(conflict.current) is not type(item):
            conflict = None  # the claim link accepted with a statement: say so, show the row
        if conflict:
            shown = queries.attach_context([conflict.current])[0]
        else:
            shown = _get_item(kind, item.pk)
        if request.POST.get("from") == READER and isinstance(shown, Statement):
            return annotate_views.panel_response(request, shown, error=message, status=status)
        if request.htmx:
            return _row(request, kind, shown, error=message, conflict=conflict, status=status)
        return _item_page(
            request,
            kind,
            shown,
            form=None if conflict else form,
            error=message,
            conflict=conflict,
            status=status,
        )

    return refused(request, error, slot=slot_id(kind, item.pk), fragment=fragment)


@require_POST
@login_required
@requires(review.ANNOTATE)
def review_transition(request, kind, pk):
    """Move an item to another review state (``to_state``, ``base_version``, ``comment``)."""
    item = _get_item(kind, pk)
    form = TransitionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(f"Choose what to do with this {item._meta.verbose_name}.")
        data = form.cleaned_data
        link = _link_to_accept(item, data)
        if link is not None:
            item = queries.accept_with_link(
                item,
                link,
                user=request.user,
                base_version=data["base_version"],
                link_version=data["link_version"],
                comment=data["comment"],
            )
        else:
            item = review.transition(
                item,
                data["to_state"],
                user=request.user,
                base_version=data["base_version"],
                comment=data["comment"],
            )
    except (review.ReviewError, ValidationError) as error:
        return _refused(request, kind, item, error)
    message = f"Now {item.get_state_display().lower()}."
    if link is not None:
        message = f"Accepted, with its link to “{link.claim}”."
    return _answer(request, kind, item, message=message)


def _link_to_accept(item, data):
    """The statement's claim link to accept with it (``link``, ``link_version``), if any."""
    if not data.get("link"):
        return None
    if not isinstance(item, Statement) or data["to_state"] != ReviewState.ACCEPTED:
        raise ValidationError("Only accepting a statement accepts its claim link with it.")
    if not data.get("link_version"):
        raise ValidationError("The form did not say which version of the link it accepts.")
    link = ClaimLink.objects.select_related("claim").filter(pk=data["link"], statement=item)
    if not link:
        raise ValidationError("That claim link is not this statement's.")
    return link[0]


@require_POST
@login_required
@requires(review.ANNOTATE)
def review_edit(request, kind, pk):
    """Correct an item: the fields the form posts that differ from the stored ones (a
    statement's kind, span, cue, speaker…), optionally proposing it again, in one version."""
    item = _get_item(kind, pk)
    form = edit_form(item, request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        data = form.cleaned_data
        changes = {
            name: data[name]
            for name in PAGE_EDITABLE[type(item)]
            if name in request.POST and data[name] != getattr(item, name)
        }
        if changes.get("kind") == "":
            del changes["kind"]
        with transaction.atomic():
            if data.get("speaker_name", "").strip():
                changes["speaker"] = annotate_views.speaker_named(
                    request.user, data["speaker_name"].strip(), create=data["new_speaker"]
                )
            elif data.get("speaker"):
                changes["speaker"] = data["speaker"]
            if not changes and not data["and_propose"]:
                raise ValidationError("Nothing to change.")
            item = review.edit(
                item,
                changes,
                user=request.user,
                base_version=data["base_version"],
                comment=data["comment"],
                to_state=ReviewState.PROPOSED if data["and_propose"] else None,
            )
    except (review.ReviewError, ValidationError) as error:
        return _refused(request, kind, item, error, form=form)
    return _answer(request, kind, item, message=_saved(changes))


def _saved(changes) -> str:
    said = ["span" if name in ("start", "end") else name.replace("_", " ") for name in changes]
    said = list(dict.fromkeys(said))
    return f"Saved the {' and '.join(said)}." if said else "Saved."


@require_POST
@login_required
@requires(review.REVIEW)
def review_claim(request, kind, pk):
    """Claim the item for review (or, with release=1, let it go)."""
    item = _get_item(kind, pk)
    if request.POST.get("release"):
        review.release_review_claim(item, user=request.user)
    else:
        try:
            review.claim_for_review(item, user=request.user)
        except review.ItemClaimed as claimed:
            return _refused(request, kind, item, claimed)
    if request.htmx:
        return _row(request, kind, item)
    return redirect("claims:review_item", kind=kind, pk=item.pk)


# --- a source at once -----------------------------------------------------------------------


@require_POST
@login_required
@permission_required("claims.review_statement", raise_exception=True)
def review_accept_clean(request, pk):
    source = get_object_or_404(Source, pk=pk)
    accepted = queries.bulk_accept_clean(source, user=request.user)
    messages.success(request, f"Accepted {len(accepted)} clean suggestions in {source}.")
    response = redirect(f"{reverse('claims:review_queue')}?source={source.pk}")
    if request.htmx:
        response["HX-Redirect"] = response["Location"]
    return response


class AssignForm(forms.Form):
    annotator = forms.ModelChoiceField(queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annotator"].queryset = (
            get_user_model()
            .objects.filter(groups__name="annotator", is_active=True)
            .order_by("username")
        )


@require_GET
@login_required
@permission_required("claims.review_statement", raise_exception=True)
def review_compare(request, pk):
    source = get_object_or_404(Source, pk=pk)
    return _compare_page(request, source)


def _compare_page(request, source, *, assign_form=None, status=200):
    context = {
        "source": source,
        "comparison": queries.compare(source),
        "assignments": source.assignments.select_related("annotator").order_by("created_at"),
        "assign_form": assign_form or AssignForm(),
    }
    return render(request, "claims/review_compare.html", context, status=status)


@require_POST
@login_required
@permission_required("claims.add_assignment", raise_exception=True)
def review_assign(request, pk):
    source = get_object_or_404(Source, pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _compare_page(request, source, assign_form=form, status=422)
    _, created = Assignment.objects.get_or_create(
        source=source,
        annotator=form.cleaned_data["annotator"],
        defaults={"assigned_by": request.user},
    )
    if created:
        messages.success(request, f"Assigned to {form.cleaned_data['annotator']}.")
    return redirect("claims:review_compare", pk=source.pk)


class ResolveForm(forms.Form):
    chosen = forms.IntegerField()
    chosen_version = forms.IntegerField(min_value=1)
    other = forms.IntegerField(required=False)
    other_version = forms.IntegerField(required=False, min_value=1)


@require_POST
@login_required
@permission_required("claims.review_statement", raise_exception=True)
def review_resolve(request, pk):
    """Accept one annotator's version of a span and reject the other's."""
    source = get_object_or_404(Source, pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the two versions.")
        return _compare_page(request, source, status=422)
    data = form.cleaned_data
    statements = Statement.objects.filter(source=source, assignment__isnull=False)
    chosen = get_object_or_404(statements, pk=data["chosen"])
    other = get_object_or_404(statements, pk=data["other"]) if data["other"] else None
    try:
        queries.resolve(
            chosen,
            other,
            user=request.user,
            chosen_version=data["chosen_version"],
            other_version=data["other_version"],
        )
    except review.ReviewError as error:
        status, message = refusal(error)
        messages.error(request, message)
        return _compare_page(request, source, status=status)
    messages.success(request, f"Accepted statement {chosen.pk}.")
    return redirect("claims:review_compare", pk=source.pk)


# --- progress -------------------------------------------------------------------------------


@require_GET
@login_required
@permission_required("claims.view_statement", raise_exception=True)
def review_progress(request):
    by_source, more_sources = queries.by_source()
    context = {
        "states": ReviewState,
        "by_annotator": queries.by_annotator(),
        "by_source": by_source,
        "more_sources": more_sources,
        "precision": queries.machine_precision(Statement),
        "link_precision": queries.machine_precision(ClaimLink),
        "by_week": queries.machine_precision_by_week(),
    }
    return render(request, "claims/review_progress.html", context)
