"""What a statement does with a claim: asserts, denies, questions, or only reports it.

Plain Python rules over the statement's words and its cue ("denied", "questioned",
"reported"). They are deliberately conservative: a statement is taken to assert what it says
unless its cue or its own words deny, question or distance themselves. A bare "not" does not
make a denial ("the external factor will never be the only one" still asserts one).
"""

import re

ASSERTS, DENIES, QUESTIONS, REPORTS = "asserts", "denies", "questions", "reports"
STANCES = (ASSERTS, DENIES, QUESTIONS, REPORTS)

_DENIAL_CUE = re.compile(
    r"\b(den(?:y|ies|ied|ying|ial)|refut\w*|rebut\w*|reject\w*|dismiss\w*|debunk\w*|"
    r"disput\w*|contradict\w*|rubbish\w*|den(?:ounce|ounced) as (?:false|fake|lies?))\b",
    re.IGNORECASE,
)
_DENIAL_WORDS = re.compile(
    r"\b(not true|untrue|no evidence|no proof|no truth|baseless|groundless|unfounded|"
    r"false (?:claims?|reports?|information|allegations?)|fake news|den(?:y|ies|ied)|"
    r"(?:was|were|is|are|has|have|had) (?:not|never) (?:been )?"
    r"(?:instigated|organi[sz]ed|caused|provoked|behind|involved|responsible|true))\b",
    re.IGNORECASE,
)
_QUESTION_CUE = re.compile(
    r"\b(question(?:s|ed|ing)?|doubt(?:s|ed|ing)?|asked whether|wonder(?:s|ed)?|"
    r"cast doubt|sceptical|skeptical|unclear whether|unconfirmed)\b",
    re.IGNORECASE,
)
# A question that expects the answer "yes" asserts: "Doesn't this resemble…?",
# "Should we then be surprised that…?", "Is it any wonder…?".
_RHETORICAL = re.compile(
    r"^\W*(?:(?:\w+\s+){0,3}(?:doesn'?t|don'?t|isn'?t|aren'?t|wasn'?t|weren'?t|didn'?t|"
    r"hasn'?t|haven'?t|won'?t|can'?t|shouldn'?t|wouldn'?t)\b|should we (?:then )?be surprised|"
    r"is it any wonder|who (?:can|could) doubt|how (?:else|could it be otherwise))",
    re.IGNORECASE,
)
_DISTANCING = re.compile(
    r"\b(allegedly|reportedly|purportedly|supposedly|rumou?r(?:s|ed)?|"
    r"(?:claims?|allegations?|suggestions?|speculation|accusations?) (?:of|that)|"
    r"it is (?:alleged|claimed|rumou?red)|was said to|were said to|accused \w+ of)\b",
    re.IGNORECASE,
)
_REPORTING_CUE = re.compile(r"\b(reports?|reported|wrote|writes|according to)\b", re.I)


def classify_stance(text: str, cue: str = "", relayed: bool = False) -> str:
    """The stance of a statement towards the claim it was matched to.

    ``text`` is the statement's own words, ``cue`` its attribution verb or phrase, and
    ``relayed`` says that the statement's speaker is an outlet passing on what someone
    else published ("Sputnik wrote about 164 dead") rather than saying it themselves.
    """
    if _DENIAL_CUE.search(cue) or _DENIAL_WORDS.search(text):
        return DENIES
    if _QUESTION_CUE.search(cue):
        return QUESTIONS
    if text.rstrip().rstrip("”’\"'»").endswith("?"):
        return ASSERTS if _RHETORICAL.search(text) else QUESTIONS
    if _DISTANCING.search(text) or _DISTANCING.search(cue):
        return REPORTS
    if relayed and _REPORTING_CUE.search(cue):
        return REPORTS
    return ASSERTS
