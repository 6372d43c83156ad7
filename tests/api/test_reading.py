"""Reading the API: who may, what comes back, filters, pagination, errors, query counts."""

import base64
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest

from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/outlets/",
    "/api/sources/",
    "/api/speakers/",
    "/api/statements/",
    "/api/claims/",
    "/api/claim-links/",
]


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_clients_are_asked_to_authenticate(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "error": {
            "status": 401,
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
        }
    }


@pytest.mark.parametrize("url", LISTS)
def test_an_account_without_a_role_reads_nothing(nobody, url):
    assert nobody.get(url).status_code == 403


@pytest.mark.parametrize("url", LISTS)
def test_analysts_read_every_collection(analyst, url):
    response = analyst.get(url)
    assert response.status_code == 200
    assert set(response.json()) == {"next", "previous", "results"}


def test_a_wrong_token_is_refused(anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = anonymous.get("/api/statements/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_statement_carries_its_speaker_source_and_claims(analyst):
    link = ClaimLinkFactory(stance="asserts")
    statement = link.statement
    body = analyst.get(f"/api/statements/{statement.pk}/").json()
    assert body["text"] == statement.source.text[body["start"] : body["end"]]
    assert body["speaker"] == {
        "id": statement.speaker.pk,
        "name": statement.speaker.name,
        "slug": statement.speaker.slug,
    }
    assert body["source"]["title"] == statement.source.title
    assert body["source"]["outlet"]["name"] == statement.source.outlet.name
    assert body["claim_links"] == [
        {
            "id": link.pk,
            "claim": link.claim.pk,
            "stance": "asserts",
            "state": "suggested",
            "score": None,
        }
    ]


def test_unknown_statement_is_a_404_in_the_error_shape(analyst):
    response = analyst.get("/api/statements/999999/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Not found."}
    }


def test_source_detail_has_text_and_sections_the_list_does_not(analyst):
    source = SourceFactory()
    detail = analyst.get(f"/api/sources/{source.pk}/").json()
    listed = analyst.get("/api/sources/").json()["results"][0]
    assert detail["text"] == source.text
    assert "text" not in listed


def test_statements_filter_by_speaker_outlet_kind_and_claim(analyst):
    novak = SpeakerFactory(name="Jana Novak")
    herald = OutletFactory(name="Herald")
    mine = StatementFactory(speaker=novak, source=SourceFactory(outlet=herald))
    other = StatementFactory(kind="indirect")
    claim = ClaimFactory()
    ClaimLinkFactory(statement=other, claim=claim)

    def ids(query):
        response = analyst.get(f"/api/statements/?{query}")
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["results"]]

    assert ids(f"speaker={novak.slug}") == [mine.pk]
    assert ids(f"outlet={herald.slug}") == [mine.pk]
    assert ids("kind=indirect") == [other.pk]
    assert ids(f"claim={claim.slug}") == [other.pk]
    assert ids("q=two+metres") == [other.pk, mine.pk]
    assert ids("state=accepted") == []


def test_statements_filter_by_publication_dates(analyst):
    january = StatementFactory(source=SourceFactory(published_at=datetime(2022, 1, 5, tzinfo=UTC)))
    StatementFactory(source=SourceFactory(published_at=datetime(2022, 2, 1, tzinfo=UTC)))
    response = analyst.get(
        "/api/statements/?published_after=2022-01-01T00:00:00Z&published_before=2022-01-31T00:00:00Z"
    )
    assert [item["id"] for item in response.json()["results"]] == [january.pk]


def test_a_malformed_filter_is_a_400_naming_the_field(analyst):
    response = analyst.get("/api/statements/?published_after=yesterday")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "published_after" in error["fields"]


@pytest.mark.parametrize("url", LISTS)
def test_parameters_that_are_not_filters_filter_nothing(analyst, url):
    for _ in range(3):
        ClaimLinkFactory()
    everything = [item["id"] for item in analyst.get(url).json()["results"]]
    response = analyst.get(f"{url}?ordering=-id&page_size=100&colour=blue")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == everything
    assert len(everything) >= 3


def test_claims_filter_by_speaker_and_tag(analyst):
    link = ClaimLinkFactory()
    ClaimFactory()
    response = analyst.get(f"/api/claims/?speaker={link.statement.speaker.slug}")
    assert [c["slug"] for c in response.json()["results"]] == [link.claim.slug]


def test_speakers_are_found_by_alias(analyst):
    speaker = SpeakerFactory(name="Alexander Lukashenko")
    speaker.add_alias("Lukashenka")
    SpeakerFactory(name="Someone Else")
    response = analyst.get("/api/speakers/?q=lukashenka")
    assert [s["name"] for s in response.json()["results"]] == ["Alexander Lukashenko"]
    assert response.json()["results"][0]["aliases"] == ["Lukashenka"]


def test_cursor_pages_miss_and_repeat_nothing_while_data_changes(analyst):
    first_batch = StatementFactory.create_batch(7)
    seen, url = [], "/api/statements/?page_size=3"
    while url:
        body = analyst.get(url).json()
        seen += [item["id"] for item in body["results"]]
        if len(seen) == 3:
            StatementFactory()  # a newer statement arrives between pages
        url = body["next"]
    assert seen == sorted((s.pk for s in first_batch), reverse=True)


def test_page_size_is_capped(analyst):
    StatementFactory.create_batch(3)
    response = analyst.get("/api/statements/?page_size=100000")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/statements/", 2),
        ("/api/sources/", 2),
        ("/api/claims/", 3),
        ("/api/speakers/", 3),
        ("/api/outlets/", 2),
        ("/api/claim-links/", 2),
    ],
)
def test_list_queries_do_not_grow_with_the_data(analyst, django_assert_num_queries, url, queries):
    for _ in range(6):
        link = ClaimLinkFactory()
        link.claim.tags.create(name=f"tag-{link.pk}")
        link.statement.speaker.add_alias(f"alias {link.pk}")
    # the token with its user and the user's permissions (their own and their role's: one
    # query, config.auth), then the page itself
    with django_assert_num_queries(queries):
        response = analyst.get(url)
    assert len(response.json()["results"]) == 6


@pytest.mark.parametrize("position", ["p=abc", "p=a\x00b"])
@pytest.mark.parametrize("ordering", ["", "-score", "created_at"])
def test_a_forged_cursor_points_nowhere_instead_of_failing(analyst, position, ordering):
    ClaimLinkFactory()
    cursor = base64.b64encode(position.encode()).decode()
    response = analyst.get(
        "/api/claim-links/?" + urlencode({"cursor": cursor, "ordering": ordering})
    )
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Invalid cursor"


def test_statement_carries_the_fragments_of_an_interrupted_quote_and_the_schema_says_so(
    analyst,
):
    source = SourceFactory(text="“The first part,” she said. “And the second.” Then nothing.")
    statement = StatementFactory(source=source, start=1, end=44, fragments=[[1, 15], [29, 44]])
    one_piece = StatementFactory(source=source, start=1, end=15)
    body = analyst.get(f"/api/statements/{statement.pk}/").json()
    assert body["fragments"] == [[1, 15], [29, 44]]
    assert [source.text[a:b] for a, b in body["fragments"]] == ["The first part", "And the second."]
    assert analyst.get(f"/api/statements/{one_piece.pk}/").json()["fragments"] is None

    schema = analyst.get("/api/schema/?format=json").json()
    field = schema["components"]["schemas"]["Statement"]["properties"]["fragments"]
    assert field["readOnly"] is True
    assert field["nullable"] is True
    assert field["items"]["items"]["type"] == "integer"


def test_statements_read_as_values_are_what_the_serializer_gives(analyst):
    """The statement list and detail build their JSON from rows read as values, for speed;
    it must be StatementSerializer's, field for field, with every optional field set or not."""
    from datetime import date

    from rest_framework.renderers import JSONRenderer

    from claims.api import StatementViewSet
    from claims.models import ClaimLink, Statement
    from claims.serializers import StatementSerializer
    from tests.factories import UserFactory

    bare = StatementFactory(
        speaker=None, source=SourceFactory(outlet=None, published_at=None), confidence=None
    )
    full = StatementFactory(
        source=SourceFactory(published_at=datetime(2022, 1, 7, 9, 30, 15, 123456, tzinfo=UTC)),
        said_on=date(2022, 1, 6), confidence=0.875, cue_start=3, cue_end=7, mention_start=8,
        mention_end=20, cited="BelTA reports", cited_outlet=OutletFactory(),
        created_by=UserFactory(username="anna"),
    )  # fmt: skip
    ClaimLinkFactory(statement=full, score=0.5)
    ClaimLinkFactory(statement=full, score=None, stance=ClaimLink.Stance.DENIES)

    instances = StatementViewSet(action="partial_update").get_queryset()  # model instances
    expected = StatementSerializer(instances.order_by("-id"), many=True).data
    listed = analyst.get("/api/statements/").json()["results"]
    render = JSONRenderer().render
    assert render(listed) == render(expected)
    for statement in (bare, full):
        detail = analyst.get(f"/api/statements/{statement.pk}/").json()
        assert detail == next(e for e in listed if e["id"] == statement.pk)
    assert Statement.objects.count() == 2


def test_sources_read_as_values_are_what_the_serializer_gives(analyst):
    """The source list builds its JSON from rows read as values; it must be SourceSerializer's."""
    from rest_framework.renderers import JSONRenderer

    from sources.api import SourceSerializer, SourceViewSet

    old = SourceFactory(outlet=None, published_at=None, url="")
    SourceFactory(
        supersedes=old, url="https://example.org/a",
        published_at=datetime(2022, 1, 7, 9, 30, 15, 123456, tzinfo=UTC),
    )  # fmt: skip
    StatementFactory.create_batch(2, source=old)

    instances = SourceViewSet(action="retrieve").get_queryset().order_by("-id")
    expected = SourceSerializer(instances, many=True).data
    listed = analyst.get("/api/sources/").json()["results"]
    assert JSONRenderer().render(listed) == JSONRenderer().render(expected)
    assert [s["superseded_by"] for s in listed] == [None, listed[0]["id"]]
    assert [s["statement_count"] for s in listed] == [0, 2]


def test_claims_read_as_values_are_what_the_serializer_gives(analyst):
    """The claim list builds its JSON from rows read as values; it must be ClaimSerializer's,
    tags in name order, with and without a creator, a description, tags or statements."""
    from rest_framework.renderers import JSONRenderer

    from claims.api import ClaimViewSet
    from claims.serializers import ClaimSerializer
    from tests.factories import UserFactory

    ClaimFactory(description="", created_by=None)
    tagged = ClaimFactory(description="Context.", created_by=UserFactory(username="anna"))
    for name in ["zebra", "apple", "mango"]:
        tagged.tags.create(name=name)
    ClaimLinkFactory.create_batch(2, claim=tagged)

    instances = ClaimViewSet(action="retrieve").get_queryset().order_by("-id")
    expected = ClaimSerializer(instances, many=True).data
    listed = analyst.get("/api/claims/").json()["results"]
    assert JSONRenderer().render(listed) == JSONRenderer().render(expected)
    assert listed[0]["tags"] == ["apple", "mango", "zebra"]
