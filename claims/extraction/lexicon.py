"""Word lists the rules read: speech verbs, titles, role nouns, organisation heads.

Kept in one place so a newcomer can see (and extend) the vocabulary the extractor knows.
Everything is lower case; lookups fold case first.
"""

import re


def _words(block: str) -> set[str]:
    return set(block.split())


# Speech verbs that introduce what someone said. Keys are the forms found in text.
SPEECH_VERBS = {
    form: lemma
    for lemma, forms in {
        "say": "say says said",
        "state": "state states stated",
        "note": "note notes noted",
        "stress": "stress stresses stressed",
        "add": "add adds added",
        "tell": "tell tells told",
        "write": "write writes wrote",
        "claim": "claim claims claimed",
        "argue": "argue argues argued",
        "insist": "insist insists insisted",
        "warn": "warn warns warned",
        "announce": "announce announces announced",
        "declare": "declare declares declared",
        "emphasize": "emphasize emphasizes emphasized emphasise emphasises emphasised",
        "explain": "explain explains explained",
        "assert": "assert asserts asserted",
        "report": "report reports reported",
        "underline": "underline underlines underlined underscore underscores underscored",
        "acknowledge": "acknowledge acknowledges acknowledged admit admits admitted",
        "allege": "allege alleges alleged",
        "maintain": "maintain maintains maintained",
        "observe": "observe observes observed remark remarks remarked",
        "confirm": "confirm confirms confirmed",
        "deny": "deny denies denied",
        "believe": "believe believes believed",
        "reiterate": "reiterate reiterates reiterated",
        "recall": "recall recalls recalled",
        "mention": "mention mentions mentioned",
        "point out": "point out points out pointed out",
        "predict": "predict predicts predicted",
        "complain": "complain complains complained",
        "suggest": "suggest suggests suggested",
        "conclude": "conclude concludes concluded",
        "ask": "asked",
        "reply": "reply replies replied answer answers answered respond responds responded",
        "tweet": "tweet tweets tweeted",
        "urge": "urge urges urged",
        "continue": "continued",
        "reveal": "reveal reveals revealed disclose discloses disclosed",
        "concede": "concede concedes conceded",
        "agree": "agree agrees agreed",
        "estimate": "estimate estimates estimated",
        "caution": "caution cautions cautioned",
        "promise": "promise promises promised pledge pledges pledged vow vows vowed",
        "threaten": "threaten threatens threatened",
        "contend": "contend contends contended",
        "counter": "counter counters countered retort retorts retorted",
        "testify": "testify testifies testified",
        "assure": "assure assures assured",
        "inform": "inform informs informed",
        "remind": "remind reminds reminded",
        "advise": "advise advises advised",
        "boast": "boast boasts boasted",
        "lament": "lament laments lamented",
        "recount": "recount recounts recounted",
        "forecast": "forecast forecasts forecasted",
        "signal": "signal signals signalled signaled",
        "concur": "concur concurs concurred",
        "joke": "joke jokes joked quip quips quipped",
        "find": "find finds found",
        "show": "show shows showed",
        "indicate": "indicate indicates indicated",
        "rule": "ruled",
        "hold": "held",  # "the tribunal held that …": only before "that" (DOCUMENT_VERBS)
    }.items()
    for form in forms.split()
    if form not in ("point", "points", "pointed")
} | {"point out": "point out", "points out": "point out", "pointed out": "point out"}
for _form in ("quoted as saying", "was quoted as saying", "were quoted as saying"):
    SPEECH_VERBS[_form] = "quoted as saying"  # "X was quoted as saying ..."

# Forms that are more often nouns ("member states", "notes"): a cue only before "that", a
# colon or the end of the sentence.
NOUN_LIKE_FORMS = {
    "state",
    "states",
    "note",
    "notes",
    "claim",
    "claims",
    "report",
    "reports",
    "remark",
    "remarks",
    "mention",
    "stress",
    "recall",
    "recalls",
    "estimate",
    "estimates",
    "forecast",
    "forecasts",
    "counter",
    "signal",
    "signals",
    "promise",
    "promises",
    "pledge",
    "pledges",
    "vow",
    "vows",
    "find",
    "finds",
    "show",
    "shows",
    "recount",
    "boast",
    "lament",
}

# Verbs a document or a finding speaks with ("the survey found", "a poll shows"): a cue only
# when its subject names a document or a "that" follows (not "police found the body").
DOCUMENT_VERBS = {"find", "show", "indicate", "hold"}

# Verbs that may take a clause without "that" ("He said the talks failed").
BARE_CLAUSE_VERBS = {
    "say",
    "tell",
    "believe",
    "claim",
    "add",
    "insist",
    "warn",
    "write",
    "argue",
    "confirm",
    "acknowledge",
    "admit",
    "concede",
    "predict",
    "suggest",
    "complain",
    "explain",
    "assert",
    "maintain",
    "allege",
    "estimate",
    "contend",
    "agree",
    "find",
    "show",
    "indicate",
    "reiterate",
    "stress",
    "note",
    "testify",
    "promise",
    "joke",
    "deny",
    "quoted as saying",
}
# Speech verbs that name whom they address before the clause ("warned reporters that ...").
ADDRESSING_VERBS = {"tell", "warn", "assure", "inform", "remind", "advise", "caution", "promise"}

# News agencies and broadcasters known the world over: a bare "Reuters reported" is an outlet.
# Callers add the outlets they know (``known_outlets``).
WIRE_SERVICES = _words(
    """
    reuters afp ap bloomberg xinhua tass interfax ria bbc cnn upi dpa efe ansa kyodo yonhap
    anadolu al-jazeera aljazeera
    """
)

# Capitalized at the start of a sentence, but never part of a name ("But Smith said").
SENTENCE_OPENERS = _words(
    """
    as but and or so yet when while if then however meanwhile earlier later also still
    moreover furthermore instead now today yesterday thus hence although though because
    since after before in on at for with without by from this that these those there here
    asked speaking writing according
    """
)

# Time words that may sit between a speech verb and its clause ("said Tuesday the ...").
TIME_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier
    later recently
    """
)

# Verbs that label something ("described the riots as ...").
LABEL_VERBS = {
    "described",
    "describes",
    "describe",
    "called",
    "calls",
    "characterized",
    "characterised",
    "characterizes",
    "characterises",
    "branded",
    "brands",
    "labelled",
    "labeled",
    "dubbed",
    "termed",
    "views",
    "viewed",
    "sees",
    "saw",
    "regards",
    "regarded",
}

# Outlets carry a story ("BelTA reports"): recorded as the cited origin, not the speaker.
OUTLET_VERBS = {"reports", "reported", "writes", "wrote", "informs", "informed", "says"}

# Adverbs and auxiliaries that may sit between a subject and its speech verb.
SUBJECT_VERB_FILLERS = {
    "also",
    "further",
    "later",
    "earlier",
    "then",
    "previously",
    "repeatedly",
    "again",
    "has",
    "have",
    "had",
    "once",
    "recently",
    "reportedly",
    "publicly",
    "firmly",
    "clearly",
    "has also",
    "had also",
    "would",
    "will",
    "did",
    "does",
    "only",
    "even",
    "too",
    "allegedly",
    "already",
    "long",
    "often",
    "privately",
    "quickly",
    "today",
    "yesterday",
    "tonight",
    "now",
    "still",
    "never",
    "always",
    "first",
    "separately",
    "since",
    "used to",
    "has long",
    "have long",
    "had already",
    "has already",
    "have already",
    "last night",
    "on monday",
    "on tuesday",
    "on wednesday",
    "on thursday",
    "on friday",
    "on saturday",
    "on sunday",
}

# Words of a title or office, never part of a person's own name.
TITLE_WORDS = _words(
    """
    president vice prime minister ministers ambassador commissioner secretary chairman
    chairwoman chairperson chair spokesman spokeswoman spokesperson director general head
    leader governor mayor senator representative rep congressman congresswoman deputy
    chancellor king queen prince princess emperor pope sheikh ayatollah chief executive
    officer ceo founder editor correspondent professor prof dr mr mrs ms miss sir lord lady
    judge justice attorney advocate adviser advisor envoy commander colonel general lieutenant
    major captain sergeant admiral marshal former ex late acting interim first defense defence
    foreign affairs interior internal state health justice finance economy economic trade
    energy security national federal regional assistant press council committee executive
    special senior junior speaker member mp mep premier foreign-minister then-president
    ex-president analyst expert diplomat ex-diplomat official officer activist opposition
    reporter journalist moderator host interviewer questioner councillor councilor
    councilman councilwoman alderman assemblyman assemblywoman
    """
)

# Title words that are adjectives: they build a person's title ("Foreign Minister") but also
# the names of organisations ("Office for National Statistics").
TITLE_ADJECTIVES = _words(
    """
    vice prime general former ex late acting interim first defense defence foreign affairs
    interior internal state health justice finance economy economic trade energy security
    national federal regional assistant press council committee executive special senior
    junior
    """
)

# Nouns that name a role a person holds, for descriptions like "the head of state".
PERSON_ROLE_NOUNS = _words(
    """
    president leader minister ambassador commissioner secretary chairman chairwoman spokesman
    spokeswoman spokesperson director head governor mayor senator official officer diplomat
    ex-diplomat envoy king queen prince chancellor premier general commander expert analyst
    source adviser advisor politician lawmaker legislator deputy author writer journalist
    correspondent witness resident activist protester economist scientist researcher
    professor lawyer judge prosecutor investigator doctor representative man woman
    reporter moderator host interviewer questioner
    manager investor trader banker worker employee owner farmer nurse teacher student driver
    soldier fan player coach executive chief founder economist
    treasurer councillor councilman councilwoman chair chairperson candidate campaigner
    organiser organizer strategist pollster regulator auditor inspector sheriff attorney
    aide consultant surgeon physician pastor bishop priest imam rabbi captain colonel
    sergeant lieutenant detective constable superintendent headteacher principal negotiator
    """
)

# Synonyms used to refer back to a named holder of a role ("the head of state" = president).
ROLE_SYNONYMS = {
    "head of state": {"president", "king", "queen", "leader", "head", "emperor", "monarch"},
    "leader": {"president", "leader", "premier", "chairman", "head", "king", "queen"},
    "president": {"president"},
    "minister": {"minister"},
    "prime minister": {"minister", "premier"},
    "premier": {"premier", "minister"},
    "ambassador": {"ambassador", "envoy"},
    "envoy": {"ambassador", "envoy"},
    "spokesman": {"spokesman", "spokesperson", "spokeswoman"},
    "spokeswoman": {"spokesman", "spokesperson", "spokeswoman"},
    "spokesperson": {"spokesman", "spokesperson", "spokeswoman"},
    "commissioner": {"commissioner"},
    "secretary": {"secretary"},
    "chairman": {"chairman", "chair", "chairwoman", "chairperson"},
    "governor": {"governor"},
    "mayor": {"mayor"},
}

# Head nouns of organisations ("the Ministry of Foreign Affairs", "the press service").
ORGANISATION_NOUNS = _words(
    """
    ministry department office service services committee council commission agency
    government administration kremlin house bloc embassy party union bank court police army military
    forces parliament senate congress assembly presidium organization organisation
    institute foundation company corporation group federation bureau directorate cabinet
    secretariat authorities authority prosecutor's prosecutors command headquarters mission
    delegation team university centre center board coalition alliance movement navy guard
    association society institution league network fund trust chamber union council
    foundation academy inspectorate regulator watchdog tribunal jury panel international college
    school
    hospital clinic firm corp corporation inc ltd plc llc holdings gmbh
    communique communiqué statement
    """
)

# Organisation nouns that name a document the organisation issued.
DOCUMENT_NOUNS = {"communique", "communiqué", "statement", "release", "readout", "report"}

# Words that mark an outlet ("the agency Sputnik", "the Ukrainian media site Strana.ua").
OUTLET_NOUNS = _words(
    """
    agency newspaper paper daily weekly magazine outlet site website portal channel tv
    television radio broadcaster media publication tabloid journal news wire newswire
    """
)

# Group nouns for unnamed plural speakers ("Ukrainian researchers", "officials").
GROUP_NOUNS = _words(
    """
    officials experts analysts researchers sources diplomats witnesses residents activists
    protesters observers critics scientists economists lawmakers politicians journalists
    authorities investigators doctors people citizens media leaders allies aides supporters
    opponents campaigners members voters executives bosses ministers mps senators
    republicans democrats conservatives liberals councils unions prosecutors lawyers
    negotiators organisers organizers owners parents teachers nurses workers farmers
    insiders advisers advisors colleagues rebels backbenchers economists forecasters
    chiefs directors managers governors mayors judges officers commissioners ambassadors
    envoys representatives employees students soldiers pollsters strategists regulators
    groups charities
    """
)

# What "according to" may point at that is a text, not a speaker ("According to Article 4").
NOT_SPEAKERS = _words(
    """
    article articles section clause paragraph chapter law laws agreement agreements treaty
    treaties constitution data statistics figures estimates estimate rules regulations plan
    schedule forecast forecasts poll polls survey surveys census tradition legend calculations
    results reports records documents
    """
)

PRONOUNS_PERSON = {"he": "male", "she": "female", "him": "male", "her": "female"}
PRONOUNS_PLURAL = {"they", "them"}

DETERMINERS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "our",
}

# Words that start a clause after "said" without "that" ("said the talks failed").
# Words after "said" that start no clause ("said goodbye", "said so").
NOT_CLAUSE_OPENERS = {
    "nothing",
    "goodbye",
    "so",
    "yes",
    "no",
    "hello",
    "thanks",
    "sorry",
    "little",
    "much",
    "something",
    "anything",
    "otherwise",
    "as",
    "because",
    "since",
    "although",
    "though",
    "if",
    "unless",
    "until",
    "despite",
    "adding",
    "citing",
    "referring",
    "according",
    "without",
    "but",
    "and",
    "or",
}

CLAUSE_OPENERS = DETERMINERS | {
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "there",
    "all",
    "some",
    "no",
    "many",
    "most",
    "such",
    "every",
    "any",
    "both",
    "none",
    "nobody",
    "everyone",
    "nothing",
    "one",
}
FINITE_VERBS = _words(
    """
    is are was were will would has have had can could should must may might did does do
    shall won't wouldn't isn't aren't wasn't weren't hasn't haven't can't couldn't
    """
)

# Past tenses that do not end in -ed, to recognise a clause ("said the water came fast").
IRREGULAR_PAST = _words(
    """
    came went made took gave saw got knew thought began left fell rose ran won lost found kept
    held brought sent paid met set put cut hit led built spent stood became broke chose drove
    fought flew forgot grew hid hurt meant read sold shot shut spoke stole struck swore threw
    wore wrote
    """
)

# Prepositions that open a phrase between a speech verb and its "that".
PREPOSITIONS = _words(
    """
    during in at on to after before while when following amid with about for from by
    """
)

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
DATE_PATTERN = re.compile(
    rf"\b(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:{WEEKDAYS})|yesterday|today|last\s+(?:week|month|year))\b",
    re.IGNORECASE,
)

# Participles that do not end the content of a reported clause ("including", "during").
NON_CLAUSE_ING = {
    "including",
    "according",
    "regarding",
    "concerning",
    "during",
    "following",
    "nothing",
    "something",
    "anything",
    "everything",
    "being",
    "thing",
    "king",
    "spring",
    "morning",
    "evening",
    "building",
    "meeting",
    "beijing",
    "bring",
    "string",
    "ring",
    "wing",
    "ceiling",
}


def trie_pattern(words: list[str]) -> str:
    """One alternation of ``words`` as a trie ("sa(?:id|ys|y)"): the regex engine decides at
    each letter instead of trying every word at every position, which keeps a list of
    hundreds of verbs as fast as a short one. Longer words are tried first."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        if len(branches) > 1 and not ends:
            return body
        return body + "?" if ends else body

    return pattern(trie)


# Any speech verb as a word ("said", "points out"), case folded.
SPEECH_VERB = re.compile(r"\b(?:" + trie_pattern(sorted(SPEECH_VERBS)) + r")\b", re.IGNORECASE)


# Common given names, to tell "he" from "she" when the text gives no title: a pronoun is
# resolved to the last person it can refer to. Names that are often both are left out.
FEMALE_NAMES = _words(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    margaret betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa
    deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna
    brenda pamela nicole samantha katherine emma ruth christine catherine debra rachel carolyn
    janet virginia maria heather diane julie joyce victoria kelly christina joan evelyn
    lauren judith olivia martha cheryl megan andrea hannah jacqueline ann gloria jean kathryn
    alice teresa sara janice doris julia madison grace judy abigail marie denise beverly
    amber theresa marilyn danielle diana brittany natalie sophia rose isabella alexis kayla
    charlotte fiona claire sophie lucy harriet ellen eleanor alicia joanne priya nadia
    sheila maureen keisha angela naomi ana lena grace ursula kamala hillary nancy liz
    theresa angela nicola priti suella yvette rishi-not annalena giorgia marine ursula
    svetlana olga natalia irina tatiana yulia elena marina ekaterina anastasia ludmila
    valentina galina agnieszka katarzyna ingrid astrid greta sanna mette jacinda
    jo kate katie jane sue liz beth ruth ines petra ada amira fatima aisha leila mei yuki
    priyanka sunita nkem ngozi chloe zoe ella mia ava isla freya molly
    """
) - {"rishi-not"}
MALE_NAMES = _words(
    """
    james robert john michael david william richard joseph thomas charles christopher
    daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
    timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
    justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis
    jerry tyler aaron jose adam nathan henry douglas zachary peter kyle walter ethan jeremy
    harold keith christian roger noah gerald carl terry sean austin arthur lawrence jesse
    dylan bryan joe jordan billy bruce albert willie gabriel logan alan juan wayne roy ralph
    randy eugene vincent russell elijah louis bobby philip johnny boris vladimir sergei
    sergey dmitry alexei alexey aleksandr nikolai ivan igor oleg viktor yuri mikhail andrei
    pavel anatoly kassym nursultan volodymyr emmanuel olaf rishi keir nigel oliver tony
    jim tom mike bill bob steve dan ted chuck marcus dwight derek edward richard neil
    geoffrey imran luis carlos jonas henrik paulo dale dev alistair graham simon sam
    max ben tim nick chris matt rob andy pete ian colin hugh owen rhys gareth liam sean
    kwame kofi ahmed mohammed muhammad ali omar hassan tariq rahul raj arjun wei jun hiroshi
    pierre francois hans klaus jurgen giorgos mario marco luca giuseppe pablo diego
    """
)
