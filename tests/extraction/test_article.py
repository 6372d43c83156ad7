"""A whole invented news article: several speakers, pronouns, organisations, a dateline."""

from tests.extraction.helpers import statements

ARTICLE = """Flood defences fail in northern towns as rivers burst their banks

LEEDS, England (Reuters) - Britain's environment minister said on Wednesday that the government would review flood defences after rivers burst their banks across northern England, forcing hundreds of people from their homes.

\"We have seen rainfall on a scale that nobody predicted,\" Environment Minister Therese Coffey told parliament. \"The defences did what they were designed to do, but the design was not enough.\"

Coffey said 400 homes had been flooded and that the army was on standby.

The opposition Labour Party accused the government of cutting budgets. \"This is the price of a decade of neglect,\" said Labour's environment spokesman Jim McMahon. He added that funding for maintenance had fallen by a third since 2010.

According to the Environment Agency, more than 60 flood warnings remained in place on Thursday morning.

Local residents were angry. \"Nobody came to help us,\" said Mary Hughes, 67, whose house in Hebden Bridge was flooded for the second time in five years.

The Met Office warned that more heavy rain was expected over the weekend, with up to 80 mm forecast in some areas.

Insurers estimated the cost at 500 million pounds, the Association of British Insurers said in a statement.
"""


def test_every_statement_of_an_article_with_its_speaker():
    found = statements(ARTICLE)
    assert [(s.kind, s.cue, s.speaker, s.text[:30]) for s in found] == [
        ("indirect", "said", "Therese Coffey", "the government would review fl"),
        ("direct", "told", "Therese Coffey", "We have seen rainfall on a sca"),  # two pieces
        ("indirect", "said", "Therese Coffey", "400 homes had been flooded and"),
        ("indirect", "accused", "opposition Labour Party", "cutting budgets"),
        ("direct", "said", "Jim McMahon", "This is the price of a decade "),
        ("indirect", "added", "Jim McMahon", "funding for maintenance had fa"),
        ("indirect", "According to", "Environment Agency", "more than 60 flood warnings re"),
        ("direct", "said", "Mary Hughes", "Nobody came to help us"),
        ("indirect", "warned", "Met Office", "more heavy rain was expected o"),
        ("indirect", "said", "Association of British Insurers", "Insurers estimated the cost at"),
    ]
    assert found[0].speaker_mention == "Britain's environment minister"
    assert found[0].said_on == "Wednesday"
    assert [ARTICLE[a:b][:20] for a, b in found[1].fragments] == [
        "We have seen rainfal",
        "The defences did wha",
    ]


ARTICLE_WITH_APPOSITIONS = """Senate deal on border funding collapses

WASHINGTON — A bipartisan deal to fund border security collapsed on Tuesday after Republican leaders withdrew their support, leaving the White House scrambling for a new plan.

Senate Majority Leader Chuck Schumer called the move \"a cynical betrayal\" and said Democrats would bring the bill to a vote anyway.

\"We negotiated in good faith for four months,\" Schumer said on the Senate floor. \"They walked away because someone told them to.\"

Senator James Lankford, the Oklahoma Republican who led the talks for his party, told reporters he was \"disappointed but not surprised\".

'I think we had a good bill,' Lankford said. 'But the politics changed.'

White House press secretary Karine Jean-Pierre said the president was \"ready to sign it today\".

Asked whether the administration would act alone, she replied: \"We are looking at all options.\"

The deal would have provided $20 billion for border enforcement, according to a summary released by Senate negotiators.

Critics on the left say the bill was too harsh. \"This is not reform, it is surrender,\" said Rep. Pramila Jayapal, a Washington Democrat.
"""


def test_appositions_coordinated_verbs_and_abbreviated_titles_in_an_article():
    found = statements(ARTICLE_WITH_APPOSITIONS)
    assert [(s.kind, s.speaker, s.text[:30]) for s in found] == [
        ("direct", "Chuck Schumer", "a cynical betrayal"),  # a quoted label: his words
        ("indirect", "Chuck Schumer", "Democrats would bring the bill"),
        ("direct", "Chuck Schumer", "We negotiated in good faith fo"),  # two pieces
        ("mixed", "James Lankford", 'he was "disappointed but not s'),
        ("direct", "James Lankford", "I think we had a good bill,' L"),  # two pieces
        ("mixed", "Karine Jean-Pierre", 'the president was "ready to si'),
        ("direct", "Karine Jean-Pierre", "We are looking at all options."),
        ("indirect", "Critics on the left", "the bill was too harsh"),
        ("direct", "Pramila Jayapal", "This is not reform, it is surr"),
    ]


WIRE_STORY = """MOSCOW, January 10. /TASS/. Russian Deputy Foreign Minister Sergei Ryabkov said on Monday that the talks with the United States in Geneva had been \"difficult but professional\".

\"We cannot accept a situation in which NATO continues to expand eastward,\" the diplomat told journalists after the meeting. \"This is a matter of principle for us.\"

According to him, Moscow expects written answers to its proposals within a week. Ryabkov stressed that Russia had no plans to attack Ukraine.

US Deputy Secretary of State Wendy Sherman, who led the American delegation, said the sides had agreed to continue the dialogue. She noted that Washington would not negotiate \"about Ukraine without Ukraine\".
"""


def test_a_definite_description_without_a_matching_title_is_the_person_just_named():
    found = statements(WIRE_STORY)
    assert [(s.speaker, s.speaker_mention) for s in found] == [
        ("Sergei Ryabkov", "Russian Deputy Foreign Minister Sergei Ryabkov"),
        ("Sergei Ryabkov", "the diplomat"),  # a quote in two pieces
        ("Sergei Ryabkov", "him"),
        ("Sergei Ryabkov", "Ryabkov"),
        ("Wendy Sherman", "US Deputy Secretary of State Wendy Sherman"),
        ("Wendy Sherman", "She"),
    ]


BRITISH_STYLE = """Nurses vote to strike over pay

Nurses across England have voted to strike for the first time in the union's history, the Royal College of Nursing (RCN) said on Wednesday.

'We have been pushed to the brink,' says Anna Kowalski, 34, a nurse at a London hospital. 'When the minister told us \"there is no money\", we knew what it meant.'

Pat Cullen, the RCN's general secretary, said: \"Anger has turned into action. Our members are saying enough is enough.

\"Patients are at risk every day because of staff shortages. This cannot go on.\"

A government spokesperson said ministers had \"already given nurses a pay rise\" and urged the union to reconsider.

Health Secretary Steve Barclay has said he wants to talk. But according to union sources, no meeting has been scheduled.
"""


def test_single_quotes_nested_quotes_acronyms_and_a_quote_over_two_paragraphs():
    found = statements(BRITISH_STYLE)
    assert [(s.kind, s.speaker, s.text[:30]) for s in found] == [
        ("indirect", "Royal College of Nursing", "Nurses across England have vot"),
        ("direct", "Anna Kowalski", "We have been pushed to the bri"),  # two pieces
        ("direct", "Pat Cullen", "Anger has turned into action. "),
        ("mixed", "unnamed government spokesperson", 'ministers had "already given n'),
        ("indirect", "Steve Barclay", "he wants to talk"),
        ("indirect", "union sources", "no meeting has been scheduled"),
    ]
    assert found[2].text.endswith("This cannot go on.")


BUSINESS_STORY = """Chipmaker warns of slower growth as demand cools

SAN FRANCISCO (AP) — Shares of Nvelo Corp. fell 8% on Thursday after the chipmaker warned that revenue growth would slow in the second half of the year.

Chief Executive Lisa Tran told analysts on a conference call that customers were \"digesting\" the chips they had bought during the pandemic. \"We expect inventory to normalize by the end of the year,\" Tran said.

The company now expects revenue of $4.2 billion for the quarter, below the $4.5 billion analysts had forecast, according to FactSet.

\"This is a cyclical downturn, not a structural one,\" said Raj Mehta, an analyst at Bernstein. He added that the company's long-term prospects remained strong.

Nvelo's chief financial officer, Mark Olsen, said the company would cut costs by about $300 million, mostly by slowing hiring. The company did not say whether it would lay off workers.

Investors were not convinced. \"They keep moving the goalposts,\" said one portfolio manager who asked not to be named because he was not authorized to speak publicly.
"""


def test_companies_descriptions_and_anonymous_sources_in_a_business_story():
    found = statements(BUSINESS_STORY)
    assert [(s.kind, s.speaker, s.text[:30]) for s in found] == [
        ("indirect", "Nvelo Corp", "revenue growth would slow in t"),
        ("mixed", "Lisa Tran", 'customers were "digesting" the'),
        ("direct", "Lisa Tran", "We expect inventory to normali"),
        ("indirect", "FactSet", "The company now expects revenu"),
        ("direct", "Raj Mehta", "This is a cyclical downturn, n"),
        ("indirect", "Raj Mehta", "the company's long-term prospe"),
        ("indirect", "Mark Olsen", "the company would cut costs by"),
        ("direct", "unnamed portfolio manager", "They keep moving the goalposts"),
    ]
