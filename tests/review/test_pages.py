"""The review pages: who may see and do what, htmx fragments, conflicts, pinned query counts."""

import re

import pytest
from django.urls import reverse

from claims.models import ReviewState, Statement
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ReviewState
HTMX = {"HX-Request": "true"}


def transition_url(statement):
    return reverse("claims:review_transition", args=["statement", statement.pk])


@pytest.fixture
def log_in(client, users):
    def log_in(role):
        client.force_login(users[role])
        return client

    return log_in


# --- who may come in --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [reverse("claims:review_queue"), reverse("claims:review_progress")],
)
def test_anonymous_readers_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_writes_are_sent_to_log_in_and_change_nothing(client):
    statement = StatementFactory(state=S.PROPOSED)
    response = client.post(transition_url(statement), {"to_state": "accepted", "base_version": 1})
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.state == S.PROPOSED


def test_analysts_may_read_the_queue_and_progress(log_in):
    client = log_in("analyst")
    assert client.get(reverse("claims:review_queue")).status_code == 200
    assert client.get(reverse("claims:review_progress")).status_code == 200


@pytest.mark.parametrize(
    ("name", "args", "data"),
    [
        ("claims:review_transition", ["statement"], {"to_state": "accepted", "base_version": 1}),
        ("claims:review_edit", ["statement"], {"cue": "x", "base_version": 1}),
        ("claims:review_claim", ["statement"], {}),
    ],
)
def test_analysts_get_403_on_writes_and_nothing_changes(log_in, name, args, data):
    statement = StatementFactory(state=S.PROPOSED)
    response = log_in("analyst").post(reverse(name, args=[*args, statement.pk]), data)
    assert response.status_code == 403
    statement.refresh_from_db()
    assert (statement.state, statement.version) == (S.PROPOSED, 1)


@pytest.mark.parametrize("name", ["claims:review_accept_clean", "claims:review_resolve"])
def test_annotators_get_403_on_reviewer_only_writes(log_in, name):
    source = SourceFactory()
    assert log_in("annotator").post(reverse(name, args=[source.pk])).status_code == 403


def test_reviewer_may_not_do_an_admin_move(log_in):
    statement = StatementFactory(state=S.ACCEPTED)
    response = log_in("reviewer").post(
        transition_url(statement), {"to_state": "proposed", "base_version": 1}
    )
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.state == S.ACCEPTED


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("post", "claims:review_queue", []),
        ("post", "claims:review_progress", []),
        ("get", "claims:review_transition", ["statement", 1]),
        ("get", "claims:review_edit", ["statement", 1]),
        ("get", "claims:review_claim", ["statement", 1]),
        ("get", "claims:review_accept_clean", [1]),
        ("get", "claims:review_resolve", [1]),
    ],
)
def test_wrong_methods_are_405(log_in, method, name, args):
    client = log_in("reviewer")
    assert getattr(client, method)(reverse(name, args=args)).status_code == 405


def test_an_unknown_kind_of_item_is_404(log_in):
    url = reverse("claims:review_item", args=["speaker", 1])
    assert log_in("reviewer").get(url).status_code == 404


# --- the queue ----------------------------------------------------------------------------------


def test_reviewers_see_proposed_and_suggested_annotators_see_sent_back_and_suggested(log_in):
    suggested = StatementFactory(state=S.SUGGESTED)
    proposed = StatementFactory(state=S.PROPOSED)
    sent_back = StatementFactory(state=S.CHANGES_REQUESTED)
    accepted = StatementFactory(state=S.ACCEPTED)

    def shown(role):
        page = log_in(role).get(reverse("claims:review_queue")).content.decode()
        return {
            s.state
            for s in (suggested, proposed, sent_back, accepted)
            if f"review-statement-{s.pk}" in page
        }

    assert shown("reviewer") == {S.PROPOSED, S.SUGGESTED}
    assert shown("annotator") == {S.CHANGES_REQUESTED, S.SUGGESTED}


def test_queue_filters_by_source_annotator_and_claim(log_in, users):
    mine = StatementFactory(state=S.PROPOSED, created_by=users["annotator"])
    other = StatementFactory(state=S.PROPOSED)
    link = ClaimLinkFactory(statement=other)
    client = log_in("reviewer")

    def ids(**params):
        page = client.get(reverse("claims:review_queue"), params).content.decode()
        return {s.pk for s in (mine, other) if f"review-statement-{s.pk}" in page}

    assert ids() == {mine.pk, other.pk}
    assert ids(source=mine.source_id) == {mine.pk}
    assert ids(annotator="annotator") == {mine.pk}
    assert ids(claim=link.claim.slug) == {other.pk}
    assert ids(older_than_days=1) == set()


def test_queue_filtered_by_a_source_names_it_and_an_unknown_one_says_so(log_in):
    statement = StatementFactory(state=S.PROPOSED, source__title="Floods in the old town")
    client = log_in("reviewer")
    page = client.get(reverse("claims:review_queue"), {"source": statement.source_id})
    assert f'In <a href="{statement.source.get_absolute_url()}">Floods in the old town</a>' in (
        page.content.decode()
    )
    assert b"Accept clean suggestions" in page.content
    unknown = client.get(reverse("claims:review_queue"), {"source": 999999}).content.decode()
    assert "No source has the number 999999." in unknown
    assert "Accept clean suggestions" not in unknown


def test_queue_answers_htmx_with_the_fragment_only(log_in):
    StatementFactory(state=S.PROPOSED)
    response = log_in("reviewer").get(reverse("claims:review_queue"), headers=HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="queue"')
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(("kind", "queries"), [("statement", 9), ("claimlink", 8)])
def test_queue_queries_do_not_grow_with_the_items(
    log_in, users, django_assert_num_queries, kind, queries
):
    client = log_in("reviewer")
    for n in range(6):
        statement = StatementFactory(
            state=S.PROPOSED, created_by=users["annotator"] if n % 2 else None
        )
        ClaimLinkFactory(statement=statement, state=S.SUGGESTED, score=0.5)
    # session, user, the permissions (one query), the count (up to 1,001), the waiting
    # claim-link suggestions (up to 1,001, for the link to their page), the page of items (with source but not its text, speaker, annotator), the text around the
    # page's spans, their review claims; for statements their waiting claim links and claims
    with django_assert_num_queries(queries):
        response = client.get(reverse("claims:review_queue"), {"kind": kind})
    assert response.content.count(b'class="review-item') == 6
    if kind == "statement":
        assert response.content.count(b"Accept with its claim") == 6


def test_progress_queries_are_fixed(log_in, django_assert_num_queries):
    client = log_in("reviewer")
    for state in (S.SUGGESTED, S.ACCEPTED, S.REJECTED):
        StatementFactory.create_batch(2, state=state)
    # session, user, the permissions (one query); by annotator; by source and
    # their titles; precision of statements and of claim links; decisions by week
    with django_assert_num_queries(9):
        assert client.get(reverse("claims:review_progress")).status_code == 200


# --- acting on a row ------------------------------------------------------------------------


def test_accepting_through_htmx_returns_the_updated_row(log_in):
    statement = StatementFactory(state=S.PROPOSED)
    response = log_in("reviewer").post(
        transition_url(statement), {"to_state": "accepted", "base_version": 1}, headers=HTMX
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith(f'<li id="review-statement-{statement.pk}"')
    assert "Accepted" in content
    statement.refresh_from_db()
    assert statement.state == S.ACCEPTED


def test_without_htmx_a_transition_redirects_to_the_item(log_in):
    statement = StatementFactory(state=S.PROPOSED)
    response = log_in("reviewer").post(
        transition_url(statement), {"to_state": "accepted", "base_version": 1}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:review_item", args=["statement", statement.pk])


def test_sending_back_without_a_comment_is_a_422_with_the_reason(log_in):
    statement = StatementFactory(state=S.PROPOSED)
    response = log_in("reviewer").post(
        transition_url(statement),
        {"to_state": "changes_requested", "base_version": 1},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert b"Say what should change" in response.content
    statement.refresh_from_db()
    assert statement.state == S.PROPOSED


def test_a_stale_transition_is_a_409_showing_what_changed(log_in, users):
    from claims import review

    statement = StatementFactory(state=S.PROPOSED, cue="said")
    review.edit(statement, {"cue": "warned"}, user=users["annotator"], base_version=1)
    response = log_in("reviewer").post(
        transition_url(statement), {"to_state": "accepted", "base_version": 1}, headers=HTMX
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "changed by someone else since version 1" in content
    assert "cue: said → warned" in content
    assert 'name="base_version" value="2"' in content  # the row now offers the current version
    statement.refresh_from_db()
    assert statement.state == S.PROPOSED


def test_a_claimed_item_refuses_other_reviewers_with_409(log_in, users):
    statement = StatementFactory(state=S.PROPOSED)
    client = log_in("reviewer")
    claim_url = reverse("claims:review_claim", args=["statement", statement.pk])
    assert b"being reviewed by reviewer" in client.post(claim_url, headers=HTMX).content

    client.force_login(UserFactory(username="rita", role="reviewer"))
    response = client.post(
        transition_url(statement), {"to_state": "accepted", "base_version": 1}, headers=HTMX
    )
    assert response.status_code == 409
    assert b"reviewer is reviewing this" in response.content


def test_edit_form_errors_are_422_and_change_nothing(log_in):
    statement = StatementFactory(state=S.SUGGESTED)
    url = reverse("claims:review_edit", args=["statement", statement.pk])
    response = log_in("annotator").post(
        url,
        {
            "kind": "direct",
            "start": statement.start,
            "end": 100_000,
            "base_version": 1,
        },
    )
    assert response.status_code == 422
    assert b"is not inside the source" in response.content
    fresh = Statement.objects.get(pk=statement.pk)
    assert (fresh.end, fresh.version) == (statement.end, 1)


# --- a source at once ---------------------------------------------------------------------------


def test_bulk_accept_takes_only_clean_suggestions(log_in):
    source = SourceFactory()
    text = source.text
    clean = StatementFactory(source=source, confidence=0.95)
    unsure = StatementFactory(
        source=source,
        start=text.index("more rain"),
        end=text.index(" is expected"),
        confidence=0.3,
    )
    nobody = StatementFactory(
        source=source,
        start=text.index("According"),
        end=text.index(" the weather"),
        speaker=None,
    )
    response = log_in("reviewer").post(reverse("claims:review_accept_clean", args=[source.pk]))
    assert response.status_code == 302
    states = dict(Statement.objects.values_list("pk", "state"))
    assert states == {clean.pk: S.ACCEPTED, unsure.pk: S.SUGGESTED, nobody.pk: S.SUGGESTED}


def test_bulk_accept_leaves_overlapping_suggestions_alone(log_in):
    source = SourceFactory()
    first = StatementFactory(source=source)
    StatementFactory(source=source, start=first.start + 4, end=first.end)
    log_in("reviewer").post(reverse("claims:review_accept_clean", args=[source.pk]))
    assert not Statement.objects.filter(state=S.ACCEPTED).exists()


def test_rows_offer_only_the_moves_the_user_may_make(log_in):
    StatementFactory(state=S.SUGGESTED)

    def buttons(role):
        page = log_in(role).get(reverse("claims:review_queue")).content.decode()
        return [
            v
            for v in ("proposed", "accepted", "rejected", "changes_requested")
            if f'name="to_state" value="{v}"' in page
        ]

    assert buttons("annotator") == ["proposed"]
    assert buttons("reviewer") == ["proposed", "accepted", "rejected", "changes_requested"]


def test_queue_filters_by_waiting_state_and_kind(log_in):
    suggested = StatementFactory(state=S.SUGGESTED)
    proposed = StatementFactory(state=S.PROPOSED)
    link = ClaimLinkFactory(statement=proposed, state=S.PROPOSED)
    client = log_in("reviewer")

    page = client.get(reverse("claims:review_queue"), {"state": "suggested"}).content.decode()
    assert f"review-statement-{suggested.pk}" in page
    assert f"review-statement-{proposed.pk}" not in page

    page = client.get(reverse("claims:review_queue"), {"kind": "claimlink"}).content.decode()
    assert f"review-claimlink-{link.pk}" in page
    assert "review-statement-" not in page


@pytest.mark.parametrize("kind", ["statement", "claimlink", "claim"])
def test_each_kind_has_a_review_page_with_its_history(log_in, kind):
    item = {"statement": StatementFactory, "claimlink": ClaimLinkFactory, "claim": ClaimFactory}[
        kind
    ](state=S.PROPOSED)
    client = log_in("reviewer")
    response = client.get(reverse("claims:review_item", args=[kind, item.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "History" in content
    assert "created it as proposed" in content
    assert "Correct it" in content
    assert (
        "Correct it"
        not in log_in("analyst")
        .get(reverse("claims:review_item", args=[kind, item.pk]))
        .content.decode()
    )


def test_a_reviewer_releases_their_claim(log_in):
    statement = StatementFactory(state=S.PROPOSED)
    client = log_in("reviewer")
    url = reverse("claims:review_claim", args=["statement", statement.pk])
    client.post(url, headers=HTMX)
    response = client.post(url, {"release": "1"}, headers=HTMX)
    assert response.status_code == 200
    assert b"being reviewed by" not in response.content
    assert b"I'm reviewing this" in response.content


# --- one route per action, for the reader's panel and the review pages -----------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("claims:review_transition", {"to_state": "accepted", "base_version": 1}),
        ("claims:review_edit", {"kind": "indirect", "base_version": 1}),
    ],
)
def test_a_role_refusal_is_the_same_from_the_panel_and_the_review_page(log_in, name, data):
    statement = StatementFactory(state=S.PROPOSED)
    client = log_in("analyst")
    url = reverse(name, args=["statement", statement.pk])
    from_panel = client.post(url, {**data, "from": "reader"}, headers=HTMX)
    from_queue = client.post(url, data, headers=HTMX)
    assert (from_panel.status_code, from_queue.status_code) == (403, 403)
    assert from_panel.content == from_queue.content
    assert b'role="alert"' in from_panel.content
    assert (
        from_panel["HX-Retarget"]
        == from_queue["HX-Retarget"]
        == (f"#refusal-statement-{statement.pk}")
    )
    full_page = client.post(url, data)
    assert full_page.status_code == 403
    assert b"Your account may not do this" in full_page.content
    statement.refresh_from_db()
    assert (statement.state, statement.version) == (S.PROPOSED, 1)


def test_an_annotator_refused_a_reviewers_move_gets_the_same_fragment_in_both_places(log_in):
    statement = StatementFactory(state=S.PROPOSED)
    client = log_in("annotator")
    url = transition_url(statement)
    data = {"to_state": "accepted", "base_version": 1}
    from_panel = client.post(url, {**data, "from": "reader"}, headers=HTMX)
    from_queue = client.post(url, data, headers=HTMX)
    assert from_panel.status_code == from_queue.status_code == 403
    assert from_panel.content == from_queue.content
    assert b"You may not move a statement from proposed" in from_panel.content


def test_the_panel_and_the_queue_row_post_to_the_same_route(log_in):
    statement = StatementFactory(state=S.PROPOSED)
    client = log_in("reviewer")
    row = client.get(reverse("claims:review_queue")).content.decode()
    panel = client.get(reverse("claims:statement_panel", args=[statement.pk])).content.decode()
    assert f'hx-post="{transition_url(statement)}"' in row
    assert f'hx-post="{transition_url(statement)}"' in panel
    edit = reverse("claims:review_edit", args=["statement", statement.pk])
    assert f'hx-post="{edit}"' in panel


# --- the queue as a labelling tool (issue #19) ------------------------------------------------


def _order(client, **params):
    page = client.get(reverse("claims:review_queue"), params).content.decode()
    import re

    return [int(pk) for pk in re.findall(r'<li id="review-\w+-(\d+)"', page)]


def test_peoples_proposals_come_first_and_the_order_and_origin_can_be_chosen(log_in, users):
    machine = StatementFactory(state=S.SUGGESTED, confidence=0.9)
    human = StatementFactory(state=S.PROPOSED, created_by=users["annotator"], confidence=0.2)
    client = log_in("reviewer")
    assert _order(client) == [human.pk, machine.pk]  # the newer human proposal first
    assert _order(client, sort="oldest") == [machine.pk, human.pk]
    assert _order(client, sort="score") == [machine.pk, human.pk]
    assert _order(client, origin="machine") == [machine.pk]
    assert _order(client, origin="human") == [human.pk]
    assert _order(client, min_score=0.5) == [machine.pk]


def test_queue_filters_by_speaker_claim_words_and_source_title(log_in):
    one = StatementFactory(state=S.PROPOSED, source__title="Floods in the old town")
    other = StatementFactory(state=S.PROPOSED, speaker__name="Pavel Dvorak")
    link = ClaimLinkFactory(statement=one, claim__text="The dam will break by Friday")
    client = log_in("reviewer")
    assert _order(client, speaker="dvorak") == [other.pk]
    assert _order(client, claim="dam will break") == [one.pk]
    assert _order(client, claim=link.claim.slug) == [one.pk]
    assert _order(client, source="old town") == [one.pk]
    assert _order(client, kind="claimlink", speaker=one.speaker.name) == [link.pk]


def test_each_item_shows_its_sentence_with_the_statement_marked(log_in):
    statement = StatementFactory(state=S.PROPOSED)
    page = log_in("reviewer").get(reverse("claims:review_queue")).content.decode()
    assert (
        '<blockquote class="in-sentence">“<mark>The river will rise by two metres before '
        "Friday</mark>,” Environment Minister Jana Novak said on Tuesday.</blockquote>"
    ) in page
    assert statement.text in page


def test_one_decision_accepts_the_statement_and_its_claim_link(log_in):
    statement = StatementFactory(state=S.PROPOSED)
    link = ClaimLinkFactory(statement=statement, state=S.SUGGESTED, score=0.7)
    response = log_in("reviewer").post(
        transition_url(statement),
        {"to_state": "accepted", "base_version": 1, "link": link.pk, "link_version": 1},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Accepted, with its link to" in response.content.decode()
    statement.refresh_from_db()
    link.refresh_from_db()
    assert (statement.state, link.state) == (S.ACCEPTED, S.ACCEPTED)


def test_a_stale_link_leaves_the_statement_undecided_too(log_in, users):
    from claims import review

    statement = StatementFactory(state=S.PROPOSED)
    link = ClaimLinkFactory(statement=statement, state=S.SUGGESTED)
    review.edit(link, {"stance": "denies"}, user=users["annotator"], base_version=1)
    response = log_in("reviewer").post(
        transition_url(statement),
        {"to_state": "accepted", "base_version": 1, "link": link.pk, "link_version": 1},
        headers=HTMX,
    )
    assert response.status_code == 409
    statement.refresh_from_db()
    assert (statement.state, statement.version) == (S.PROPOSED, 1)


def test_after_a_decision_the_row_confirms_it(log_in):
    statement = StatementFactory(state=S.PROPOSED)
    response = log_in("reviewer").post(
        transition_url(statement), {"to_state": "rejected", "base_version": 1}, headers=HTMX
    )
    content = response.content.decode()
    assert 'role="status">Now rejected.' in content
    assert "data-decided" in content


def test_analysts_see_the_queue_read_only_and_labelled_so(log_in):
    StatementFactory(state=S.PROPOSED)
    page = log_in("analyst").get(reverse("claims:review_queue")).content.decode()
    assert "read only" in page
    assert "Waiting for you" not in page
    assert "review-statement-" in page  # proposals are shown to them too
    assert 'name="to_state"' not in page


def test_decision_buttons_differ_in_colour_and_word(log_in):
    StatementFactory(state=S.PROPOSED)
    page = log_in("reviewer").get(reverse("claims:review_queue")).content.decode()
    assert 'value="accepted" class="decision decision-accept"' in page
    assert 'value="rejected" class="decision decision-reject"' in page
    assert 'value="changes_requested" class="decision decision-back"' in page
    assert ">Accept <kbd>a</kbd>" in page
    assert ">Reject <kbd>r</kbd>" in page
    assert ">Send back<" in page


def test_no_internal_names_on_the_queue_and_the_item_page(log_in):
    statement = StatementFactory(state=S.PROPOSED)
    client = log_in("reviewer")
    page = client.get(reverse("claims:review_queue")).content.decode()
    item = client.get(reverse("claims:review_item", args=["statement", statement.pk]))
    for text in (page, item.content.decode()):
        for internal in ("Source (id)", "Claim (slug)", "version 1", f"statement {statement.pk}"):
            assert internal not in text


def test_the_count_stops_at_the_cap(log_in, monkeypatch):
    from claims import review_queue

    monkeypatch.setattr(review_queue, "COUNT_CAP", 3)
    StatementFactory.create_batch(5, state=S.PROPOSED)
    page = log_in("reviewer").get(reverse("claims:review_queue")).content.decode()
    assert "More than 3 waiting" in page


def suggestions_link(page):
    found = re.search(r'<a href="([^"]+)" id="suggestions-link">([^<]+)</a>', page)
    return found and (found.group(1), found.group(2))


def test_reviewers_see_how_many_suggestions_wait_and_a_link_to_them(log_in):
    ClaimLinkFactory.create_batch(3, state=S.SUGGESTED)
    ClaimLinkFactory(state=S.PROPOSED)  # a person's proposal: on the queue, not a suggestion
    ClaimLinkFactory(state=S.REJECTED)
    page = log_in("reviewer").get(reverse("claims:review_queue")).content.decode()
    assert suggestions_link(page) == (
        reverse("claims:review_suggestions"),
        "Suggested claim links (3 waiting)",
    )


def test_the_suggestions_count_stops_at_the_cap(log_in, monkeypatch):
    from claims import review_queue

    monkeypatch.setattr(review_queue, "COUNT_CAP", 3)
    ClaimLinkFactory.create_batch(4, state=S.SUGGESTED)
    page = log_in("reviewer").get(reverse("claims:review_queue")).content.decode()
    assert suggestions_link(page)[1] == "Suggested claim links (more than 3 waiting)"


@pytest.mark.parametrize("role", ["annotator", "analyst"])
def test_no_suggestions_link_for_those_who_may_not_reject_them(log_in, role):
    ClaimLinkFactory(state=S.SUGGESTED)
    page = log_in(role).get(reverse("claims:review_queue")).content.decode()
    assert suggestions_link(page) is None
    assert log_in(role).get(reverse("claims:review_suggestions")).status_code == 403
