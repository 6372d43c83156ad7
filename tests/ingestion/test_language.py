"""A source's language: detected at ingest, unless the caller or the document says it."""

import pytest
from django.urls import reverse

from pipeline.ingest import ingest_bytes
from sources.language import detect_language, normalize_language
from sources.models import Source
from tests.api.conftest import client_for
from tests.factories import UserFactory

RUSSIAN = (
    "Токаев назвал беспорядки попыткой государственного переворота\n\n"
    "Президент Казахстана Касым-Жомарт Токаев заявил, что беспорядки в стране были "
    "организованы извне. «Это была попытка государственного переворота», — сказал он.\n"
)
KAZAKH = (
    "Мемлекет басшысы Қасым-Жомарт Тоқаев елдегі жағдай туралы мәлімдеме жасады. "
    "Ол барлық азаматтарды сабыр сақтауға шақырды.\n"
)
UKRAINIAN = "Міністр закордонних справ заявив, що ситуація в регіоні залишається складною.\n"
ENGLISH = "The river will rise by two metres before Friday, Environment Minister Jana Novak said.\n"


@pytest.mark.parametrize(
    ("text", "code"), [(RUSSIAN, "ru"), (KAZAKH, "kk"), (UKRAINIAN, "uk"), (ENGLISH, "en")]
)
def test_the_detector_tells_the_languages_we_read_apart(text, code):
    assert detect_language(text) == code


def test_text_without_letters_has_no_language():
    assert detect_language("12 345 — 2022") == ""


@pytest.mark.parametrize(("tag", "code"), [("en-US", "en"), ("RU", "ru"), ("rus", "ru"), ("", "")])
def test_tags_are_stored_as_iso_639_1(tag, code):
    assert normalize_language(tag) == code


def test_a_tag_that_is_no_language_code_is_refused_by_name():
    with pytest.raises(ValueError, match="'russian!' is not a language code"):
        normalize_language("russian!")


@pytest.mark.django_db
def test_ingest_detects_the_language_of_a_document_that_does_not_say():
    [result] = ingest_bytes(RUSSIAN.encode(), name="ru.txt", format="txt")
    assert Source.objects.get(pk=result.source.pk).language == "ru"


@pytest.mark.django_db
def test_an_explicit_language_wins_over_detection():
    [result] = ingest_bytes(KAZAKH.encode(), name="kk.txt", format="txt", language="kk")
    assert result.source.language == "kk"
    [result] = ingest_bytes(ENGLISH.encode(), name="en.txt", format="txt", language="de-AT")
    assert Source.objects.get(pk=result.source.pk).language == "de"


@pytest.mark.django_db
def test_the_upload_form_sets_the_language_and_refuses_a_bad_one(client):
    client.force_login(UserFactory(username="alice", role="annotator"))
    url = reverse("sources:source_create")
    refused = client.post(url, {"text": KAZAKH, "language": "kazakh language"})
    assert "is not a language code" in refused.content.decode()
    assert not Source.objects.exists()
    client.post(url, {"text": KAZAKH, "language": "kk"})
    source = Source.objects.get()
    assert source.language == "kk"
    page = client.get(source.get_absolute_url()).content.decode()
    assert "Kazakh (kk)" in page
    assert "Kazakh" in client.get(reverse("sources:source_list")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_api_detects_or_takes_the_language_and_returns_it():
    api = client_for(UserFactory(username="bob", role="annotator"))
    detected = api.post("/api/sources/", {"text": RUSSIAN}, format="json")
    assert detected.status_code == 201, detected.json()
    assert detected.json()["source"]["language"] == "ru"
    given = api.post("/api/sources/", {"text": UKRAINIAN, "language": "uk"}, format="json")
    assert given.json()["source"]["language"] == "uk"
    refused = api.post("/api/sources/", {"text": ENGLISH, "language": "no such"}, format="json")
    assert refused.status_code == 400
    assert "is not a language code" in str(refused.json())
    assert Source.objects.count() == 2
    listed = api.get("/api/sources/?language=ru").json()
    assert [s["language"] for s in listed["results"]] == ["ru"]
