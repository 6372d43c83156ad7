"""An agency-style Russian article about the unrest, ingested with ``manage.py ingest`` after
``manage.py demo``: its statements, the demo's speakers, the English claim suggested."""

import pytest
from django.core.management import call_command

from claims.models import Claim, Speaker, Statement
from sources.models import Source

pytestmark = pytest.mark.django_db

# Written for this test in the style of RIA Novosti wire copy; not a real article.
ARTICLE = """Токаев: за беспорядками стояли иностранные силы

АЛМА-АТА, 12 января. /РИА Новости/. Президент Казахстана Касым-Жомарт Токаев заявил, что беспорядки в стране были спланированы и направлялись из-за рубежа.
«Боевики прошли подготовку за границей, их действия координировались из единого центра», — сказал Токаев в обращении к нации.
По словам пресс-секретаря Кремля Дмитрия Пескова, Россия расценивает события в Казахстане как вмешательство извне во внутренние дела суверенного государства.
Официальный представитель МИД России Мария Захарова написала в Telegram, что за попыткой переворота стоят внешние силы.
Президент Белоруссии Александр Лукашенко, выступая на сессии Совета коллективной безопасности ОДКБ, заявил, что организация выполнила свою миссию.
«Это была попытка государственного переворота, организованная извне», — цитирует РИА Новости слова Лукашенко.
Источник в правительстве Казахстана сообщил агентству, что часть задержанных являются гражданами других государств.
Миротворцы ОДКБ начнут покидать республику 13 января.
"""


@pytest.fixture
def ingested(debug_on, capsys, tmp_path):
    call_command("demo", "--no-serve")
    path = tmp_path / "ria-kazakhstan.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    call_command("ingest", str(path), "--quiet")
    capsys.readouterr()
    source = Source.objects.get(title__startswith="Токаев: за беспорядками")
    return list(Statement.objects.for_source(source).select_related("speaker").order_by("start"))


def test_each_statement_has_its_speaker_shared_with_the_english_sources(ingested):
    said = [(s.speaker.name if s.speaker else None, s.text[:30]) for s in ingested]
    assert [name for name, _ in said] == [
        "Kassym-Jomart Tokayev",
        "Kassym-Jomart Tokayev",
        "Дмитрий Песков",
        "Мария Захарова",
        "Alexander Lukashenko",
        "Alexander Lukashenko",  # "цитирует РИА Новости слова Лукашенко": not the agency
        "источник в правительстве Казахстана",
    ], said
    # one Speaker across scripts: no Cyrillic "Токаев" or "Лукашенко" beside the demo's
    assert not Speaker.objects.filter(name__in=["Касым-Жомарт Токаев", "Александр Лукашенко"])
    source = Speaker.objects.get(name="источник в правительстве Казахстана")
    assert not source.aliases.exists()  # a description gets no Latin spelling


def test_the_foreign_interference_statements_are_suggested_for_the_english_claim(ingested):
    claim = Claim.objects.get(slug="foreign-interference")
    suggested = {s.text[:30] for s in ingested if s.claim_links.filter(claim=claim).exists()}
    for text in (
        "беспорядки в стране были сплан",
        "Боевики прошли подготовку за г",
        "Россия расценивает события в К",
        "за попыткой переворота стоят в",
        "Это была попытка государственн",
    ):
        assert text in suggested, (text, suggested)
