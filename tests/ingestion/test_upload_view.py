"""/sources/new/: who may upload, what a successful upload does, and how errors come back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.models import Source
from tests.factories import UserFactory

from .conftest import article_html

pytestmark = pytest.mark.django_db

URL = reverse("sources:source_create")
STORY = "Minister warns of floods\n\nThe river will rise by two metres before Friday, Environment Minister Jana Novak said."
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def annotator(client):
    user = UserFactory(username="alice", role="annotator")
    client.force_login(user)
    return user


def test_anonymous_user_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_user_without_add_permission_is_refused(client):
    client.force_login(UserFactory(username="bob", role="analyst"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": STORY}).status_code == 403
    assert not Source.objects.exists()


def test_form_is_shown_to_annotators(client, annotator):
    response = client.get(URL)
    assert response.status_code == 200
    assert b'name="file"' in response.content
    assert b'name="text"' in response.content
    assert b'name="url"' in response.content


def test_pasted_text_becomes_a_source_and_redirects_to_it(client, annotator):
    response = client.post(URL, {"text": STORY, "outlet": "Daily Example"})
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == source.get_absolute_url()
    assert source.text == STORY
    assert source.title == "Minister warns of floods"
    assert source.outlet.name == "Daily Example"
    assert source.ingested_by == annotator


def test_uploaded_html_file_becomes_a_source(client, annotator):
    upload = SimpleUploadedFile("floods.html", article_html(), content_type="text/html")
    response = client.post(URL, {"file": upload})
    source = Source.objects.get()
    assert response["Location"] == source.get_absolute_url()
    assert source.raw_content_type == "text/html"
    assert source.title == "Minister warns of floods"


def test_uploading_the_same_text_again_goes_to_the_existing_source(client, annotator):
    client.post(URL, {"text": STORY})
    response = client.post(URL, {"text": STORY}, follow=True)
    assert Source.objects.count() == 1
    assert "1 unchanged." in [str(m) for m in response.context["messages"]]


def test_htmx_success_redirects_the_browser(client, annotator):
    response = client.post(URL, {"text": STORY}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == Source.objects.get().get_absolute_url()


def test_htmx_form_error_returns_the_form_with_422(client, annotator):
    response = client.post(URL, {"text": ""}, **HTMX)
    assert response.status_code == 422
    assert b"Give a file, paste some text, or enter a web address." in response.content
    assert b"<html" not in response.content  # the form fragment, not the page


def test_binary_upload_error_names_the_file_and_reason(client, annotator):
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n1 0 obj", content_type="application/pdf")
    response = client.post(URL, {"file": upload}, **HTMX)
    assert response.status_code == 422
    assert b"scan.pdf: this is a PDF document, not text" in response.content
    assert not Source.objects.exists()


def test_private_address_is_refused_on_the_form(client, annotator):
    response = client.post(URL, {"url": "http://127.0.0.1:9/admin"})
    assert response.status_code == 200
    assert b"refusing to fetch inside the network" in response.content
    assert not Source.objects.exists()


def test_giving_two_documents_at_once_is_an_error(client, annotator):
    response = client.post(URL, {"text": STORY, "url": "https://example.org/a"}, **HTMX)
    assert response.status_code == 422
    assert b"Give one document at a time" in response.content
