"""What the reader's panel and the review pages share for one review action: the forms, the
buttons a user is offered, and the one answer to a refused write.

Both places post to the same two views (``review_views.review_transition`` and
``review_edit``) and render the same partials (``templates/claims/_review_actions.html``);
this module sits below both view modules so neither imports the other's helpers.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.forms.models import fields_for_model
from django.shortcuts import render

from claims import review
from claims.models import Claim, ClaimLink, ReviewState, Speaker, Statement
from config.errors import refusal

ACTIONS = "claims/_review_actions.html"

# Fields a page offers to correct, per model; the API edits all of review.EDITABLE.
PAGE_EDITABLE = {
    Statement: ["kind", "start", "end", "cue", "speaker_mention", "cited"],
    ClaimLink: ["stance"],
    Claim: ["text", "description"],
}
# How a decision looks: its key in the reader and the queue, and its colour (CSS class).
_KEYS = {ReviewState.ACCEPTED: "a", ReviewState.PROPOSED: "a", ReviewState.REJECTED: "r"}
_TONES = {
    ReviewState.ACCEPTED: "accept",
    ReviewState.REJECTED: "reject",
    ReviewState.CHANGES_REQUESTED: "back",
    ReviewState.PROPOSED: "propose",
}


def moves(item, user) -> list[dict]:
    """The decisions ``user`` may make on ``item``: ``to``, ``label``, ``key``, ``tone``.

    "a" accepts for a reviewer and proposes for an annotator; "r" rejects.
    """
    allowed = review.allowed_transitions(item, user)
    offered = []
    for to in allowed:
        key = _KEYS.get(to, "")
        if to == ReviewState.PROPOSED and ReviewState.ACCEPTED in allowed:
            key = ""  # a reviewer's "a" decides
        label = review.action_label(item.state, to)
        offered.append({"to": to, "label": label, "key": key, "tone": _TONES.get(to, "")})
    return offered


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=ReviewState.choices)
    base_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # Accept a statement's claim link in the same decision (review_queue.accept_with_link).
    link = forms.IntegerField(required=False, min_value=1)
    link_version = forms.IntegerField(required=False, min_value=1)


def edit_form_class(model):
    """One edit form per model, for the panel's small forms and the item page's whole one.

    Every field is optional: what a form does not post is left as it is.
    """
    fields = fields_for_model(model, fields=PAGE_EDITABLE[model])
    for field in fields.values():
        field.required = False
    if model is Statement:
        # The span is moved by selecting words (static/js/review.js), not by typing numbers.
        fields["start"].widget = fields["end"].widget = forms.HiddenInput()
        fields["speaker"] = forms.ModelChoiceField(
            Speaker.objects.all(), required=False, widget=forms.HiddenInput
        )
        fields["speaker_name"] = forms.CharField(
            max_length=300,
            required=False,
            label="Speaker",
            help_text="A known speaker's name or alias; leave empty to keep the speaker.",
        )
        fields["new_speaker"] = forms.BooleanField(
            required=False, widget=forms.HiddenInput, label="Create this speaker"
        )
    fields["base_version"] = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    fields["comment"] = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    fields["and_propose"] = forms.BooleanField(
        required=False, label="…and propose it again for review"
    )
    return type(f"{model.__name__}EditForm", (forms.Form,), fields)


def edit_form(item, data=None):
    model = type(item)
    initial = {name: getattr(item, name) for name in PAGE_EDITABLE[model]}
    initial["base_version"] = item.version
    return edit_form_class(model)(data, initial=initial)


def slot_id(kind: str, pk) -> str:
    """Where a refusal is shown next to an item's forms, on every page that has them."""
    return f"refusal-{kind}-{pk}"


def refused(request, error, *, slot: str, fragment=None):
    """The one answer to a refused write, from the panel and the review pages alike.

    The status is ``config.errors.refusal``'s. A role refusal (403) is the refusal fragment
    for htmx, swapped into ``slot`` (every item's forms carry one), and the 403 page for a
    full-page request. Anything else (409, 422) is ``fragment(message, status)``: the panel,
    the row or the page the form came from, saying why.
    """
    status, message = refusal(error)
    if status == 403 or fragment is None:
        if not request.htmx:
            raise PermissionDenied(message) from error
        response = render(request, f"{ACTIONS}#refusal", {"message": message}, status=status)
        response["HX-Retarget"], response["HX-Reswap"] = f"#{slot}", "innerHTML"
        return response
    return fragment(message, status)
