import pytest

from claims.models import Statement
from sources.models import Source

ARTICLE = (
    "Minister warns of floods {n}\n\n"
    "\u201cThe river will rise by {n} metres before Friday,\u201d Environment Minister "
    "Jana Novak said on Tuesday. According to the weather service, more rain is expected.\n"
)


def write_articles(folder, count, start=0):
    """``count`` small articles, each with a quote the extractor finds."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"article-{n:04}.txt"
        path.write_text(ARTICLE.format(n=n), encoding="utf-8")
        paths.append(path)
    return paths


def snapshot():
    """What a user could see change: every source and statement, with their versions."""
    sources = list(Source.objects.order_by("pk").values_list("pk", "content_hash"))
    statements = list(
        Statement.objects.order_by("pk").values_list("pk", "source_id", "start", "end", "version")
    )
    return sources, statements


@pytest.fixture
def no_backoff(settings):
    settings.JOBS_RETRY_BACKOFF = 0
    return settings
