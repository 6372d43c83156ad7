"""Every list and detail page renders in a fixed number of queries, however much it shows.

Counted for a logged-in reviewer (session, user and permissions included); each page is
loaded twice, the second time with more statements and links than the first.
"""

import pytest
from django.db import connection

from tests.browser import corpus
from tests.factories import ClaimLinkFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db

FILTERS = (
    "?speaker=alexander-lukashenko&outlet=belta&tag=foreign-interference&state=proposed"
    "&since=2022-01-01&until=2022-02-01&sort=statements"
)
PAGES = [
    ("home", lambda d: "/", 9),
    ("claims list", lambda d: "/claims/", 9),
    ("claims list, searched", lambda d: "/claims/?q=foreign+interference", 12),
    ("claims list, filtered", lambda d: "/claims/" + FILTERS, 12),
    # 2: its assessment, the scale; 2: its stored provenance read, and stored when computed
    # (tests/claims/test_provenance_page.py counts the page read from what is stored)
    ("claim", lambda d: d["claim"].get_absolute_url(), 14),
    ("search", lambda d: "/search/?q=foreign+interference", 22),  # by words and by meaning
    ("sources list", lambda d: "/sources/", 7),
    (
        "sources list, filtered",
        lambda d: (
            "/sources/?q=Kazakhstan&outlet=belta&since=2022-01-01&until=2022-02-01"
            "&language=en&kind=article"
        ),
        8,
    ),
    ("speakers list", lambda d: "/speakers/", 5),
    ("speakers list, searched", lambda d: "/speakers/?q=lukashenka&sort=name", 5),
    ("outlets list", lambda d: "/outlets/", 5),
    ("statements list", lambda d: "/statements/", 5),
    (
        "statements list, searched",
        lambda d: "/statements/?q=foreign&kind=direct&state=suggested",
        5,
    ),
    ("outlets list, searched", lambda d: "/outlets/?q=belta", 5),
    ("source reader", lambda d: d["source"].get_absolute_url(), 6),
    (
        "reader with a panel open",
        lambda d: f"{d['source'].get_absolute_url()}?statement={d['quote'].pk}",
        8,
    ),
    ("panel", lambda d: f"/statements/{d['quote'].pk}/panel/", 6),
    ("speaker", lambda d: d["quote"].speaker.get_absolute_url(), 9),
    ("outlet", lambda d: d["source"].outlet.get_absolute_url(), 8),
    ("statement", lambda d: d["quote"].get_absolute_url(), 5),
    ("speaker options", lambda d: f"/speakers/options/?q=Lukash&statement={d['quote'].pk}", 7),
    ("claim options", lambda d: f"/claims/options/?q=abroad&statement={d['quote'].pk}", 8),
]


@pytest.mark.parametrize(("name", "path", "queries"), PAGES, ids=[p[0] for p in PAGES])
def test_page_queries_do_not_grow(client, django_assert_num_queries, name, path, queries):
    data = corpus.build()
    client.force_login(UserFactory(role="reviewer"))
    if name == "home" and connection.vendor == "postgresql":
        queries += 1  # the big tables' sizes, from the statistics (config/counting.py)
    with django_assert_num_queries(queries):
        assert client.get(path(data)).status_code == 200
    source = data["source"]
    for _ in range(4):
        ClaimLinkFactory(  # citing an outlet by name, which the claim page looks up
            claim=data["claim"],
            statement__speaker=data["quote"].speaker,
            statement__cited="Interfax Wire reports",
        )
        StatementFactory(
            source=source, start=0, end=5, text=source.text[:5], speaker=data["quote"].speaker
        )
    with django_assert_num_queries(queries):
        assert client.get(path(data)).status_code == 200
