"""Review pages: the queue, one item with its history, progress, and double annotation.

Thin views: load, authorize (decorators; claims/review.py refuses anything else), act through
claims/review.py, respond with the page or — for htmx — the fragment it swaps in.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.models import fields_for_model, model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import review
from claims import review_queue as queries
from claims.models import Assignment, Claim, ClaimLink, ReviewState, Statement
from config.errors import refusal
from sources.models import Source

PAGE_SIZE = 50
# Fields an item's review page offers to correct; the API edits all of review.EDITABLE.
PAGE_EDITABLE = {
    Statement: ["kind", "start", "end", "cue", "speaker_mention", "cited"],
    ClaimLink: ["stance"],
    Claim: ["text", "description"],
}


def _model_for(kind: str):
    try:
        return queries.KINDS[kind]
    except KeyError:
        raise Http404("No such kind of item.") from None


def requires(capability: str):
    """403 unless the user holds ``capability`` (e.g. review.REVIEW) for the URL's kind."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, kind, *args, **kwargs):
            if not request.user.has_perm(review.permission_for(_model_for(kind), capability)):
                raise PermissionDenied
            return view(request, kind, *args, **kwargs)

        return wrapper

    return decorator


def _get_item(kind: str, pk: int):
    model = _model_for(kind)
    return get_object_or_404(model.objects.select_related(*queries.SELECT_RELATED[model]), pk=pk)


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=ReviewState.choices)
    base_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


def edit_form_class(model):
    fields = fields_for_model(model, fields=PAGE_EDITABLE[model])
    fields["base_version"] = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    fields["comment"] = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    fields["and_propose"] = forms.BooleanField(
        required=False, label="…and propose it again for review"
    )
    return type(f"{model.__name__}EditForm", (forms.Form,), fields)


def _edit_form(item, data=None):
    model = type(item)
    initial = {**model_to_dict(item, fields=PAGE_EDITABLE[model]), "base_version": item.version}
    return edit_form_class(model)(data, initial=initial, prefix="edit")


def _row(request, kind, item, *, error="", conflict=None, status=200):
    claims = review.review_claims_by_pk(type(item), [item.pk])
    context = {
        "kind": kind,
        "row": _row_context(request.user, item, claims),
        "error": error,
        "conflict": conflict,
    }
    return render(request, "claims/review_queue.html#row", context, status=status)


def _row_context(user, item, claims):
    return {
        "item": item,
        "moves": [
            (to, review.action_label(item.state, to))
            for to in review.allowed_transitions(item, user)
        ],
        "claim": claims.get(item.pk),
        "may_claim": user.has_perm(review.permission_for(type(item), review.REVIEW)),
    }


# --- the queue ------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("statement", "Statements"), ("claimlink", "Claim links"), ("claim", "Claims")],
        required=False,
    )
    state = forms.ChoiceField(required=False)
    # An id, not a choice of every source: an archive has a hundred thousand. The reader,
    # the progress page and double annotation link here with ?source= filled in.
    source = forms.IntegerField(required=False, min_value=1, label="Source (id)")
    claim = forms.SlugField(required=False, label="Claim (slug)")
    annotator = forms.CharField(required=False, max_length=150)
    older_than_days = forms.IntegerField(
        required=False, min_value=1, max_value=3650, label="Older than (days)"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        waiting = queries.waiting_states(user, Statement)
        self.fields["state"].choices = [("", "Any waiting state")] + [
            (state, ReviewState(state).label) for state in waiting
        ]


@require_GET
@login_required
@permission_required("claims.view_statement", raise_exception=True)
def review_queue(request):
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = queries.QueueFilters()
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        filters = queries.QueueFilters(**data)
    model = queries.KINDS[filters.kind]
    page = Paginator(queries.queue(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    claims = review.review_claims_by_pk(model, [item.pk for item in page])
    context = {
        "form": form,
        "kind": filters.kind,
        "filters": filters,
        "page": page,
        "rows": [_row_context(request.user, item, claims) for item in page],
        "waiting": [ReviewState(s).label for s in queries.waiting_states(request.user, model)],
        "may_bulk_accept": request.user.has_perm("claims.review_statement"),
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


def _item_page(request, kind, item, *, edit_form=None, error="", conflict=None, status=200):
    claims = review.review_claims_by_pk(type(item), [item.pk])
    user = request.user
    context = {
        "kind": kind,
        "kind_label": type(item)._meta.verbose_name,
        "row": _row_context(user, item, claims),
        "item": item,
        "edit_form": edit_form or (_edit_form(item) if _may_edit(user, item) else None),
        "history": review.history_for(item),
        "error": error,
        "conflict": conflict,
    }
    return render(request, "claims/review_item.html", context, status=status)


def _may_edit(user, item) -> bool:
    try:
        review.check_edit(item, user)
    except review.TransitionNotAllowed:
        return False
    return True


@require_POST
@login_required
@requires(review.ANNOTATE)
def review_transition(request, kind, pk):
    item = _get_item(kind, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        refused = ValidationError("Choose what to do with this item.")
        return _refused(request, kind, item, refused)
    try:
        item = review.transition(
            item,
            form.cleaned_data["to_state"],
            user=request.user,
            base_version=form.cleaned_data["base_version"],
            comment=form.cleaned_data["comment"],
        )
    except review.ReviewError as error:
        return _refused(request, kind, item, error)
    if request.htmx:
        return _row(request, kind, item)
    messages.success(request, f"Now {item.get_state_display().lower()}.")
    return redirect("claims:review_item", kind=kind, pk=item.pk)


def _refused(request, kind, item, error, *, page=False, edit_form=None):
    """The row (htmx) or the item page (``page``, or without htmx) saying why ``error`` refused
    the write, with the status of ``config.errors.refusal``; 403 is the forbidden page. A stale
    version shows the stored item and the difference."""
    status, message = refusal(error)
    if status == 403:
        raise PermissionDenied(message) from error
    conflict = error if isinstance(error, review.StaleVersion) else None
    if conflict:
        item = conflict.current
    if request.htmx and not page:
        return _row(request, kind, item, error=message, conflict=conflict, status=status)
    return _item_page(
        request, kind, item, edit_form=edit_form, error=message, conflict=conflict, status=status
    )


@require_POST
@login_required
@requires(review.ANNOTATE)
def review_edit(request, kind, pk):
    item = _get_item(kind, pk)
    form = _edit_form(item, request.POST)
    if not form.is_valid():
        return _item_page(request, kind, item, edit_form=form, status=422)
    changes = {
        name: form.cleaned_data[name]
        for name in form.changed_data
        if name in PAGE_EDITABLE[type(item)]
    }
    try:
        item = review.edit(
            item,
            changes,
            user=request.user,
            base_version=form.cleaned_data["base_version"],
            comment=form.cleaned_data["comment"],
            to_state=ReviewState.PROPOSED if form.cleaned_data["and_propose"] else None,
        )
    except ValidationError as invalid:
        form.add_error(None, invalid)
        return _item_page(request, kind, item, edit_form=form, status=422)
    except review.StaleVersion as conflict:
        return _refused(request, kind, item, conflict, page=True)
    except review.ReviewError as error:
        return _refused(request, kind, item, error, page=True, edit_form=form)
    messages.success(request, "Saved.")
    return redirect("claims:review_item", kind=kind, pk=item.pk)


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
        "by_week": queries.machine_precision_by_week(Statement),
    }
    return render(request, "claims/review_progress.html", context)
