"""Suggested claim links in the database, discovery, sample claims and the claims command."""

from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from claims import linking
from claims.linking import (
    DatabaseEmbeddingStore,
    create_claim_from_cluster,
    load_sample_claims,
    rank_unlinked_statements,
    suggest_links_for_claims,
    suggest_links_for_statements,
)
from claims.matching.semantic import EmbeddingCache
from claims.models import Claim, ClaimLink, ReviewState, Statement, TextEmbedding
from claims.provenance import for_claim
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Lukashenko sees foreign hand in Kazakhstan unrest\n\n"
    "The protests in Kazakhstan were organized by external forces, Belarusian President "
    "Alexander Lukashenko said on Friday, BelTA reports. "
    "Lukashenko also said that the organizers of the riots wanted to weaken Russia. "
    "He said that the peacekeepers would leave the country by January 19. "
    "The Ministry of Health denied reports of 164 dead.\n"
)


def statement(source, words, **fields):
    start = source.text.index(words)
    return Statement.objects.create(
        source=source,
        start=start,
        end=start + len(words),
        text=words,
        kind=Statement.Kind.INDIRECT,
        **fields,
    )


@pytest.fixture
def article():
    belta = OutletFactory(name="BelTA", domain="belta.by")
    rbc = OutletFactory(name="RBC", domain="rbc.ru")
    source = SourceFactory(text=ARTICLE, outlet=rbc, published_at=datetime(2022, 1, 15, tzinfo=UTC))
    lukashenko = SpeakerFactory(name="Alexander Lukashenko")
    return {
        "source": source,
        "belta": belta,
        "external": statement(
            source,
            "The protests in Kazakhstan were organized by external forces",
            speaker=lukashenko,
            cue="said",
            cited="BelTA reports",
            cited_outlet=belta,
        ),
        "weaken": statement(
            source,
            "the organizers of the riots wanted to weaken Russia",
            speaker=lukashenko,
            cue="said",
        ),
        "leave": statement(
            source,
            "the peacekeepers would leave the country by January 19",
            speaker=lukashenko,
            cue="said",
        ),
        "dead": statement(source, "reports of 164 dead", cue="denied"),
    }


@pytest.fixture
def claims():
    return {
        "foreign": ClaimFactory(text="The unrest in Kazakhstan was instigated from abroad"),
        "weaken": ClaimFactory(text="The organisers of the unrest aimed to weaken Russia"),
        "dead": ClaimFactory(text="164 people were killed in the unrest in Kazakhstan"),
    }


def best_claim(statement):
    return ClaimLink.objects.filter(statement=statement).order_by("-score").first().claim


def suggested_claims(statement):
    return {link.claim for link in ClaimLink.objects.filter(statement=statement)}


def test_new_statements_get_suggested_links_with_score_and_stance(article, claims):
    stored = suggest_links_for_statements(list(Statement.objects.all()))

    assert stored > 0
    # Lexically, "organized" also meets the weakening claim's "organisers": both are offered.
    assert claims["foreign"] in suggested_claims(article["external"])
    assert best_claim(article["weaken"]) == claims["weaken"]
    link = ClaimLink.objects.get(statement=article["dead"], claim=claims["dead"])
    assert link.state == ReviewState.SUGGESTED
    assert link.stance == ClaimLink.Stance.DENIES
    assert 0 < link.score <= 1


def test_the_foreign_claim_ranks_its_statement_above_the_others(article, claims):
    suggest_links_for_claims()

    ranked = [link.statement for link in claims["foreign"].links.order_by("-score")]
    assert ranked[0] == article["external"]


def test_reviewed_links_are_never_touched(article, claims):
    reviewer = UserFactory()
    accepted = ClaimLinkFactory(
        statement=article["external"],
        claim=claims["foreign"],
        state=ReviewState.ACCEPTED,
        stance=ClaimLink.Stance.REPORTS,
        score=None,
        created_by=reviewer,
    )
    rejected = ClaimLinkFactory(
        statement=article["weaken"], claim=claims["weaken"], state=ReviewState.REJECTED, score=0.5
    )

    suggest_links_for_claims()

    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert (accepted.state, accepted.stance, accepted.score) == (
        ReviewState.ACCEPTED,
        ClaimLink.Stance.REPORTS,
        None,
    )
    assert (rejected.state, rejected.score) == (ReviewState.REJECTED, 0.5)


def test_suggesting_again_rescores_without_duplicating(article, claims):
    suggest_links_for_claims()
    link = ClaimLink.objects.get(statement=article["external"], claim=claims["foreign"])
    ClaimLink.objects.filter(pk=link.pk).update(score=0.0001)
    count = ClaimLink.objects.count()

    suggest_links_for_claims()

    link.refresh_from_db()
    assert ClaimLink.objects.count() == count
    assert link.score > 0.0001


def test_rejected_claims_and_statements_get_no_suggestions(article, claims):
    Claim.objects.filter(pk=claims["foreign"].pk).update(state=ReviewState.REJECTED)
    Statement.objects.filter(pk=article["weaken"].pk).update(state=ReviewState.REJECTED)

    suggest_links_for_claims()

    assert not ClaimLink.objects.filter(claim=claims["foreign"]).exists()
    assert not ClaimLink.objects.filter(statement=article["weaken"]).exists()


def test_unlinked_statements_are_ranked_for_a_claim(article, claims):
    ClaimLinkFactory(statement=article["weaken"], claim=claims["weaken"])

    ranked = rank_unlinked_statements(claims["weaken"])

    statements = [s for s, _ in ranked]
    assert article["weaken"] not in statements
    assert statements[0] == article["external"]  # "organized" meets "organisers"
    assert all(0 < score <= 1 for _, score in ranked)


def test_no_claims_no_work(article):
    assert suggest_links_for_statements(list(Statement.objects.all())) == 0


def test_a_cluster_becomes_a_claim_in_one_step(article):
    annotator = UserFactory()
    ids = [article["external"].pk, article["dead"].pk]

    claim = create_claim_from_cluster(
        ids, "Foreign forces organised the unrest", user=annotator, tags=["Kazakhstan"]
    )

    assert claim.state == ReviewState.PROPOSED
    assert claim.created_by == annotator
    assert [t.name for t in claim.tags.all()] == ["Kazakhstan"]
    links = {link.statement_id: link for link in claim.links.all()}
    assert set(links) == set(ids)
    assert links[article["dead"].pk].stance == ClaimLink.Stance.DENIES
    assert all(link.state == ReviewState.PROPOSED for link in links.values())


def test_clustering_skips_statements_already_linked(article):
    source = article["source"]
    twin = SourceFactory(
        text=ARTICLE.replace("Lukashenko sees", "Minsk sees"), outlet=source.outlet
    )
    again = statement(twin, "The protests in Kazakhstan were organized by external forces")

    clusters = linking.cluster_unlinked_statements()
    assert [sorted(c.statement_ids) for c in clusters if again.pk in c.statement_ids] == [
        sorted([article["external"].pk, again.pk])
    ]

    ClaimLinkFactory(statement=again)
    clusters = linking.cluster_unlinked_statements()
    assert all(again.pk not in c.statement_ids for c in clusters)


def test_embeddings_are_stored_once_per_text():
    class CountingEmbedder:
        name, dimensions, calls = "test-embedder", 3, 0

        def encode(self, texts):
            import numpy as np

            CountingEmbedder.calls += len(texts)
            return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)

    pytest.importorskip("numpy")
    store = DatabaseEmbeddingStore()
    EmbeddingCache(CountingEmbedder(), store).embed(["one", "three", "one"])
    store.flush()

    vectors = EmbeddingCache(CountingEmbedder(), DatabaseEmbeddingStore()).embed(["three"])

    assert CountingEmbedder.calls == 2
    assert TextEmbedding.objects.filter(model="test-embedder").count() == 2
    assert vectors.tolist() == [[5.0, 1.0, 0.0]]


def test_sample_claims_load_once():
    first = load_sample_claims(suggest=False)
    again = load_sample_claims(suggest=False)

    assert [c.slug for c in first] == [c.slug for c in again]
    assert Claim.objects.count() == 5
    assert Claim.objects.get(slug="foreign-interference").tags.filter(name="Kazakhstan").exists()


def test_provenance_of_a_claim_shows_the_relay_and_the_dates(article, claims):
    suggest_links_for_claims()
    ClaimLinkFactory(statement=article["weaken"], claim=claims["foreign"], score=0.01)

    provenance = for_claim(claims["foreign"])

    external = next(e for e in provenance.timeline if e.statement.id == article["external"].pk)
    # "on Friday" in an article published on Saturday 15 January 2022.
    assert external.date == date(2022, 1, 14)
    assert ["RBC", "BelTA", "Alexander Lukashenko"] in provenance.graph.chains()
    weaken = next(e for e in provenance.timeline if e.statement.id == article["weaken"].pk)
    # The article cites BelTA for Lukashenko once: his other words are relayed from it too.
    assert weaken.statement.cited_outlet == "BelTA"
    assert weaken.statement.cited_inferred


def test_the_claims_command_suggests_and_clusters(article, claims, capsys):
    call_command("claims", "suggest")
    call_command("claims", "cluster", "--create")

    out = capsys.readouterr().out
    assert "suggested links created or re-scored" in out
    assert ClaimLink.objects.filter(state=ReviewState.SUGGESTED).exists()


def test_the_claims_command_refuses_an_unknown_claim(article):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown claim"):
        call_command("claims", "suggest", "--claim", "no-such-claim")


def test_a_reviewed_link_outranks_earlier_machine_suggestions_as_the_earliest(article, claims):
    suggest_links_for_claims()
    ClaimLinkFactory(statement=article["weaken"], claim=claims["foreign"], score=0.01)
    before = for_claim(claims["foreign"])
    dated = [e for e in before.timeline if e.date]
    last = dated[-1]
    assert before.earliest.statement.id != last.statement.id

    claims["foreign"].links.filter(statement_id=last.statement.id).update(
        state=ReviewState.ACCEPTED
    )
    after = for_claim(claims["foreign"])

    assert after.earliest.statement.id == last.statement.id
    assert any("dated earlier than the earliest reviewed" in f for f in after.flags)
