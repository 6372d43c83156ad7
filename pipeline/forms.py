"""The upload form: one document from a file, pasted text, or a URL."""

from django import forms

from pipeline.ingest import ingest_bytes, ingest_url, limit
from sources.language import normalize_language

ACCEPTED_FILES = ".txt,.text,.md,.html,.htm,.xhtml,.jsonl,.ndjson,text/plain,text/html"


class SourceUploadForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="Drop a file here, or choose one",
        help_text="Plain text, HTML, or JSON Lines (one document per line).",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )
    text = forms.CharField(required=False, label="…or paste the text", widget=forms.Textarea)
    url = forms.URLField(
        required=False,
        label="…or give its web address",
        assume_scheme="https",
        max_length=2000,
    )
    outlet = forms.CharField(
        required=False,
        max_length=200,
        label="Outlet (optional)",
        help_text="Who published it. Left empty, it is read from the page or its web address.",
    )

    language = forms.CharField(
        required=False,
        max_length=16,
        label="Language (optional)",
        help_text="An ISO 639-1 code such as en, ru or kk. Left empty, it is detected.",
    )

    def clean_language(self):
        try:
            return normalize_language(self.cleaned_data.get("language", ""))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > limit("INGEST_MAX_BYTES"):
            raise forms.ValidationError(too_large(upload.name, upload.size))
        return upload

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        size = len(text.encode("utf-8"))
        if size > limit("INGEST_MAX_BYTES"):
            raise forms.ValidationError(too_large("The pasted text", size))
        return text

    def clean(self):
        cleaned = super().clean()
        given = [name for name in ("file", "text", "url") if cleaned.get(name)]
        if not given and not self.errors:
            raise forms.ValidationError("Give a file, paste some text, or enter a web address.")
        if len(given) > 1:
            raise forms.ValidationError("Give one document at a time: a file, text, or an address.")
        return cleaned

    def fetches_url(self) -> bool:
        """The document is to be fetched from its web address (an outbound request)."""
        return bool(self.cleaned_data.get("url"))

    def ingest(self, *, user):
        """Ingest what the form was given; a list of IngestResults (a JSONL file has many)."""
        outlet = self.cleaned_data["outlet"].strip()
        language = self.cleaned_data["language"]
        if upload := self.cleaned_data.get("file"):
            name = upload.name or "uploaded file"
            return ingest_bytes(
                upload.read(),
                name=name,
                content_type=upload.content_type or "",
                outlet=outlet,
                language=language,
                user=user,
            )
        if text := self.cleaned_data.get("text"):
            return ingest_bytes(
                text.encode("utf-8"),
                name="pasted text",
                format="txt",
                outlet=outlet,
                language=language,
                user=user,
            )
        return ingest_url(self.cleaned_data["url"], outlet=outlet, language=language, user=user)


def too_large(what: str, size: int) -> str:
    return f"{what} is {size:,} bytes, over the limit of {limit('INGEST_MAX_BYTES'):,} bytes."
