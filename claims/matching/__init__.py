"""Claim matching in plain Python: rank claims for a statement, statements for a claim.

No Django here. ``build_matcher(claims, statements)`` returns the best installed method
(lexical TF-IDF by default; lexical + sentence embeddings when the ``semantic`` extra is
installed); ``claims.linking`` adapts it to the models.
"""

from claims.matching.matcher import (
    METHODS,
    HybridMatcher,
    LexicalMatcher,
    Matcher,
    SemanticMatcher,
    build_matcher,
    collection,
)
from claims.matching.text import sentence_around
from claims.matching.types import ClaimText, Match, StatementText

__all__ = [
    "METHODS",
    "ClaimText",
    "HybridMatcher",
    "LexicalMatcher",
    "Match",
    "Matcher",
    "SemanticMatcher",
    "StatementText",
    "build_matcher",
    "collection",
    "sentence_around",
]
