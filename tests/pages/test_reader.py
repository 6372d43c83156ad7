"""The source reader: highlights cut from offsets and escaped, and the panel's writes."""

import re
from html import unescape

import pytest
from django.urls import reverse

from claims.models import ClaimLink, ReviewState, Speaker, Statement
from sources.reader import Mark, segments
from tests.browser import corpus
from tests.factories import SectionFactory, SourceFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = "He said: “we will win” and left."


def test_segments_cover_the_text_exactly_with_their_offsets():
    marks = [Mark(10, 21, ("st",), 1), Mark(3, 7, ("cue",))]
    cut = segments(TEXT, marks)
    assert "".join(s.text for s in cut) == TEXT
    assert all(TEXT[s.start : s.end] == s.text for s in cut)
    assert [s.text for s in cut if "st" in s.classes] == ["we will win"]
    assert [s.text for s in cut if "cue" in s.classes] == ["said"]


def test_overlapping_statements_split_into_segments_carrying_both():
    outer, inner = Mark(0, 22, ("st",), 1), Mark(10, 31, ("st", "st-direct"), 2)
    cut = segments(TEXT, [outer, inner])
    both = [s for s in cut if len(s.statements) == 2]
    assert [s.text for s in both] == [TEXT[10:22]]
    assert [s.anchor for s in cut if s.anchor] == [1, 2]
    assert "".join(s.text for s in cut) == TEXT


def test_the_innermost_statement_is_the_one_a_click_opens():
    cut = segments(TEXT, [Mark(0, 31, ("st",), 1), Mark(10, 21, ("st",), 2)])
    assert next(s for s in cut if s.text == "we will win").statement == 2


@pytest.fixture
def data():
    return corpus.build()


def _post(client, name, statement, **data):
    """What the panel posts: its own links, and the review actions the review pages share."""
    if name in ("review_transition", "review_edit"):
        url = reverse(f"claims:{name}", args=["statement", statement.pk])
        data = {"from": "reader", **data}
    else:
        url = reverse(f"claims:{name}", args=[statement.pk])
    return client.post(url, data, HTTP_HX_REQUEST="true")


def test_reader_escapes_the_text_and_its_pieces_keep_their_offsets(client):
    source = SourceFactory(text="Title\n\n<script>alert(1)</script> “Tea 🍵 now,” she said.")
    StatementFactory(source=source, start=source.text.index("Tea"), end=source.text.index(",”"))
    html = client.get(source.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    article = re.search(r'<article id="reader-text".*?</article>', html, re.S).group(0)
    for start, piece in re.findall(r'data-start="(\d+)"[^>]*>([^<]*)</span>', article):
        assert source.text[int(start) :].startswith(unescape(piece))


def test_comments_and_boilerplate_are_set_apart(client):
    source = SourceFactory(text="Body text here.\n\nGreat article! — reader")
    SectionFactory(source=source, kind="body", start=0, end=15)
    SectionFactory(source=source, kind="comments", start=17, end=len(source.text))
    html = client.get(source.get_absolute_url()).content.decode()
    assert 'class="block block-comments" data-label="Reader comments"' in html


@pytest.mark.parametrize(
    ("to", "status", "says", "state"),
    [
        ("proposed", 200, "Now proposed.", ReviewState.PROPOSED),
        ("rejected", 403, "You may not move a statement", ReviewState.SUGGESTED),  # reviewers'
    ],
)
def test_annotator_proposes_a_suggestion_but_may_not_reject_it(
    client, data, to, status, says, state
):
    client.force_login(UserFactory(role="annotator"))
    response = _post(client, "review_transition", data["quote"], to_state=to, base_version=1)
    assert response.status_code == status
    assert says in response.content.decode()
    assert Statement.objects.get(pk=data["quote"].pk).state == state


def test_the_panel_and_the_review_page_answer_a_state_that_does_not_exist_alike(client, data):
    """Both routes to a transition answer a form the user can fix with 422 (config.errors)."""
    client.force_login(UserFactory(role="reviewer"))
    panel = _post(client, "review_transition", data["quote"], to_state="nowhere", base_version=1)
    page = client.post(
        reverse("claims:review_transition", args=["statement", data["quote"].pk]),
        {"to_state": "nowhere", "base_version": 1},
    )
    assert (panel.status_code, page.status_code) == (422, 422)
    assert "Choose what to do with this" in panel.content.decode()
    assert Statement.objects.get(pk=data["quote"].pk).version == 1


def test_analyst_may_not_write_anything(client, data):
    client.force_login(UserFactory(role="analyst"))
    for name, fields in [
        ("review_transition", {"to_state": "proposed", "base_version": 1}),
        ("review_edit", {"kind": "indirect", "base_version": 1}),
        ("statement_link", {"claim": data["claim"].slug}),
    ]:
        assert _post(client, name, data["backing"], **fields).status_code == 403
    response = client.post(
        reverse("claims:statement_create", args=[data["source"].pk]), {"start": 0, "end": 5}
    )
    assert response.status_code == 403
    assert Statement.objects.get(pk=data["backing"].pk).version == 1
    assert Statement.objects.count() == 2


def test_anonymous_writes_go_to_the_login_page(client, data):
    client.logout()
    response = _post(
        client, "review_transition", data["quote"], to_state="proposed", base_version=1
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_writes_refuse_get(client, data):
    client.force_login(UserFactory(role="reviewer"))
    assert (
        client.get(reverse("claims:review_edit", args=["statement", data["quote"].pk])).status_code
        == 405
    )


def test_stale_edit_is_refused_with_conflict(client, data):
    client.force_login(UserFactory(role="annotator"))
    assert (
        _post(client, "review_edit", data["quote"], kind="mixed", base_version=1).status_code == 200
    )
    response = _post(client, "review_edit", data["quote"], kind="indirect", base_version=1)
    assert response.status_code == 409
    assert "changed by someone else since version 1" in response.content.decode()
    assert Statement.objects.get(pk=data["quote"].pk).kind == "mixed"


def test_fixing_the_span_reads_the_new_text_from_the_source(client, data):
    client.force_login(UserFactory(role="annotator"))
    quote, text = data["quote"], data["source"].text
    start = text.index("an attempt", quote.start)
    response = _post(client, "review_edit", quote, start=start, end=quote.end, base_version=1)
    assert response.status_code == 200
    quote.refresh_from_db()
    assert quote.text == "an attempt at foreign interference"


def test_a_span_outside_the_text_is_refused(client, data):
    client.force_login(UserFactory(role="annotator"))
    url = reverse("claims:statement_create", args=[data["source"].pk])
    response = client.post(
        url, {"start": 5, "end": 99999, "kind": "direct"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "is not a span of this source" in response.content.decode()
    assert Statement.objects.count() == 2


def test_an_alias_finds_the_speaker_and_a_new_one_is_created_only_on_purpose(client, data):
    client.force_login(UserFactory(role="annotator"))
    _post(client, "review_edit", data["backing"], speaker_name="Lukashenka", base_version=1)
    assert Statement.objects.get(pk=data["backing"].pk).speaker.name == "Alexander Lukashenko"
    typo = _post(
        client, "review_edit", data["backing"], speaker_name="Nursultan Nazarbaev", base_version=2
    )
    assert typo.status_code == 422
    assert "No speaker is called “Nursultan Nazarbaev”" in typo.content.decode()
    assert not Speaker.objects.filter(name="Nursultan Nazarbaev").exists()
    _post(
        client,
        "review_edit",
        data["backing"],
        speaker_name="Nursultan Nazarbayev",
        new_speaker="1",
        base_version=2,
    )
    assert Speaker.objects.get(name="Nursultan Nazarbayev").statements.count() == 1


def _create(client, data, words, **fields):
    start = data["source"].text.index(words)
    return client.post(
        reverse("claims:statement_create", args=[data["source"].pk]),
        {"start": start, "end": start + len(words), "kind": "direct", **fields},
        HTTP_HX_REQUEST="true",
    )


def test_a_new_statement_with_a_typed_unknown_speaker_is_refused_and_creates_nobody(client, data):
    client.force_login(UserFactory(role="annotator"))
    response = _create(client, data, corpus.MISSED, speaker_name="Lukashenkoo")
    assert response.status_code == 422
    assert "No speaker is called “Lukashenkoo”" in response.content.decode()
    assert Speaker.objects.count() == 2
    assert Statement.objects.count() == 2
    chosen = Speaker.objects.get(name="Sergei Lebedev")
    response = _create(client, data, corpus.MISSED, speaker_name="Lebedev", speaker=chosen.pk)
    assert response.status_code == 200
    assert Statement.objects.get(text=corpus.MISSED).speaker == chosen


def test_a_new_statement_is_linked_to_a_claim_and_marks_its_cue_and_mention(client, data):
    client.force_login(UserFactory(role="annotator"))
    text = data["source"].text
    cue = text.index("added", text.index(corpus.MISSED))
    mention = text.index("the president", text.index(corpus.MISSED))
    response = _create(
        client,
        data,
        corpus.MISSED,
        claim=data["claim"].slug,
        cue_start=cue,
        cue_end=cue + len("added"),
        mention_start=mention,
        mention_end=mention + len("the president"),
    )
    assert response.status_code == 200
    assert "linked to" in response.content.decode()
    statement = Statement.objects.get(text=corpus.MISSED)
    assert (statement.cue, statement.speaker_mention) == ("added", "the president")
    assert (statement.cue_start, statement.mention_end) == (cue, mention + len("the president"))
    link = ClaimLink.objects.get(statement=statement)
    assert (link.claim, link.state) == (data["claim"], ReviewState.PROPOSED)


def test_speaker_suggestions_for_the_new_statement_form_fill_it_and_offer_a_new_speaker(
    client, data
):
    client.force_login(UserFactory(role="annotator"))
    html = client.get(reverse("claims:speaker_options"), {"q": "Lukashenka"}).content.decode()
    speaker = Speaker.objects.get(name="Alexander Lukashenko")
    assert f'data-speaker-pick="{speaker.pk}"' in html
    assert 'data-speaker-new data-name="Lukashenka"' in html
    assert "hx-post" not in html  # choosing fills the form; only saving the form writes


def test_linking_twice_is_refused(client, data):
    client.force_login(UserFactory(role="annotator"))
    response = _post(client, "statement_link", data["quote"], claim=data["claim"].slug)
    assert response.status_code == 422
    assert "already linked" in response.content.decode()
    assert ClaimLink.objects.count() == 1


def test_reader_links_reviewers_and_annotators_to_the_sources_review_queue(client):
    source = SourceFactory()
    link = f'href="{reverse("claims:review_queue")}?source={source.pk}"'
    for role, shown in (("analyst", False), ("annotator", True), ("reviewer", True)):
        client.force_login(UserFactory(role=role))
        assert (link in client.get(source.get_absolute_url()).content.decode()) is shown, role


def test_a_statement_in_fragments_highlights_its_pieces_and_not_the_attribution_between(client):
    text = "“The first part,” she said. “And the second.”"
    source = SourceFactory(text=text)
    first, second = (
        (text.index("The first"), text.index(",”")),
        (
            text.index("And"),
            len(text) - 1,
        ),
    )
    statement = StatementFactory(
        source=source, start=first[0], end=second[1], fragments=[list(first), list(second)]
    )
    html = client.get(source.get_absolute_url()).content.decode()
    article = re.search(r'<article id="reader-text".*?</article>', html, re.S).group(0)
    highlighted = re.findall(rf'data-statement="{statement.pk}"[^>]*>([^<]*)</span>', article)
    assert [unescape(piece) for piece in highlighted] == ["The first part", "And the second."]
    assert article.count(f'id="s-{statement.pk}"') == 1  # one statement, one anchor
    assert "The first part … And the second." in unescape(html)  # the panel list reads it whole


def test_a_decision_in_the_panel_swaps_the_counts_and_the_list_out_of_band(client, data):
    client.force_login(UserFactory(role="reviewer"))
    page = client.get(data["source"].get_absolute_url()).content.decode()
    assert "2 statements: 2 suggested</span>" in page
    response = _post(
        client, "review_transition", data["quote"], to_state="accepted", base_version=1
    )
    content = response.content.decode()
    assert response.status_code == 200
    counts = re.search(r'<span id="reader-counts"[^>]*>(.*?)</span>', content)
    assert 'hx-swap-oob="true"' in counts.group(0)
    assert counts.group(1) == "2 statements: 1 suggested, 1 accepted"
    index = re.search(r'<nav id="statement-index".*?</nav>', content, re.S).group(0)
    assert 'hx-swap-oob="true"' in index
    assert index.count("badge state-accepted") == 1
