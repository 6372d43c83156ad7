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


# Russian words of the claims' vocabulary, by their Snowball Russian stem, as the English word
# they mean: a Russian statement meets an English claim on what it asserts ("вмешательство"
# → "interference", "извне" → "abroad"). Deliberately no names of people, places or states:
# "Казахстан" sharing a claim's "Kazakhstan" says nothing about which claim is asserted, and
# the matcher must not suggest a statement for a claim because both name the same country.
RUSSIAN_TO_ENGLISH: dict[str, str] = {
    # Where something comes from.
    "извн": "abroad", "внешн": "external", "зарубежн": "foreign", "иностра": "foreign",
    "иностран": "foreign", "рубеж": "abroad", "границ": "abroad", "заграниц": "abroad",
    "заграничн": "foreign", "внутрен": "internal", "снаруж": "outside",
    # Causing, planning, paying.
    "организова": "organized", "организ": "organize", "организатор": "organizer",
    "спланирова": "planned", "планирова": "plan", "подготовк": "preparation",
    "подготовл": "prepared", "координирова": "coordinated", "координац": "coordination",
    "спровоцирова": "provoked", "провоцирова": "provoke", "провокац": "provocation",
    "инспирирова": "instigated", "подстрека": "incite", "направля": "directed",
    "управля": "directed", "финансирова": "financed", "финансирован": "financing",
    "спонсор": "sponsor", "поддержк": "support", "куратор": "backer", "стоя": "behind",
    "вмешательств": "interference", "вмешива": "interfere", "вмеша": "interfere",
    "вторжен": "invasion",
    # Disorder and force.
    "беспорядк": "unrest", "волнен": "unrest", "протест": "protest", "протестн": "protest",
    "протестующ": "protesters", "погром": "pogrom", "бунт": "riot", "мятеж": "mutiny",
    "восстан": "uprising", "демонстрац": "demonstration", "митинг": "demonstration",
    "переворот": "coup", "путч": "putsch", "революц": "revolution", "майда": "maidan",
    "цветн": "colour", "сценар": "scenario", "насил": "violence", "столкновен": "clash",
    "террорист": "terrorist", "терроризм": "terrorism", "боевик": "militant",
    "экстремист": "extremist", "джихадист": "jihadist", "бандит": "bandit",
    "мародер": "looter", "мародерств": "looting", "нападен": "attack", "агресс": "aggression",
    "ослаб": "weaken", "ослабл": "weaken", "дестабилизац": "destabilization",
    "дестабилизирова": "destabilize", "подрыв": "undermine", "раскача": "destabilize",
    "стабилизирова": "stabilize", "стабилизац": "stabilization", "стабильн": "stability",
    # Casualties.
    "погибш": "dead", "погибл": "died", "погиб": "died", "гибел": "death", "убит": "killed",
    "жертв": "victims", "ранен": "injured", "задержа": "detained", "задержан": "detained",
    "арестова": "arrested",
    # Power and the state.
    "власт": "authorities", "правительств": "government", "государств": "state",
    "стран": "country", "лидер": "leader", "президент": "president", "воен": "military",
    "военн": "military", "войск": "troops", "миротворц": "peacekeepers",
    "миротворческ": "peacekeeping", "контингент": "contingent", "спецслужб": "intelligence",
    "разведк": "intelligence", "запад": "west", "западн": "western", "санкц": "sanction",
    "переговор": "negotiation", "выбор": "election", "коррупц": "corruption",
    "дезинформац": "disinformation", "пропаганд": "propaganda", "ложн": "false",
    "угроз": "threat", "сил": "forces", "фактор": "factor",
    # Money and prices.
    "цен": "price", "рост": "rise", "повышен": "increase", "газ": "gas", "топлив": "fuel",
    "экономик": "economy", "экономическ": "economic",
}  # fmt: skip

# Russian function words and reporting verbs: as STOPWORDS, for Russian statements.
RUSSIAN_STOPWORDS = frozenset(
    """
    и в во на что как не но а же по с со к ко о об от до из у за для при это этот эта эти
    то тот был была были было быть он она они мы я вы его ее её их также уже ещё еще так
    который которая которые которых заявил заявила заявили сказал сказала сообщил сообщила
    отметил отметила подчеркнул подчеркнула считает словам мнению ли бы же только
    """.split()  # noqa: SIM905
)
