"""Full-text search over claims, statements, speakers and sources: one interface, two engines.

- ``search(query, kinds=...)`` finds each kind at once for the search page and header box;
- ``matching(queryset, query)`` narrows one queryset (the claims list's search box).

Both annotate ``search_rank`` (higher is better) and ``search_snippet`` (the best passage, with
the matched words between ``MARK_OPEN`` and ``MARK_CLOSE``; ``snippet_html`` escapes it and turns
the sentinels into ``<mark>``, so nothing the database returns is trusted as HTML).

On PostgreSQL: each searched table stores ``to_tsvector(config, ...)`` of its indexed fields
in a generated column, ``search_document``, with a GIN index on it (migration 0019 holds its
SQL; the models do not declare it, and ``Document`` names it in queries), so that a match
reads a stored value and never parses a text again, whatever plan the planner picks. It is
queried with ``websearch_to_tsquery`` in English, Russian and ``simple`` at once, ranked with
``ts_rank`` and cut with ``ts_headline`` (which parses the text of the rows shown only). The
config is per row (``search_config``): a source's by its language (``russian`` for ru,
``english`` for en, ``simple`` otherwise), a statement's by its script (Cyrillic:
``russian``, which stems Latin words as English does), English for claims and speakers.
On SQLite: an FTS5 table per kind (unicode61 tokens, so Cyrillic words are words; porter
stemming for English, diacritics folded), kept in sync by triggers (migration 0005), queried
with the user's words translated to FTS5 syntax — a Cyrillic word as its Snowball Russian
stem and a prefix (``вмешательств*`` finds every case of "вмешательство") — ranked with
``bm25`` and cut with ``snippet``. Speakers are also found by any alias containing the query.
"""

import re
from dataclasses import dataclass

import snowballstemmer
from django.conf import settings
from django.contrib.postgres.search import (
    SearchConfig,
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Expression, F, RawSQL
from django.db.models.functions import Replace
from django.db.models.lookups import Exact, Regex
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.matching import ClaimText, LexicalMatcher, StatementText
from claims.matching.query import mark_matches, rank_for_query, synonym_groups
from claims.models import Claim, ClaimLink, ReviewState, Speaker, Statement
from sources.models import Source

CONFIG = "english"
# The text search configurations a query is read in, so that it finds every language's rows.
QUERY_CONFIGS = ("english", "russian", "simple")
SOURCE_CONFIGS = {"en": "english", "ru": "russian"}  # any other language: "simple"
_CYRILLIC = "[А-Яа-яЁё]"
_RUSSIAN_STEMMER = snowballstemmer.stemmer("russian")
# Private-use characters: they never occur in normalized text, and survive both engines.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
# ts_headline drops whatever its parser takes for an HTML tag ("<b>", "</script>"), so a
# snippet of a text quoting markup would not be its words: < and > stand in as these while
# the headline is cut, and are put back after.
HIDE_BRACKETS = (("<", "\ue002"), (">", "\ue003"))
SHOW_BRACKETS = tuple((new, old) for old, new in HIDE_BRACKETS)
# Claims the matcher weighs to read a query's meaning (claims_by_meaning), of each kind.
CLAIM_CANDIDATES = 50
DOCUMENT = "search_document"  # each searched table's stored tsvector column (PostgreSQL)


@dataclass(frozen=True)
class Index:
    model: type
    fields: tuple[str, ...]  # indexed, in FTS5 column order
    snippet_field: str  # the field a snippet is cut from

    @property
    def fts_table(self) -> str:
        return f"{self.model._meta.db_table}_fts"

    @property
    def gin_name(self) -> str:
        return f"{self.model._meta.model_name}_search_idx"


INDEXES = {
    "claim": Index(Claim, ("text", "description"), "text"),
    "statement": Index(Statement, ("text",), "text"),
    "speaker": Index(Speaker, ("name", "role", "description"), "name"),
    "source": Index(Source, ("title", "text"), "text"),
}
KINDS = tuple(INDEXES)


def search_config(model):
    """The text search configuration of each row of ``model`` (see the module docstring): the
    one its stored document was made in (migration 0019), which ``ts_headline`` cuts in."""
    name = model._meta.model_name
    if name == "source":
        # Lookups rather than keyword conditions: they relabel inside subqueries.
        choices = [
            When(Exact(F("language"), code), then=_regconfig(config))
            for code, config in SOURCE_CONFIGS.items()
        ]
        return Case(*choices, default=_regconfig("simple"), output_field=TextField())
    if name == "statement":
        cyrillic = When(Regex(F("text"), _CYRILLIC), then=_regconfig("russian"))
        return Case(cyrillic, default=_regconfig(CONFIG), output_field=TextField())
    return CONFIG


def _regconfig(name: str) -> SearchConfig:
    return SearchConfig(Value(name))


class Document(Expression):
    """The row's stored ``search_document`` (PostgreSQL): ``to_tsvector`` of the indexed
    fields in the row's ``search_config``, a generated column with the GIN index on it
    (migration 0019 holds its SQL).

    The models do not declare the column, so that Django never loads a source's document with
    the source nor writes it on save; this expression names it in the query's table, and
    follows that table when the query becomes a subquery (relabeled, as a column is).
    """

    contains_column_references = True
    output_field = SearchVectorField()

    def __init__(self, alias=None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return Document(self.alias or query.get_initial_alias())

    def relabeled_clone(self, relabels):
        return Document(relabels.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name(self.alias)}.{compiler.quote_name(DOCUMENT)}", ()


# --- the one interface ---------------------------------------------------------------------


def matching(
    queryset: QuerySet,
    query: str,
    *,
    snippet: bool = True,
    candidates: int | None = None,
    statement_ids: list[int] | None = None,
) -> QuerySet:
    """``queryset`` narrowed to rows matching ``query``, best first, with rank and snippet.

    With ``candidates``, only that many matching rows (the first the index or a scan yields,
    in table order, unranked: on PostgreSQL a scan starts at the table's first page,
    ``synchronize_seqscans`` being off, so that a query finds the same rows each time) are
    ranked: the search page's bound, so that a common word costs no more than a rare one. Without it every match is ranked (the claims list and the API, which page through
    them all). Claims are also found by their statements that match: ``statement_ids``, if
    the caller has read them (``candidate_ids`` of statements, ``candidates`` of them).
    """
    index = _index_for(queryset.model)
    query = query.replace("\x00", "")  # PostgreSQL refuses NUL in text; it matches nothing
    if connection.vendor == "postgresql":
        qs = _postgres(queryset, index, query, snippet, candidates)
    else:
        qs = _sqlite(queryset, index, query, snippet, candidates)
    if query.strip() and index.model is Speaker:
        qs = _with_aliases(queryset, qs, query, snippet)
    elif query.strip() and index.model is Claim:
        qs = _with_statements(queryset, qs, query, snippet, candidates, statement_ids)
    return qs


@dataclass
class Results:
    kind: str
    hits: list  # model instances with search_rank and search_snippet
    total: int  # how many match, counted up to the cap
    more: bool = False  # more than ``total`` match: counting stopped at the cap

    @property
    def count_text(self) -> str:
        """ "12" or "more than 1,000"."""
        return f"more than {self.total:,}" if self.more else f"{self.total:,}"


def search(query: str, kinds=KINDS, limit: int = 10, querysets: dict | None = None) -> dict:
    """Each kind's best ``limit`` matches and how many there are, up to
    ``SEARCH_COUNT_CAP`` ("more than 1,000"): {kind: Results}.

    Bounded by design: of each kind, at most ``SEARCH_RANK_CANDIDATES`` matching rows are
    ranked (``matching(candidates=…)``: the first a table yields) and at most
    ``SEARCH_COUNT_CAP`` counted. Statements are found by meaning as well as by words
    (``statements_by_meaning``), ranked by the claim matcher among at most
    ``SEARCH_RANK_CANDIDATES`` of each kind of candidate.
    """
    querysets = querysets or {}
    cap = settings.SEARCH_COUNT_CAP
    ranked = max(limit, min(settings.SEARCH_RANK_CANDIDATES, cap))
    # The statements matching the query's words: claims are found by them, and they are
    # candidates of the statements found by meaning. Read once (one more than are ranked,
    # to tell whether there are more).
    statement_ids = None
    if query.strip() and {"claim", "statement"} & set(kinds):
        statements = Statement.objects.all()
        statement_ids = candidate_ids(
            statements, INDEXES["statement"], query=query, most=ranked + 1
        )
    found = {}
    for kind in kinds:
        index = INDEXES[kind]
        base = querysets.get(kind, index.model._default_manager.all())
        if kind == "statement":
            by_meaning = statements_by_meaning(base, query, limit, ranked, statement_ids)
            if by_meaning is not None:
                found[kind] = by_meaning
                continue
        words = statement_ids[:ranked] if statement_ids is not None else None
        hits = list(matching(base, query, candidates=ranked, statement_ids=words)[:limit])
        if len(hits) < limit:
            total = len(hits)
        elif kind in ("statement", "source"):  # found by their words alone: counted unranked
            total = count_up_to(candidates(base, index, query=query), cap + 1)
        else:
            total = count_up_to(matching(base, query, snippet=False, candidates=cap + 1), cap + 1)
        found[kind] = Results(kind, hits, min(total, cap), more=total > cap)
    return found


# --- by meaning ------------------------------------------------------------------------------


def statements_by_meaning(
    base: QuerySet, query: str, limit: int, cap: int, literal: list[int] | None = None
) -> Results | None:
    """Statements that say what the query says, in its words or others: "foreign
    interference" finds "external interference", "outside interference", and the statements
    of the claim the query names, in any language.

    Candidates, at most ``cap`` of each kind: the statements matching the query's words, those
    matching its words or their synonyms (``synonym_groups``), and the live links of the
    claims the query would be suggested for were it a statement (``claims_by_meaning``).
    They are ranked by the claim matcher as for a claim worded as the query
    (``rank_for_query``); a claim's statement that shares no word with it comes after those
    that do, by the link's score. None when the query uses search syntax (quotes, ``or``,
    ``-word``): its words are then meant as written. ``literal``: the first ``cap + 1``
    statements matching the query's words (``candidate_ids``), if the caller has read them.
    """
    groups = synonym_groups(query.replace("\x00", ""))
    if groups is None:
        return None
    index = INDEXES["statement"]
    everything = Statement.objects.all()
    count_cap = settings.SEARCH_COUNT_CAP
    if literal is None:
        literal = candidate_ids(everything, index, query=query, most=cap + 1)
    # Read as far as they are counted (below), the first of them the candidates: one query.
    synonyms_counted = candidate_ids(everything, index, groups=groups, most=count_cap + 1)
    synonyms = synonyms_counted[: cap + 1]
    words = literal[:cap]
    linked = best_linked(claims_by_meaning(query, cap, statement_ids=words), most=cap + 1)
    cut = any(len(ids) > cap for ids in (literal, synonyms, linked))
    ids = list(dict.fromkeys([*literal[:cap], *synonyms[:cap], *linked[:cap]]))
    cut, ids = cut or len(ids) > cap, ids[:cap]
    texts = base.filter(pk__in=ids).values_list("pk", "text")
    scores = {m.id: m.score for m in rank_for_query(query, [StatementText(*row) for row in texts])}
    link_rank = {pk: n for n, pk in enumerate(linked)}
    found = [pk for pk in ids if pk in scores or pk in link_rank]
    found.sort(key=lambda pk: (-scores.get(pk, 0.0), link_rank.get(pk, len(ids)), pk))
    shown = {statement.pk: statement for statement in base.filter(pk__in=found[:limit])}
    hits = []
    for pk in found[:limit]:
        statement = shown[pk]
        statement.search_rank = scores.get(pk, 0.0)
        statement.search_snippet = mark_matches(statement.text, query, (MARK_OPEN, MARK_CLOSE))
        hits.append(statement)
    if not cut:
        return Results("statement", hits, min(len(found), count_cap), len(found) > count_cap)
    # More were found than ranked: counted, as every kind is, up to SEARCH_COUNT_CAP.
    counted = len(synonyms_counted)
    more = counted > count_cap or len(linked) > cap  # a claim's statements are not all counted
    return Results("statement", hits, min(max(counted, len(found)), count_cap), more=more)


def best_linked(claims, most: int) -> list[int]:
    """The statements of the live links of ``claims``, best first (by the link's score, a
    link without one first, as PostgreSQL orders ``-score``), at most ``most``.

    Each claim's best are read on their own, along the index its links' ordering has
    (claim, -score, id), and merged: ordering the links of several claims at once would
    sort every link of each, 55,000 for the largest claim at a million statements."""
    rows = []
    for claim in claims:
        best = ClaimLink.objects.live().filter(claim=claim)
        best = best.order_by(F("score").desc(nulls_first=True), "pk")
        rows += best.values_list("score", "pk", "statement_id")[:most]
    rows.sort(key=lambda row: (row[0] is not None, -(row[0] or 0.0), row[1]))
    return [statement_id for _, _, statement_id in rows[:most]]


def claims_by_meaning(query: str, cap: int, statement_ids: list[int] | None = None) -> list[Claim]:
    """The claims the query would be suggested for if it were a statement (the matcher's
    ``suggest_claims`` with the suggestion settings), among the claims found by its words,
    tags and statements (``statement_ids``: those matching its words, if the caller has
    read them), or by their synonyms (at most ``CLAIM_CANDIDATES`` of each)."""
    live = Claim.objects.live()
    groups = synonym_groups(query) or []
    found = matching(live, query, snippet=False, candidates=cap, statement_ids=statement_ids)
    ids = list(found.values_list("pk", flat=True)[:CLAIM_CANDIDATES])
    ids += candidate_ids(live, INDEXES["claim"], groups=groups, most=CLAIM_CANDIDATES)
    claims = {c.pk: c for c in live.filter(pk__in=ids).prefetch_related("tags")}
    if not claims:
        return []
    texts = [
        ClaimText(c.pk, c.text, c.description, tuple(t.name for t in c.tags.all()))
        for c in claims.values()
    ]
    matcher = LexicalMatcher(texts)
    suggested = matcher.suggest_claims(
        StatementText("query", query),
        limit=3,
        min_score=settings.SUGGESTION_MIN_SCORE,
        min_share=settings.SUGGESTION_MIN_SHARE,
    )
    return [claims[match.id] for match in suggested]


def candidate_ids(
    queryset: QuerySet, index: Index, *, query: str = "", groups=None, most: int
) -> list[int]:
    """Up to ``most`` ids of rows matching ``query`` (the user's words, web-search style) or
    ``groups`` (every group: one of its words), as the index yields them, unranked."""
    rows = candidates(queryset, index, query=query, groups=groups)
    return list(rows.values_list("pk", flat=True)[:most])


def candidates(queryset: QuerySet, index: Index, *, query: str = "", groups=None) -> QuerySet:
    """The rows matching ``query`` or ``groups`` (see ``candidate_ids``), unordered."""
    if groups == []:
        return queryset.none()
    if connection.vendor == "postgresql":
        if groups is not None:
            text = " & ".join("(" + " | ".join(group) + ")" for group in groups)
            ts_query = _any_config(text, "raw")
        else:
            ts_query = _any_config(query, "websearch")
        rows = queryset.filter(_matches(ts_query))
    else:
        fts = _fts5_groups(groups) if groups is not None else fts5_query(query)
        if not fts:
            return queryset.none()
        table = index.fts_table
        rows = queryset.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [fts])
        )
    return rows.order_by()


def _any_config(text: str, search_type: str) -> Case:
    """``text`` read as a query in each of ``QUERY_CONFIGS``, OR'ed, each different reading
    once. Most are alike (an English word reads the same in all three): the planner, which
    folds these constants into one query, would read ``'novak' | 'novak' | 'novak'`` as three
    chances to match, expect three times the rows, and scan every stored document for a word
    the index would find in none."""
    readings = [SearchQuery(text, search_type=search_type, config=c) for c in QUERY_CONFIGS]
    ts_query = readings[0]
    for n, reading in enumerate(readings[1:], start=1):
        read_before = Q.create([Exact(reading, other) for other in readings[:n]], connector=Q.OR)
        either = Func(ts_query, reading, template="(%(expressions)s)", arg_joiner=" || ")
        ts_query = Case(
            When(read_before, then=ts_query), default=either, output_field=SearchQueryField()
        )
    return ts_query


def _matches(ts_query) -> Func:
    """The row's stored document matches ``ts_query`` (``@@``): a filter."""
    return Func(
        Document(),
        ts_query,
        template="%(expressions)s",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def _fts5_groups(groups) -> str:
    def term(word):
        return _russian_prefix(word) if re.match(_CYRILLIC, word) else f'"{word}"'

    return " AND ".join("(" + " OR ".join(term(w) for w in group) + ")" for group in groups)


def count_up_to(queryset: QuerySet, most: int) -> int:
    """``queryset.count()``, but stopping at ``most`` rows (``COUNT(*)`` over a ``LIMIT``
    subquery, unranked): counting every match of a common word costs seconds at scale."""
    return queryset.order_by().values("pk")[:most].count()


def snippet_html(snippet: str) -> SafeString:
    """Escape a snippet and mark its matched words: sentinels become <mark>, nothing else."""
    out, open_ = [], False
    for piece in re.split(f"([{MARK_OPEN}{MARK_CLOSE}])", snippet or ""):
        if piece == MARK_OPEN and not open_:
            out.append("<mark>")
            open_ = True
        elif piece == MARK_CLOSE and open_:
            out.append("</mark>")
            open_ = False
        elif piece not in (MARK_OPEN, MARK_CLOSE):
            out.append(escape(piece))
    if open_:
        out.append("</mark>")
    return mark_safe("".join(out))  # every piece of text went through escape()


# --- PostgreSQL ----------------------------------------------------------------------------


def _postgres(queryset, index, query, snippet, candidates=None):
    ts_query = _any_config(query, "websearch")
    matches = queryset.filter(_matches(ts_query))
    if candidates is not None:  # rank only the first ``candidates`` matches (a LIMIT subquery)
        matches = queryset.filter(pk__in=matches.order_by().values("pk")[:candidates])
    qs = matches.annotate(search_rank=SearchRank(Document(), ts_query))
    if snippet:
        qs = qs.annotate(
            search_snippet=_swap(
                SearchHeadline(
                    _swap(index.snippet_field, HIDE_BRACKETS),
                    ts_query,
                    config=search_config(index.model),
                    start_sel=MARK_OPEN,
                    stop_sel=MARK_CLOSE,
                    max_words=30,
                    min_words=12,
                    max_fragments=1,
                    fragment_delimiter=" … ",
                ),
                SHOW_BRACKETS,
            )
        )
    return qs.order_by("-search_rank", "pk")


def _swap(expression, pairs):
    for old, new in pairs:
        expression = Replace(expression, Value(old), Value(new), output_field=TextField())
    return expression


# --- SQLite FTS5 ---------------------------------------------------------------------------

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def fts5_query(query: str) -> str:
    """The user's words as an FTS5 query, web-search style: words must all occur,
    "quoted words" as a phrase, ``or`` between alternatives, ``-word`` left out."""
    wanted, unwanted, pending_or = [], [], False
    for match in _TOKEN.finditer(query):
        negate, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word.lower() == "or":
            pending_or = bool(wanted)
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        text = phrase if phrase is not None else word
        terms = re.findall(r"\w+", text or "")
        if not terms:
            continue
        term = '"' + " ".join(terms) + '"'
        if phrase is None and len(terms) == 1 and re.match(_CYRILLIC, terms[0]):
            term = _russian_prefix(terms[0])
        if negate:
            unwanted.append(term)
        elif pending_or:
            wanted[-1] = f"{wanted[-1]} OR {term}"
            pending_or = False
        else:
            wanted.append(term)
    if not wanted:
        return ""
    expression = " AND ".join(f"({w})" for w in wanted)
    for term in unwanted:
        expression = f"({expression}) NOT {term}"
    return expression


def _russian_prefix(word: str) -> str:
    """ "вмешательство" → '"вмешательств" *': every inflected form of the word, in FTS5."""
    stem = _RUSSIAN_STEMMER.stemWord(word.lower())
    return f'"{stem}" *' if len(stem) >= 3 else f'"{word}"'


def _sqlite(queryset, index, query, snippet, candidates=None):
    fts = fts5_query(query)
    if not fts:  # no word in it (punctuation, operators alone): nothing matches
        qs = queryset.none().annotate(search_rank=RawSQL("0", []))
        return qs.annotate(search_snippet=Value("")) if snippet else qs
    table, outer = index.fts_table, index.model._meta.db_table
    where = f'{table} MATCH %s AND {table}.rowid = "{outer}"."id"'
    qs = queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [fts]))
    if candidates is not None:  # rank only the first ``candidates`` matches
        qs = queryset.filter(pk__in=qs.order_by().values("pk")[:candidates])
    qs = qs.annotate(
        search_rank=RawSQL(f"(SELECT -bm25({table}) FROM {table} WHERE {where})", [fts])
    )
    if snippet:
        column = index.fields.index(index.snippet_field)
        cut = f"snippet({table}, {column}, %s, %s, ' … ', 24)"
        qs = qs.annotate(
            search_snippet=RawSQL(
                f"(SELECT {cut} FROM {table} WHERE {where})", [MARK_OPEN, MARK_CLOSE, fts]
            )
        )
    return qs.order_by("-search_rank", "pk")


# --- widening: speakers by alias, claims by tag and by their statements ---------------------


def _with_aliases(queryset, found, query, snippet):
    """Speakers found by full text, then those whose name or an alias contains the query."""
    words = query.strip()
    by_name = Q(name__icontains=words) | Q(aliases__name__icontains=words)
    return _widen(queryset, found, queryset.filter(by_name), snippet, "name")


def _with_statements(queryset, found, query, snippet, candidates=None, statement_ids=None):
    """Claims found by their own words, then by a tag, then by a statement that carries them
    (a claim worded "instigated from abroad" is found by "foreign interference")."""
    words = query.strip()
    index = INDEXES["statement"]
    if statement_ids is not None:
        statements = statement_ids
    elif candidates is None:
        statements = matching(Statement.objects.all(), query, snippet=False).values("pk")
    else:
        statements = candidate_ids(Statement.objects.all(), index, query=query, most=candidates)
    carried = ClaimLink.objects.filter(statement__in=statements).exclude(state=ReviewState.REJECTED)
    tagged = set(queryset.filter(tags__name__icontains=words).values_list("pk", flat=True))
    others = queryset.filter(Q(pk__in=tagged) | Q(pk__in=carried.values("claim")))
    return _widen(queryset, found, others, snippet, "-created_at", better=tagged)


def _widen(queryset, found, others, snippet, then, better=()):
    """``found`` (ranked) followed by ``others``, all with a rank: direct matches first, then
    ``better`` (ids), then the rest."""
    if snippet:
        rows = list(found.values_list("pk", "search_rank", "search_snippet"))
    else:
        rows = [(pk, r, "") for pk, r in found.values_list("pk", "search_rank")]
    rank = {pk: r for pk, r, _ in rows}
    ids = set(rank) | set(others.values_list("pk", flat=True))
    whens = [When(pk=pk, then=Value(1.0 + float(r or 0))) for pk, r in rank.items()]
    whens += [When(pk=pk, then=Value(0.75)) for pk in better if pk not in rank]
    qs = queryset.filter(pk__in=ids).annotate(
        search_rank=Case(*whens, default=Value(0.5), output_field=FloatField())
    )
    if snippet:
        snippets = {pk: text for pk, _, text in rows}
        qs = qs.annotate(
            search_snippet=Case(
                *[When(pk=pk, then=Value(text or "")) for pk, text in snippets.items()],
                default=Value(""),
                output_field=CharField(),
            )
        )
    # Without a When the rank is a constant, which PostgreSQL refuses to ORDER BY.
    return qs.order_by("-search_rank", then) if whens else qs.order_by(then)


def _index_for(model) -> Index:
    for index in INDEXES.values():
        if index.model is model:
            return index
    raise LookupError(f"{model._meta.label} is not searched.")
