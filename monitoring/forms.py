from django import forms

from claims.models import Claim, Speaker
from monitoring import notify
from monitoring.models import Watch


class WatchForm(forms.ModelForm):
    claim = forms.ModelChoiceField(
        Claim.objects.all(), to_field_name="slug", required=False, widget=forms.TextInput,
        help_text="The claim's slug.",
    )  # fmt: skip
    speaker = forms.ModelChoiceField(
        Speaker.objects.all(), to_field_name="slug", required=False, widget=forms.TextInput,
        help_text="The speaker's slug.",
    )  # fmt: skip

    webhook_url = forms.URLField(
        required=False, max_length=2000, validators=[notify.validate_webhook_url]
    )

    class Meta:
        model = Watch
        fields = ["kind", "claim", "speaker", "query", "email", "webhook_url"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        needed = {"claim": "claim", "speaker": "speaker", "search": "query"}.get(kind)
        if needed and not data.get(needed):
            self.add_error(needed, f"A {kind} watch needs its {needed}.")
        for other in {"claim", "speaker", "query"} - {needed}:
            data[other] = None if other != "query" else ""
        return data
