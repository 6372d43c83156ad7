"""A generator of realistic news data for the scale benchmarks, reproducible from a seed.

``Corpus(seed).articles(n)`` yields articles as JSON Lines records (title, text, url, outlet,
author, published) whose paragraphs carry the shapes extraction looks for — direct quotes
with a cue and a titled speaker, reported speech ("X said that …"), "according to X",
relayed reports ("Interfax reports that …") — around a pool of claims paraphrased many ways,
plus sentences nobody said. Each article also lists the spans it quoted (``quotes``:
start, end, speaker, claim), which bench/scale_api.py loads as statements directly when it
needs a million of them faster than extraction could find them.

    uv run python bench/scale_data.py --articles 1000 --seed 7 > articles.jsonl
"""

import argparse
import json
import random
import sys
from datetime import UTC, datetime, timedelta

FIRST = [
    "Anna",
    "Maria",
    "Olga",
    "Elena",
    "Irina",
    "Sofia",
    "Lena",
    "Nadia",
    "Petra",
    "Jana",
    "Marta",
    "Clara",
    "Ines",
    "Rosa",
    "Alma",
    "Vera",
    "Ivan",
    "Pavel",
    "Oleg",
    "Sergei",
    "Dmitri",
    "Marek",
    "Tomas",
    "Jonas",
    "Lukas",
    "Omar",
    "Karim",
    "Yusuf",
    "Daniel",
    "Ahmed",
    "Jean",
    "Pierre",
    "Luca",
    "Marco",
    "Andrei",
    "Mihai",
    "Tariq",
    "Erik",
    "Lars",
    "Henrik",
    "Piotr",
    "Adam",
    "Nikolai",
    "Boris",
    "Viktor",
]
LAST = [
    "Novak",
    "Petrov",
    "Ivanova",
    "Kowalski",
    "Schmidt",
    "Lindqvist",
    "Moreau",
    "Rossi",
    "Horvat",
    "Popescu",
    "Nielsen",
    "Dvorak",
    "Kuznetsov",
    "Sokolova",
    "Haddad",
    "Rahman",
    "Mansour",
    "Okafor",
    "Mensah",
    "Tanaka",
    "Silva",
    "Costa",
    "Weber",
    "Fischer",
    "Meyer",
    "Brandt",
    "Varga",
    "Nagy",
    "Toth",
    "Kovac",
    "Bauer",
    "Hansen",
    "Jensen",
    "Berg",
    "Strand",
    "Kaya",
    "Demir",
]
TITLES = [
    "Foreign Minister", "Prime Minister", "President", "Defence Minister", "spokesperson",
    "Interior Minister", "Finance Minister", "opposition leader", "senator", "ambassador",
    "deputy foreign minister", "central bank governor", "mayor", "party chairman",
]  # fmt: skip
COUNTRIES = [
    "Aldoria",
    "Belvania",
    "Corvania",
    "Dravia",
    "Estmark",
    "Feloria",
    "Gandria",
    "Holmia",
    "Istria",
    "Jurland",
    "Kestria",
    "Lomara",
    "Morvia",
    "Norland",
    "Ostrava",
    "Pellia",
]
OUTLETS = [
    ("Daily Ledger", "dailyledger.example"), ("Morning Post", "morningpost.example"),
    ("Interfax Wire", "interfaxwire.example"), ("Capital Herald", "capitalherald.example"),
    ("The Observer Review", "observerreview.example"), ("Northern Tribune", "northtribune.example"),
    ("Evening Standard Post", "eveningstd.example"), ("Wire Service One", "wireone.example"),
    ("Coastal Times", "coastaltimes.example"), ("Republic Today", "republictoday.example"),
]  # fmt: skip
# Claims, each said in several ways: the shapes of paraphrase matching must see through.
CLAIMS = [
    ("the unrest was organised from abroad", [
        "the unrest was organised from abroad", "the riots were orchestrated by foreign forces",
        "outside forces were behind the protests", "the protests had foreign backing",
        "the disorder was an act of external aggression"]),
    ("sanctions are hurting ordinary people", [
        "the sanctions are hurting ordinary people", "ordinary families pay the price of sanctions",
        "the restrictions hit the poorest hardest", "sanctions punish citizens, not leaders"]),
    ("the election was free and fair", [
        "the election was free and fair", "the vote was conducted fairly",
        "no serious irregularities were recorded", "the ballot met international standards"]),
    ("the pipeline will be finished this year", [
        "the pipeline will be finished this year", "construction will be completed by December",
        "the project is on schedule for completion", "gas will flow before the winter"]),
    ("inflation has peaked", [
        "inflation has peaked", "price growth is slowing down", "the worst of inflation is behind us",
        "consumer prices will stabilise soon"]),
    ("the border will remain closed", [
        "the border will remain closed", "the crossings stay shut for now",
        "there are no plans to reopen the border", "the frontier remains sealed"]),
]  # fmt: skip
FILLER = [
    "The talks resumed on {day} after a pause of several weeks.",
    "Officials met in the capital to discuss the next steps.",
    "The ministry did not respond to a request for comment.",
    "Markets reacted calmly to the news, with the currency little changed.",
    "Thousands gathered in the central square despite the cold.",
    "The decision follows months of negotiations between the two sides.",
    "Analysts expect further announcements later this month.",
    "A vote in parliament is scheduled for next week.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CUES = ["said", "told reporters", "stressed", "claimed", "insisted", "noted", "warned"]


class Corpus:
    def __init__(self, seed: int = 1, speakers: int = 400):
        self.random = random.Random(seed)
        r = self.random
        names = set()
        while len(names) < speakers:
            names.add(f"{r.choice(FIRST)} {r.choice(LAST)}")
        self.speakers = [
            (name, f"{r.choice(COUNTRIES)}'s {r.choice(TITLES)}") for name in sorted(names)
        ]
        self.start = datetime(2022, 1, 1, tzinfo=UTC)

    def articles(self, count: int, offset: int = 0):
        for number in range(offset, offset + count):
            yield self.article(number)

    def article(self, number: int) -> dict:
        r = self.random
        outlet, domain = r.choice(OUTLETS)
        day = self.start + timedelta(minutes=17 * number)
        claim = r.randrange(len(CLAIMS))
        title = f"{CLAIMS[claim][0].capitalize()}, officials say ({number})"
        paragraphs, quotes = [], []
        text = title + "\n\n"
        for _ in range(r.randint(4, 9)):
            if r.random() < 0.7:
                paragraph, span = self._quote(claim if r.random() < 0.7 else None, outlet, day)
                quotes.append({**span, "start": span["start"] + len(text),
                               "end": span["end"] + len(text)})  # fmt: skip
            else:
                paragraph = " ".join(
                    r.choice(FILLER).format(day=DAYS[day.weekday()]) for _ in range(2)
                )
            paragraphs.append(paragraph)
            text += paragraph + "\n\n"
        return {
            "title": title,
            "text": text.rstrip() + "\n",
            "url": f"https://{domain}/news/{number}",
            "outlet": outlet,
            "author": f"{r.choice(FIRST)} {r.choice(LAST)}",
            "published": day.isoformat(),
            "language": "en",
            "quotes": quotes,
        }

    def _quote(self, claim, outlet, day):
        """One attributed paragraph and the span of what was said in it."""
        r = self.random
        claim = r.randrange(len(CLAIMS)) if claim is None else claim
        said = r.choice(CLAIMS[claim][1])
        speaker, role = r.choice(self.speakers)
        weekday = DAYS[day.weekday()]
        shape = r.randrange(5)
        if shape == 0:
            content = f"{said[0].upper()}{said[1:]}"
            paragraph = f"\u201c{content},\u201d {role} {speaker} {r.choice(CUES)} on {weekday}."
            start = 1
        elif shape == 1:
            prefix = f"{speaker}, {role}, said on {weekday} that "
            paragraph, content, start = f"{prefix}{said}.", said, len(prefix)
        elif shape == 2:
            prefix = f"According to {role} {speaker}, "
            paragraph, content, start = f"{prefix}{said}.", said, len(prefix)
        elif shape == 3:
            content = f"{said[0].upper()}{said[1:]}"
            paragraph = f"\u201c{content}.\u201d That is what {speaker} told {outlet}."
            start = 1
        else:
            prefix = f"{r.choice(OUTLETS)[0]} reports that {role} {speaker} said "
            paragraph, content, start = f"{prefix}{said}.", said, len(prefix)
        span = {"start": start, "end": start + len(content), "speaker": speaker, "claim": claim}
        return paragraph, span


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for article in Corpus(args.seed).articles(args.articles):
        article.pop("quotes")
        sys.stdout.write(json.dumps(article, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
