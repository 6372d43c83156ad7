"""A claim's assessment on its page: the published one, the proposal under review, and the
forms to propose (annotators) and decide (reviewers), all through claims/review.py.

One fragment, ``claims/_assessment.html``: the claim page includes it, and every write
answers with it (htmx swaps it in place; without htmx the write redirects to the page).
Refusals answer with ``config.errors.refusal``'s status: 403, 409 (someone saved since), 422.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import review
from claims.models import MAX_ASSESSMENT_SOURCES, OPEN_ASSESSMENT, Assessment, Claim, Rating
from claims.review_views import TransitionForm
from config.errors import ServiceError, refusal

FRAGMENT = "claims/_assessment.html"


def parse_sources(text: str) -> list[dict]:
    """One source a line, its address first and its title after: "https://… Title"."""
    sources, validate = [], URLValidator(schemes=["http", "https"])
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        url, _, title = line.strip().partition(" ")
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                f"Line {n}: {url[:80]!r} is not an http(s) address; write the address first, "
                "then its title."
            ) from None
        sources.append({"url": url, "title": title.strip()[:300]})
    if len(sources) > MAX_ASSESSMENT_SOURCES:
        raise ValidationError(f"At most {MAX_ASSESSMENT_SOURCES} sources.")
    return sources


def sources_text(sources: list[dict]) -> str:
    return "\n".join(f"{s['url']} {s.get('title', '')}".strip() for s in sources)


class AssessmentForm(forms.Form):
    rating = forms.TypedChoiceField(required=False, label="Verdict", coerce=int, empty_value=None)
    summary = forms.CharField(
        max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), help_text="In a few sentences."
    )
    note = forms.CharField(
        required=False,
        max_length=20000,
        label="Disproof or context",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    sources = forms.CharField(
        required=False,
        label="Sources of the note",
        help_text="One a line: the address, then its title.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    base_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(required=False, max_length=5000, label="Comment for the reviewer")

    def __init__(self, *args, scale: list[Rating], **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = {rating.pk: rating for rating in scale}
        self.fields["rating"].choices = [("", "No verdict yet")] + [
            (rating.pk, rating.label) for rating in scale
        ]

    def clean_rating(self):
        pk = self.cleaned_data["rating"]
        return None if pk is None else self.scale[pk]

    def clean_sources(self):
        try:
            return parse_sources(self.cleaned_data["sources"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


def _form_for(published, proposal, scale, data=None) -> AssessmentForm:
    """Opened on the proposal under review, else on the published assessment (a new
    proposal starts from it), else empty."""
    start = proposal or published
    initial = {}
    if start is not None:
        initial = {
            "rating": start.rating_id,
            "summary": start.summary,
            "note": start.note,
            "sources": sources_text(start.sources),
        }
    if proposal is not None:
        initial["base_version"] = proposal.version
    return AssessmentForm(data, initial=initial, prefix="assessment", scale=scale)


def assessment_context(claim, user, form=None) -> dict:
    """What the fragment shows: one query for the assessments, one for the scale (when a
    verdict or the form is shown), one for the history of a proposal under review."""
    rows = list(
        claim.assessments.filter(state__in=[*OPEN_ASSESSMENT, "accepted"])
        .select_related("rating", "created_by")
        .order_by("-published_at", "-id")
    )
    published = next((a for a in rows if a.state == "accepted"), None)
    proposal = next((a for a in rows if a.state in OPEN_ASSESSMENT), None)
    may_propose = user.has_perms(["claims.add_assessment", "claims.change_assessment"])
    moves = []
    if proposal is not None:
        moves = [
            {"to": to, "label": review.action_label(proposal.state, to)}
            for to in review.allowed_transitions(proposal, user)
            if to != "proposed"  # an annotator re-proposes by saving the form
        ]
    shown = any(a is not None and a.rating_id for a in (published, proposal))
    scale = list(Rating.objects.all()) if shown or may_propose else []
    values = [rating.value for rating in scale]
    return {
        "claim": claim,
        "published": published,
        "proposal": proposal,
        "proposal_history": review.history_for(proposal) if proposal is not None else [],
        "assessment_moves": moves,
        "may_propose": may_propose,
        "assessment_form": form or (_form_for(published, proposal, scale) if may_propose else None),
        "scale": (min(values), max(values)) if values else (None, None),
    }


def _claim(slug) -> Claim:
    return get_object_or_404(Claim, slug=slug)


def _fragment(request, claim, *, message="", error="", form=None, status=200):
    if not request.htmx and request.method == "POST":
        if error:
            messages.error(request, error)
        elif message:
            messages.success(request, message)
        return redirect(claim.get_absolute_url() + "#assessment")
    context = assessment_context(claim, request.user, form=form)
    context.update(assessment_message=message, assessment_error=error, form_open=form is not None)
    return render(request, FRAGMENT, context, status=status)


@require_GET
@permission_required("claims.view_assessment", raise_exception=True)
def assessment_section(request, slug):
    return _fragment(request, _claim(slug))


@require_POST
@permission_required(["claims.add_assessment", "claims.change_assessment"], raise_exception=True)
def assessment_propose(request, slug):
    """A new proposal, or a change to the one under review (``base_version`` says which
    version of it the form was opened at). A change to one sent back proposes it again."""
    claim = _claim(slug)
    form = AssessmentForm(request.POST, prefix="assessment", scale=list(Rating.objects.all()))
    if not form.is_valid():
        return _fragment(request, claim, error="Check the fields below.", form=form, status=422)
    data = dict(form.cleaned_data)
    base_version, comment = data.pop("base_version"), data.pop("comment")
    proposal = claim.assessments.open().first()
    try:
        if proposal is None:
            if base_version is not None:  # the proposal it changed was decided meanwhile
                raise ServiceError(
                    "The proposal you changed was decided meanwhile: see it above, and "
                    "propose your change again if it still holds.",
                    status_code=409,
                )
            review.create(Assessment(claim=claim, **data), user=request.user, comment=comment)
            message = "Proposed: a reviewer will accept it or send it back."
        else:
            if base_version is None:
                raise ServiceError(
                    "Someone proposed an assessment meanwhile: change that one.",
                    status_code=409,
                )
            again = "proposed" if proposal.state == "changes_requested" else None
            review.edit(
                proposal,
                data,
                user=request.user,
                base_version=base_version,
                comment=comment,
                to_state=again,
            )
            message = "Saved: the proposal waits for a reviewer."
    except (ServiceError, ValidationError) as error:
        status, text = refusal(error)
        # A conflict shows the form at the stored version; anything else keeps what was typed.
        kept = None if status == 409 else form
        return _fragment(request, claim, error=text, form=kept, status=status)
    return _fragment(request, claim, message=message)


@require_POST
@permission_required("claims.change_assessment", raise_exception=True)
def assessment_transition(request, slug, pk):
    """A reviewer accepts, rejects or sends back the proposal (review.transition decides)."""
    claim = _claim(slug)
    assessment = get_object_or_404(Assessment, pk=pk, claim=claim)
    form = TransitionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Choose what to do with this assessment.")
        review.transition(
            assessment,
            form.cleaned_data["to_state"],
            user=request.user,
            base_version=form.cleaned_data["base_version"],
            comment=form.cleaned_data["comment"],
        )
    except (review.ReviewError, ValidationError) as error:
        status, text = refusal(error)
        return _fragment(request, claim, error=text, status=status)
    done = {
        "accepted": "Accepted: this assessment is now published.",
        "rejected": "Rejected.",
        "changes_requested": "Sent back to the annotators.",
    }
    return _fragment(request, claim, message=done.get(assessment.state, "Saved."))
