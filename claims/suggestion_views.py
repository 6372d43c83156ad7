"""The machine's waiting claim-link suggestions, by claim, and rejecting them in bulk.

``/review/suggestions/``: reviewers only. One row per claim with suggestions still waiting
(how many, their scores), a form to reject all of a claim's, and one to reject every
suggestion below a score. The write goes through ``claims.review.reject_suggestions``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, F, Max, Min, Window
from django.db.models.functions import RowNumber
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from claims import review
from claims.models import Claim
from config.errors import refusal

REVIEW_LINKS = "claims.review_claimlink"
CLAIMS_SHOWN = 100  # claims listed, most waiting suggestions first
WEAKEST_SHOWN = 3  # per claim, its lowest-scored suggestions, with why they were made


class RejectSuggestionsForm(forms.Form):
    claim = forms.ModelChoiceField(
        queryset=Claim.objects.all(), to_field_name="slug", required=False, widget=forms.HiddenInput
    )
    below = forms.FloatField(
        required=False, min_value=0, label="Reject every suggestion scoring below"
    )

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("claim") is None and data.get("below") is None:
            raise forms.ValidationError("Give a score to reject the suggestions below it.")
        return data


def waiting_by_claim(most: int = CLAIMS_SHOWN):
    """Claims with suggestions still waiting, most waiting first, at most ``most``: (claim,
    {"n", "low", "high", "weakest": the lowest-scored few links, with why}), and how many
    claims there are in all."""
    rows = (
        review.suggestions_to_reject()
        .order_by()
        .values("claim_id")
        .annotate(n=Count("id"), low=Min("score"), high=Max("score"))
        .order_by("-n", "claim_id")
    )
    rows = list(rows)
    stats = {row["claim_id"]: {**row, "weakest": []} for row in rows[:most]}
    weakest = (
        review.suggestions_to_reject()
        .filter(claim__in=stats)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=F("claim_id"),
                order_by=[F("score").asc(nulls_last=True), F("pk").asc()],
            )
        )
        .filter(position__lte=WEAKEST_SHOWN)
        .select_related("statement")
        .order_by("claim_id", "position")
    )
    for link in weakest:
        stats[link.claim_id]["weakest"].append(link)
    claims = {claim.pk: claim for claim in Claim.objects.filter(pk__in=stats)}
    return [(claims[pk], stats[pk]) for pk in stats], len(rows)


@permission_required(REVIEW_LINKS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def review_suggestions(request):
    form = RejectSuggestionsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            claim, below = form.cleaned_data["claim"], form.cleaned_data["below"]
            try:
                rejected = review.reject_suggestions(user=request.user, claim=claim, below=below)
            except review.ReviewError as error:
                status, message = refusal(error)
                form.add_error(None, message)
            else:
                messages.success(request, _done(rejected, claim, below))
                return redirect("claims:review_suggestions")
        else:
            status = 422
    rows, claims = waiting_by_claim()
    context = {
        "rows": rows,
        "form": form,
        "waiting": sum(row["n"] for _, row in rows),
        "more_claims": claims - len(rows),
    }
    return render(request, "claims/review_suggestions.html", context, status=status)


def _done(rejected: int, claim, below) -> str:
    what = f"{rejected} suggestion{'' if rejected == 1 else 's'}"
    if claim is not None:
        what += f" for “{claim.text}”"
    if below is not None:
        what += f" scoring below {below:g}"
    return f"Rejected {what}."
