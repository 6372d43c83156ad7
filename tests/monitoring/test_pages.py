"""The inbox and watches pages, and the monitoring endpoints: what they show, in a fixed
number of queries however much they list."""

import pytest

from claims.models import Claim
from monitoring.models import Feed, Notification, Watch
from tests.factories import SpeakerFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client):
    user = UserFactory(username="ada", role="analyst")
    client.force_login(user)
    return user


def grow(user, n):
    claim = Claim.objects.create(text=f"Claim {Claim.objects.count()}")
    watch = Watch.objects.create(user=user, kind="claim", claim=claim)
    speaker = Watch.objects.create(user=user, kind="speaker", speaker=SpeakerFactory())
    for _ in range(n):
        statement = StatementFactory()
        Notification.objects.create(watch=watch, statement=statement)
        Notification.objects.create(watch=speaker, statement=statement)
        Feed.objects.create(url=f"https://wire.example/{statement.pk}.xml")


PAGES = [
    ("inbox", "/inbox/", 4),
    ("unread badge", "/inbox/unread/", 4),
    ("watches", "/watches/", 4),
    ("API feeds", "/api/feeds/", 4),
    ("API watches", "/api/watches/", 4),
    ("API notifications", "/api/notifications/", 4),
]


@pytest.mark.parametrize(("name", "path", "queries"), PAGES, ids=[p[0] for p in PAGES])
def test_queries_do_not_grow(client, ada, django_assert_num_queries, name, path, queries):
    grow(ada, 1)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
    grow(ada, 5)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_the_inbox_shows_unread_entries_and_marks_them_read(client, ada):
    claim = Claim.objects.create(text="Rain")
    watch = Watch.objects.create(user=ada, kind="claim", claim=claim)
    Notification.objects.create(watch=watch, statement=StatementFactory())
    other = Watch.objects.create(user=UserFactory(role="analyst"), kind="claim", claim=claim)
    Notification.objects.create(watch=other, statement=StatementFactory())
    page = client.get("/inbox/").content.decode()
    assert "1 unread" in page
    assert "two metres before Friday" in page
    assert client.get("/inbox/unread/").content.decode().strip().endswith(">1</span>")
    assert client.post("/inbox/read/").status_code == 302
    assert "0 unread" in client.get("/inbox/").content.decode()
    assert Notification.objects.filter(watch=other, read_at__isnull=True).count() == 1


def test_watching_from_the_claim_page_and_stopping(client, ada):
    claim = Claim.objects.create(text="Rain")
    assert "Watch this claim" in client.get(claim.get_absolute_url()).content.decode()
    response = client.post("/watches/", {"kind": "claim", "claim": claim.slug, "email": "on"})
    assert response.status_code == 302
    watch = Watch.objects.get(user=ada)
    assert (watch.kind, watch.claim, watch.email) == ("claim", claim, True)
    client.post(f"/watches/{watch.pk}/delete/")
    assert not Watch.objects.exists()


def test_a_watch_without_its_target_is_refused_by_name(client, ada):
    response = client.post("/watches/", {"kind": "search", "query": ""})
    assert response.status_code == 422
    assert "A search watch needs its query." in response.content.decode()
    assert not Watch.objects.exists()


def test_the_api_adds_a_feed_and_a_watch(client, ada):
    reader = client.post("/api/feeds/", {"url": "https://wire.example/rss"}, "application/json")
    assert reader.status_code == 403  # analysts read sources, they don't add them
    annotator = UserFactory(role="annotator")
    client.force_login(annotator)
    created = client.post(
        "/api/feeds/", {"url": "https://wire.example/rss", "every_minutes": 15},
        "application/json",
    )  # fmt: skip
    assert created.status_code == 201
    assert Feed.objects.get().every_minutes == 15
    watch = client.post("/api/watches/", {"kind": "speaker"}, "application/json")
    assert watch.status_code == 400
    assert watch.json()["error"]["fields"] == {"speaker": ["A speaker watch needs its speaker."]}
    speaker = SpeakerFactory()
    watch = client.post(
        "/api/watches/", {"kind": "speaker", "speaker": speaker.slug}, "application/json"
    )
    assert watch.status_code == 201
    assert watch.json()["atom_url"].startswith("http://testserver/watches/atom/")


def test_a_webhook_inside_the_network_is_refused_when_the_watch_is_made(client, ada):
    claim = Claim.objects.create(text="Rain")
    hook = "http://169.254.169.254/latest/meta-data"
    page = client.post("/watches/", {"kind": "claim", "claim": claim.slug, "webhook_url": hook})
    assert page.status_code == 422
    assert "refusing to fetch inside the network" in page.content.decode()
    api = client.post(
        "/api/watches/", {"kind": "claim", "claim": claim.slug, "webhook_url": hook},
        "application/json",
    )  # fmt: skip
    assert api.status_code == 400
    [message] = api.json()["error"]["fields"]["webhook_url"]
    assert message.startswith("169.254.169.254 resolves to 169.254.169.254, a loopback")
    assert not Watch.objects.exists()
