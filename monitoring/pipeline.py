"""The one place monitoring calls the ingest pipeline (fetch, clean, section, extract,
match). If that pipeline moves to another module, this import is the one to change."""

from pipeline.ingest import Status, ingest_url, limit  # noqa: F401  (re-exported)


def ingest_article(url: str, *, outlet: str = ""):
    """The ingest results of one article URL (see pipeline.ingest.ingest_url)."""
    return ingest_url(url, outlet=outlet)


def allowed_networks() -> list[str]:
    """What the operator allows inside the network (CLAIMTRAIL_FETCH_ALLOW)."""
    return limit("INGEST_FETCH_ALLOWED_NETWORKS")
