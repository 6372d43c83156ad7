"""ISO 639-1 language codes for sources; those stored before detection are normalised or
detected.

Frozen: the normalisation and detection of sources/language.py as they were when this was
written are copied here, not imported, so that later changes there cannot change history.
"""

import re

from django.db import migrations, models

_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
_THREE_LETTER = {"rus": "ru", "eng": "en", "kaz": "kk", "ukr": "uk", "bel": "be", "deu": "de"}


def normalize_language(tag):
    """ "en-US", "RU", "rus" → "en", "ru", "ru"; "" stays "". Anything else is a ValueError."""
    tag = (tag or "").strip()
    if not tag:
        return ""
    match = _TAG.fullmatch(tag)
    if not match:
        raise ValueError(tag)
    primary = match.group(1).lower()
    return _THREE_LETTER.get(primary, primary)


def language_detector():
    """The ISO 639-1 code of a text's language, or "" when py3langid is under 0.9 sure."""
    identifier = None

    def detect(text):
        nonlocal identifier
        sample = text[:5000]
        if not any(c.isalpha() for c in sample):
            return ""
        if identifier is None:  # loaded only when a source needs detecting
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        code, probability = identifier.classify(sample)
        return code if probability >= 0.9 else ""

    return detect


def detect_missing_languages(apps, schema_editor):
    """Sources stored before detection: "en-US" becomes "en", an empty language is detected."""
    Source = apps.get_model("sources", "Source")
    detect_language = language_detector()
    for source in Source.objects.only("pk", "language", "text").iterator(chunk_size=200):
        try:
            language = normalize_language(source.language)
        except ValueError:
            language = ""
        language = language or detect_language(source.text)
        if language != source.language:
            Source.objects.filter(pk=source.pk).update(language=language)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0003_history_of_outlets_and_sources"),
    ]

    operations = [
        migrations.AlterField(
            model_name="source",
            name="language",
            field=models.CharField(
                blank=True,
                help_text="ISO 639-1 code (en, ru, kk): as given at ingest, else detected; empty if unknown.",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="language",
            field=models.CharField(
                blank=True,
                help_text="ISO 639-1 code (en, ru, kk): as given at ingest, else detected; empty if unknown.",
                max_length=16,
            ),
        ),
        migrations.RunPython(detect_missing_languages, migrations.RunPython.noop),
    ]
