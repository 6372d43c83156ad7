"""A backup restored into an empty instance reproduces everything: ``dump_jsonl`` of a
populated instance, ``load_jsonl`` into a second, freshly migrated database (all as
subprocesses with production settings), a second dump byte-identical to the first, and the
two instances, served side by side, show the same pages and API answers.
"""

import json
import re

import psycopg
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from claims import review
from claims.models import Assignment, Claim, ClaimLink, Rating, Speaker, Statement, Tag
from sources.models import Source
from tests.factories import AssessmentFactory, rating
from tests.faults.conftest import PASSWORD, database_url, manage, member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a second database, freshly migrated and empty."""
    if connection.vendor == "sqlite":
        url = database_url(name=str(tmp_path / "restored.sqlite3"))
    else:
        name = f"{connection.settings_dict['NAME']}_restored"
        admin = psycopg.connect(database_url(name="postgres"), autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        url = database_url(name=name)
    manage("migrate", "--noinput", "-v0", database=url)
    yield url
    if connection.vendor == "postgresql":
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def populate():
    """The demo instance (sample corpus, sample claims, suggestions, one user per role), then
    a day of work: reviews in every state, edits with comments, tags, aliases, assignments."""
    call_command("demo", no_serve=True, force=True, verbosity=0)
    curator = member("curator", "reviewer")
    annotator = User.objects.get(username="annotator")
    statements = list(Statement.objects.order_by("pk")[:6])
    review.transition(statements[0], "accepted", user=curator, base_version=1)
    review.transition(statements[1], "rejected", user=curator, base_version=1, comment="No cue.")
    review.transition(
        statements[2], "changes_requested", user=curator, base_version=1, comment="Span too long."
    )
    review.transition(statements[3], "proposed", user=annotator, base_version=1)
    review.edit(
        statements[4], {"kind": "mixed"}, user=annotator, base_version=1, comment="Part quoted."
    )
    links = list(ClaimLink.objects.order_by("pk")[:2])
    review.transition(links[0], "accepted", user=curator, base_version=1)
    review.transition(links[1], "rejected", user=curator, base_version=1, comment="Unrelated.")
    unrest = Tag.objects.create(name="unrest")
    for claim in Claim.objects.order_by("pk")[:3]:
        claim.tags.add(unrest)
    Speaker.objects.order_by("pk").first().add_alias("K. Tokayev")
    for source in Source.objects.order_by("pk")[:2]:
        Assignment.objects.create(source=source, annotator=annotator, assigned_by=curator)
    assert ClaimLink.objects.filter(state="suggested").exists()
    # The first claim's published verdict (its export is then a ClaimReview), a change to it
    # under review, and an admin's own scale.
    claim = Claim.objects.filter(links__isnull=False).order_by("pk").first()
    published = review.create(
        AssessmentFactory.build(claim=claim, rating=rating("False")), user=annotator
    )
    review.transition(published, "accepted", user=curator, base_version=1)
    review.create(
        AssessmentFactory.build(claim=claim, rating=rating("Misleading"), sources=[]),
        user=annotator,
        comment="Context matters.",
    )
    Rating.objects.create(value=6, label="Disinformation")


def same_page(text: str) -> str:
    """A page without what differs by session: CSRF tokens."""
    return re.sub(r"[A-Za-z0-9]{64}", "<csrf>", text)


def test_a_dump_restored_into_an_empty_instance_reproduces_it(tmp_path, empty_database, app_server):
    populate()
    original = database_url()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    manage("dump_jsonl", str(first), database=original)

    manage("load_jsonl", str(first), "--full-instance", database=empty_database)
    manage("dump_jsonl", str(second), database=empty_database)
    assert first.read_bytes() == second.read_bytes()

    # Passwords are not in a dump: the admin sets them again after a restore.
    manage("shell", "-c", f"from django.contrib.auth.models import User; u = User.objects.get("
           f"username='curator'); u.set_password('{PASSWORD}'); u.save()", database=empty_database)  # fmt: skip
    servers = {"original": app_server(original), "restored": app_server(empty_database)}
    browsers = {name: server.login("curator") for name, server in servers.items()}

    def seen(name: str, path: str):
        response = browsers[name].get(servers[name].url + path, timeout=60)
        assert response.status_code == 200, (name, path, response.status_code)
        text = response.text.replace(servers[name].url, "http://claimtrail.example")
        if "json" in response.headers["Content-Type"]:
            return json.loads(text)
        return same_page(text)

    claims = list(Claim.objects.filter(links__isnull=False).distinct().order_by("pk")[:5])
    edited = Statement.objects.get(kind="mixed", version=2)
    paths = [
        "/claims/",
        *(f"/claims/{claim.slug}/" for claim in claims),  # provenance: appearances, earliest first
        *(f"/api/claims/{claim.slug}/" for claim in claims),
        f"/api/claims/{claims[0].slug}/claimreview/",  # a ClaimReview: it has a verdict
        f"/api/assessments/?claim={claims[0].slug}",
        "/api/ratings/",
        f"/sources/{edited.source_id}/",  # the reader, with every statement's state
        f"/api/statements/{edited.pk}/history/",  # who changed what, with the comment
        f"/speakers/{Speaker.objects.order_by('pk').first().slug}/",
        "/api/statements/?state=rejected",
        "/api/speakers/?ordering=name",
    ]
    for path in paths:
        assert seen("restored", path) == seen("original", path), path
    verdict = seen("restored", f"/api/claims/{claims[0].slug}/claimreview/")["reviewRating"]
    assert (verdict["alternateName"], verdict["bestRating"]) == ("False", 6)
    assert (
        seen("restored", f"/api/statements/{edited.pk}/history/")[-1]["comment"] == "Part quoted."
    )

    # The restored instance takes new work: its id sequences continue after the loaded rows.
    restored = browsers["restored"]
    response = restored.post(
        servers["restored"].url + "/api/claims/",
        json={"text": "A claim written after the restore"},
        headers={"X-CSRFToken": restored.cookies["csrftoken"]},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    assert response.json()["id"] > max(claim.pk for claim in Claim.objects.all())
