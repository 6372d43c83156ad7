"""Search snippets of hostile text: the words as stored, escaped, with only <mark> added."""

import pytest

from claims import search
from sources.models import Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

QUOTED = (
    "The post read: <marquee onstart=__xss(20)>Hello</marquee> and then "
    "</textarea><script>__xss(6)</script>, the moderator said."
)


def test_a_snippet_keeps_markup_in_the_text_as_its_characters():
    # PostgreSQL's ts_headline drops what looks like an HTML tag unless told otherwise.
    SourceFactory(text=QUOTED, title="A moderated post")
    [source] = search.matching(Source.objects.all(), "moderator")
    snippet = source.search_snippet
    unmarked = snippet.replace(search.MARK_OPEN, "").replace(search.MARK_CLOSE, "")
    assert unmarked in QUOTED  # a passage of the text, as stored
    assert "Hello</marquee> and then </textarea><script>__xss(6)</script>, the" in unmarked
    assert (
        "Hello&lt;/marquee&gt; and then &lt;/textarea&gt;&lt;script&gt;__xss(6)&lt;/script&gt;, "
        "the <mark>moderator</mark> said"
    ) in search.snippet_html(snippet)
