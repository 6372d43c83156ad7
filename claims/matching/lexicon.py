"""A small synonym lexicon for common political and news vocabulary, and English stopwords.

Each group lists words that news reports use interchangeably for one idea ("foreign",
"external", "outside", "abroad"). Matching adds the group's name as an extra feature to every
word of the group, so two wordings meet on the idea while the exact word still counts for
more. The groups are general English news vocabulary, written from a newsroom style sheet's
point of view, not from any one corpus: add groups freely, but keep each to words that can
replace one another in a headline without changing what is asserted.

Each group is a string of words in plain form; they pass through the same stemmer as the text, so
"organise", "organized" and "organisers" all land on the same stem.
"""

SYNONYM_GROUPS: dict[str, str] = {
    # Where something comes from.
    "foreign": "foreign external externally outside outsider abroad overseas exterior extraneous",
    "domestic": "domestic internal homegrown indigenous inside",
    # Causing, planning and paying for something.
    "instigate": (
        "instigate instigator provoke provocation provocateur incite incitement orchestrate foment "
        "spark stir inspire trigger cause"
    ),
    "organize": (
        "organize organizer organization coordinate coordinator plan plot plotter prepare "
        "premeditated mastermind engineer"
    ),
    "sponsor": "sponsor backing backer fund funding finance financing bankroll support supporter",
    "interfere": (
        "interfere interference meddle meddling intervene intervention involvement interfering"
    ),
    # Disorder and force.
    "unrest": (
        "unrest riot rioter protest protester protestor demonstration demonstrator uprising mutiny "
        "disturbance turmoil rebellion insurrection revolt upheaval unrests disorder pogrom"
    ),
    "coup": "coup putsch overthrow revolution maidan",
    "aggression": "aggression attack assault invasion offensive raid aggressor onslaught",
    "violence": "violence violent clash bloodshed fighting",
    "terrorism": "terrorism terrorist extremism extremist militant insurgent jihadist radical",
    "criminal": "criminal bandit gang thug looter looting crime gangster",
    "weaken": (
        "weaken undermine destabilize destabilization erode sabotage subvert subversion cripple"
    ),
    "stabilize": "stabilize stability restore restoration normalize calm",
    # Casualties.
    "death": (
        "dead death die died kill killed killing fatality fatalities casualty toll perish slain "
        "victim"
    ),
    "injury": "injure injury injured wound wounded hurt",
    "arrest": "arrest detain detention detainee custody jail imprison imprisonment",
    # Power and the state.
    "government": (
        "government authorities authority administration regime cabinet leadership officials"
    ),
    "country": "country nation republic state",
    "leader": "leader president premier ruler head",
    "military": "military army troops soldier servicemen armed contingent peacekeeper peacekeeping",
    "intelligence": "intelligence spy espionage spies agent",
    "west": "west western westerners",
    "sanction": "sanction embargo restriction blockade",
    "ceasefire": "ceasefire truce armistice",
    "negotiate": "negotiate negotiation talks dialogue mediation",
    "election": "election vote ballot poll referendum",
    "fraud": "fraud rigging rigged falsification falsify manipulation irregularities",
    "corruption": "corruption corrupt bribe bribery graft embezzlement kickback",
    "falsehood": (
        "false fake lie disinformation misinformation propaganda hoax fabrication fabricated"
    ),
    "threat": "threat danger risk menace threaten",
    # Money and prices.
    "price": "price cost tariff fare",
    "increase": "increase rise hike surge soar jump grow growth",
    "decrease": "decrease fall drop decline cut plunge slump",
    "economy": "economy economic gdp recession",
}

# Function words and reporting verbs: they say that someone spoke, not what was asserted.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    one its it's s t don't won't can't cannot would've also even though however therefore thus
    mr mrs ms dr said says say saying told tell tells noted note notes stressed stress added
    according reported reports reportedly wrote writes stated claimed claims announced
    declared insisted argued suggested believes believed thinks think described describe
    describes course way ways lot lots thing things
    """.split()  # noqa: SIM905
)

# When something was said is provenance's business (dates are read separately), and a claim
# written "in January 2022" should not favour statements that happen to name a month.
TEMPORAL_WORDS = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday today yesterday tomorrow week weeks month months year years day days
    """.split()  # noqa: SIM905
)
