"""Where people and programs watch jobs: /jobs/ pages and /api/jobs/, each user their own."""

import pytest
from django.test import Client

import jobs
from jobs.models import Job
from sources.models import Source
from tests.api.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ARTICLE = "Floods ahead\n\n\u201cThe river will rise,\u201d Environment Minister Jana Novak said.\n"


@pytest.fixture
def alice():
    return UserFactory(username="alice", role="annotator")


@pytest.fixture
def bob():
    return UserFactory(username="bob", role="analyst")


@pytest.fixture
def admin():
    return UserFactory(username="root", role="admin")


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def queued_job(user, **fields):
    return Job.objects.create(kind="ingest", created_by=user, **fields)


def test_jobs_page_needs_a_login():
    response = Client().get("/jobs/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_jobs_page_lists_only_my_jobs(alice, bob):
    mine = queued_job(alice)
    theirs = queued_job(bob)

    page = browser(alice).get("/jobs/").content.decode()

    assert f"#{mine.pk} ingest documents" in page
    assert f"#{theirs.pk} " not in page


def test_someone_elses_job_is_not_found(alice, bob):
    job = queued_job(bob)
    assert browser(alice).get(f"/jobs/{job.pk}/").status_code == 404


def test_admin_sees_everyones_jobs(alice, admin):
    job = queued_job(alice)
    assert browser(admin).get(f"/jobs/{job.pk}/").status_code == 200


def test_running_job_page_polls_every_two_seconds_and_a_finished_one_stops(alice):
    job = queued_job(alice, state=Job.State.RUNNING, done=3, total=10)
    client = browser(alice)

    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<progress max="10" value="3">' in page

    Job.objects.filter(pk=job.pk).update(state=Job.State.SUCCEEDED, done=10, message="10 added")
    fragment = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert "10 added" in fragment
    assert "<html" not in fragment  # just the status section


def test_pages_have_no_inline_script_or_style(alice):
    job = queued_job(alice)
    for url in ("/jobs/", f"/jobs/{job.pk}/"):
        page = browser(alice).get(url).content.decode()
        assert "<script>" not in page
        assert "style=" not in page


def test_api_lists_my_jobs_only(alice, bob):
    mine = queued_job(alice)
    queued_job(bob)

    body = client_for(alice).get("/api/jobs/").json()

    assert [job["id"] for job in body["results"]] == [mine.pk]
    assert body["results"][0]["created_by"] == "alice"


def test_api_hides_someone_elses_job(alice, bob):
    job = queued_job(bob)
    assert client_for(alice).get(f"/api/jobs/{job.pk}/").status_code == 404


def test_api_admin_sees_all_jobs(alice, bob, admin):
    queued_job(alice)
    queued_job(bob)
    assert len(client_for(admin).get("/api/jobs/").json()["results"]) == 2


def test_api_filters_jobs_by_state(alice):
    queued_job(alice)
    done = queued_job(alice, state=Job.State.SUCCEEDED)
    body = client_for(alice).get("/api/jobs/?state=succeeded").json()
    assert [job["id"] for job in body["results"]] == [done.pk]


def test_api_jobs_are_read_only(alice):
    job = queued_job(alice)
    client = client_for(alice)
    assert client.post("/api/jobs/", {"kind": "export"}, format="json").status_code == 405
    assert client.delete(f"/api/jobs/{job.pk}/").status_code == 405
    assert Job.objects.count() == 1


def test_api_jobs_need_authentication():
    assert client_for(None).get("/api/jobs/").status_code == 401


def test_post_source_in_the_background_answers_202_with_the_job(alice):
    response = client_for(alice).post(
        "/api/sources/", {"text": ARTICLE, "title": "Floods", "background": True}, format="json"
    )

    assert response.status_code == 202, response.json()
    body = response.json()
    assert response["Location"].endswith(f"/api/jobs/{body['id']}/")
    assert body["kind"] == "ingest"
    assert body["parameters"]["payload"].endswith(" bytes")  # not the text itself
    assert body["created_by"] == "alice"
    # No broker configured: the job ran in-process before the answer.
    assert body["state"] == "succeeded"
    assert body["message"] == "1 added, 0 unchanged, 0 superseded, 0 failed"
    assert Source.objects.get().title == "Floods"


def test_post_source_without_background_still_answers_201(alice):
    response = client_for(alice).post("/api/sources/", {"text": ARTICLE}, format="json")
    assert response.status_code == 201
    assert not Job.objects.exists()


def test_background_ingest_needs_the_right_to_add_sources(bob):
    response = client_for(bob).post(
        "/api/sources/", {"text": ARTICLE, "background": True}, format="json"
    )
    assert response.status_code == 403
    assert not Job.objects.exists()
    assert not Source.objects.exists()


def test_schema_documents_the_background_answer(alice):
    schema = client_for(alice).get("/api/schema/?format=json").json()
    create = schema["paths"]["/api/sources/"]["post"]
    assert "202" in create["responses"]
    assert "/api/jobs/" in schema["paths"]


def test_enqueue_from_the_api_records_the_user(alice):
    jobs.enqueue("ingest", user=alice, paths=[])
    assert client_for(alice).get("/api/jobs/").json()["results"][0]["state"] == "succeeded"


def test_signed_in_users_find_their_jobs_from_the_menu(alice):
    page = browser(alice).get("/").content.decode()
    assert '<a href="/jobs/">Jobs</a>' in page
    assert '<a href="/jobs/">Jobs</a>' not in Client().get("/").content.decode()
