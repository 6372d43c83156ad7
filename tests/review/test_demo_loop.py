"""The whole loop with the demo accounts: propose, send back, fix, accept — and the history shows it.

Runs through the pages, logged in as the accounts ``manage.py demo`` creates.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims import review
from claims.models import ReviewState, Statement
from sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(debug_on, client):
    call_command("demo", "--no-serve", stdout=open("/dev/null", "w"))  # noqa: SIM115
    source = Source.objects.get(outlet__name="BelTA", title__startswith="Lukashenko: Analysis")
    start = source.text.index("presence of an external factor")
    return source, start


def login(client, role):
    client.logout()
    assert client.login(username=role, password=f"{role}-demo-password")


def post(client, url, **data):
    return client.post(url, data, headers={"HX-Request": "true"})


def test_annotator_proposes_reviewer_sends_back_annotator_fixes_reviewer_accepts(demo, client):
    source, start = demo
    # The machine suggested it, one word short.
    statement = Statement.at_span(
        source,
        start,
        start + len("presence of an external"),
        kind=Statement.Kind.INDIRECT,
        cue="shows",
    )
    statement.save()
    transition_url = reverse("claims:review_transition", args=["statement", statement.pk])
    edit_url = reverse("claims:review_edit", args=["statement", statement.pk])

    # 1. The annotator proposes the machine's suggestion.
    login(client, "annotator")
    response = post(client, transition_url, to_state="proposed", base_version=1)
    assert response.status_code == 200
    assert b"Proposed" in response.content

    # 2. The reviewer sends it back: the span stops a word short.
    login(client, "reviewer")
    response = post(
        client,
        transition_url,
        to_state="changes_requested",
        base_version=2,
        comment="The span stops short: include 'factor'.",
    )
    assert response.status_code == 200
    assert b"Sent back" in response.content

    # 3. The annotator finds it in their queue, fixes the span and proposes it again.
    login(client, "annotator")
    queue = client.get(reverse("claims:review_queue"))
    assert statement.text.encode() in queue.content
    response = client.post(
        edit_url,
        {
            "kind": "indirect",
            "start": start,
            "end": start + len("presence of an external factor"),
            "cue": "shows",
            "speaker_mention": "",
            "cited": "",
            "base_version": 3,
            "comment": "Span now ends after 'factor'.",
            "and_propose": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    # 4. The reviewer accepts it.
    login(client, "reviewer")
    response = post(client, transition_url, to_state="accepted", base_version=4)
    assert response.status_code == 200

    statement.refresh_from_db()
    assert statement.text == "presence of an external factor"
    assert (statement.state, statement.version) == (ReviewState.ACCEPTED, 5)

    steps = [
        (h["user"], h["from_state"], h["to_state"], h["comment"])
        for h in review.history_for(statement)
    ]
    assert steps == [
        (None, None, "suggested", ""),
        ("annotator", "suggested", "proposed", ""),
        ("reviewer", "proposed", "changes_requested", "The span stops short: include 'factor'."),
        ("annotator", "changes_requested", "proposed", "Span now ends after 'factor'."),
        ("reviewer", "proposed", "accepted", ""),
    ]
    # The item's page shows all four steps to whoever opens it.
    page = client.get(reverse("claims:review_item", args=["statement", statement.pk]))
    text = page.content.decode()
    for line in (
        "moved it from suggested to proposed",
        "moved it from proposed to changes_requested",
        "moved it from changes_requested to proposed",
        "moved it from proposed to accepted",
        "The span stops short: include &#x27;factor&#x27;.",
    ):
        assert line in text
