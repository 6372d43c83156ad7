"""Russian extraction: the development set with floors, and the rules on small cases."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from claims.extraction import UnsupportedLanguage, extract
from claims.extraction.dates import said_on_date
from claims.extraction.score import evaluate
from claims.extraction.scripts import same_name_across_scripts, to_latin

from .helpers import only, statements

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
GOLD = SAMPLE_DATA / "russian-dev.gold.jsonl"
DOCS = SAMPLE_DATA / "russian-dev" / "docs"

# The targets (F1 0.85, speaker 0.90); docs/extraction.md has the measured figures,
# higher, because the rules were written while reading most of these sentences.
FLOORS = {("all", "f1"): 0.90, ("all", "speaker"): 0.90, ("direct", "f1"): 0.95}


def ru(text: str, **kwargs):
    return statements(text, language="ru", **kwargs)


def test_the_development_set_is_built_from_its_annotated_source():
    result = subprocess.run(
        [sys.executable, str(SAMPLE_DATA / "build_russian_dev.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_gold_offsets_index_the_documents():
    gold = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines()]
    texts = {path.stem: path.read_text("utf-8") for path in DOCS.glob("*.txt")}
    assert len(gold) >= 100
    for statement in gold:
        assert texts[statement["doc"]][statement["start"] : statement["end"]] == statement["text"]


def test_development_set_scores_stay_above_the_floors():
    scores = evaluate(GOLD, DOCS, "ru")
    figures = {(subset, "f1"): result.overlap.f1 for subset, result in scores.items()} | {
        (subset, "speaker"): result.speaker_accuracy for subset, result in scores.items()
    }
    for key, floor in FLOORS.items():
        assert figures[key] >= floor, f"{key} is {figures[key]:.3f}, below {floor}"


def test_dash_attribution_after_a_quotation():
    text = "«Это была попытка государственного переворота», — сказал Токаев.\n«Мы выстояли» — заявил он."
    first, second = ru(text)
    assert (first.text, first.kind, first.cue, first.speaker) == (
        "Это была попытка государственного переворота",
        "direct",
        "сказал",
        "Токаев",
    )
    assert (second.text, second.speaker) == ("Мы выстояли", "Токаев")


def test_nested_quotes_stay_inside_the_statement():
    text = "«Они называли себя „джихадистами“», — сказал генпрокурор Берик Асылов."
    [statement] = ru(text)
    assert statement.text == "Они называли себя „джихадистами“"
    assert statement.speaker == "Берик Асылов"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("По словам Токаева, ситуация стабилизирована.", "Токаев"),
        (
            "По словам пресс-секретаря Кремля Дмитрия Пескова, контакты продолжаются.",
            "Дмитрий Песков",
        ),
        ("По мнению Марии Захаровой, события были спланированы.", "Мария Захарова"),
        ("По словам Касым-Жомарта Токаева, боевики прошли подготовку.", "Касым-Жомарт Токаев"),
        ("Беспорядки организованы извне, сообщает ТАСС со ссылкой на Пескова.", "Песков"),
    ],
)
def test_names_in_oblique_cases_become_nominative(text, speaker):
    [statement] = ru(text)
    assert statement.speaker == speaker


def test_reported_speech_in_its_common_shapes():
    text = (
        "Глава МИД России Сергей Лавров заявил журналистам, что Москва не допустит дестабилизации.\n"
        "Как сообщает ТАСС, переговоры продолжатся.\n"
        "Внешние силы стоят за беспорядками, считает политолог Иван Петров.\n"
        "Песков подчеркнул важность диалога и добавил, что контакты продолжаются.\n"
    )
    found = ru(text)
    assert only(found, "дестабилизации").speaker == "Сергей Лавров"
    assert only(found, "переговоры").speaker == "ТАСС"
    assert only(found, "Внешние силы").speaker == "Иван Петров"
    assert only(found, "важность диалога").text == "важность диалога"
    assert only(found, "контакты").cue == "добавил"


def test_quoted_names_and_so_called_are_not_statements():
    text = (
        "Газета «Коммерсантъ» опубликовала материал о так называемых «иностранных наемниках».\n"
        "Компания «Казмунайгаз» увеличила добычу.\n"
        "Фильм «Январь» вышел в прокат.\n"
    )
    assert ru(text) == []


def test_speech_verbs_are_recognised_in_every_form():
    for verb in ("заявила", "заявляют", "подчёркивает", "сообщили", "отметил", "уверен"):
        [statement] = ru(f"Эксперт Иван Петров {verb}, что кризис позади.")
        assert statement.cue == verb


def test_dates_of_the_attribution_are_kept_as_written():
    text = "10 января Токаев заявил, что миссия завершится.\nНакануне Песков сообщил, что ждать не стоит."
    first, second = ru(text)
    assert (first.said_on, second.said_on) == ("10 января", "Накануне")


def test_a_language_without_rules_is_refused_by_name():
    with pytest.raises(UnsupportedLanguage, match="'kk'"):
        extract("Тоқаев мәлімдеме жасады.", language="kk")


def test_english_stays_the_default():
    assert len(extract("Mayor Carla Diaz said that the bridge would reopen.")) == 1


def test_one_name_across_scripts():
    assert to_latin("Касым-Жомарт Токаев") == "Kasym-Zhomart Tokayev"
    assert same_name_across_scripts("Токаев", "Tokayev")
    assert same_name_across_scripts("Tokaev", "Kassym-Jomart Tokayev")
    assert same_name_across_scripts("Касым-Жомарт Токаев", "Kassym-Jomart Tokayev")
    assert not same_name_across_scripts("Сергей Иванов", "Sergei Petrov")
    assert not same_name_across_scripts("Мария Захарова", "Pavel Zakharov")


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("10 января", "2022-01-10"),
        ("в понедельник", "2022-01-10"),
        ("Накануне", "2022-01-11"),
        ("вчера", "2022-01-11"),
        ("5 декабря", "2021-12-05"),
    ],
)
def test_russian_dates_are_read_relative_to_publication(written, day):
    assert said_on_date(written, date(2022, 1, 12)).isoformat() == day


def test_a_transcript_turn_is_its_speakers_up_to_the_next_turn():
    text = (
        "В.Путин: Мы не позволим раскачать ситуацию.\n"
        "Это не первая попытка вмешательства извне.\n"
        "Вопрос: Будет ли продлен мандат?\n"
        "Д.Песков: Этот вопрос не стоит на повестке дня.\n"
        "(Встреча продолжилась в закрытом формате.)\n"
    )
    found = ru(text)
    assert [(s.text, s.speaker, s.kind) for s in found] == [
        ("Мы не позволим раскачать ситуацию", "Путин", "direct"),
        ("Это не первая попытка вмешательства извне", "Путин", "direct"),
        ("Этот вопрос не стоит на повестке дня", "Песков", "direct"),
    ]


def test_a_turn_label_resolves_to_the_full_name_given_earlier():
    text = (
        "Президент России Владимир Путин провел встречу с журналистами.\n"
        "Вопрос: Что происходит в Казахстане?\n"
        "В.Путин: Ситуация под контролем.\n"
    )
    assert [s.speaker for s in ru(text)] == ["Владимир Путин"]


def test_the_one_whose_words_an_outlet_quotes_is_the_speaker():
    text = (
        "РИА Новости цитирует слова генерального секретаря ОДКБ Станислава Зася: "
        "«Миссия выполнена полностью».\n"
        "«Это была попытка переворота», — цитирует ТАСС слова Лукашенко.\n"
    )
    first, second = ru(text)
    assert (first.speaker, first.cited) == ("Станислав Зася", "РИА Новости")
    assert (second.speaker, second.cited) == ("Лукашенко", "ТАСС")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # an indeclinable surname after a declined given name stays as written
        ("Турция готова помочь, передает Anadolu со ссылкой на Мевлюта Чавушоглу.", "Чавушоглу"),
        ("По словам Сергея Шойгу, войска выполнили задачу.", "Сергей Шойгу"),
        # roles without a name: the role, in lower case, and "он" goes back to it
        ("Пресс-секретарь Кремля заявил, что контингент уйдет.", "пресс-секретарь Кремля"),
        # a source of an outlet, and where the source sits
        ("По словам источника «Ъ», решение приняли ночью.", "источник «Ъ»"),
        ("Источник в правительстве Казахстана сообщил, что задержаны 50 человек.",
         "источник в правительстве Казахстана"),
        ("По информации собеседника агентства в силовых структурах, задержаны 50 человек.",
         "собеседник агентства в силовых структурах"),
        # the outlet's own reporter: the outlet
        ("Как передает корреспондент РБК, в городе работают банки.", "РБК"),
        # asides between subject and verb
        ("Представитель Госдепартамента США, по данным агентства Reuters, заявил, что "
         "Вашингтон следит за событиями.", "представитель Госдепартамента США"),
        ("Бывший сотрудник администрации, пожелавший остаться неназванным, уверен, что "
         "элиты подтолкнули события.", "бывший сотрудник администрации"),
        # a place ends the title before the name
        ("Посол Казахстана в Белоруссии Ергали Булегенов заявил БелТА, что союзники помогли.",
         "Ергали Булегенов"),
        # a verb of saying first, then where it was said
        ("Заявили в Генпрокуратуре, что задержаны более 9 тысяч человек.", "Генпрокуратура"),
        # the question answered is a setting before the colon
        ("Песков ответил на вопрос журналистов о сроках операции: решение примет Совбез.",
         "Песков"),
        # a genitive complement is not a name: the group speaks
        ("Эксперты Валдайского клуба считают, что операция укрепила позиции России.",
         "эксперты Валдайского клуба"),
    ],
)  # fmt: skip
def test_speakers_of_round_two_shapes(text, speaker):
    found = ru(text)
    assert len(found) == 1, found
    assert found[0].speaker.endswith(speaker)


def test_he_after_a_role_without_a_name_is_that_role():
    text = (
        "Пресс-секретарь Кремля заявил, что контингент уйдет.\n"
        "«Миссия была ограниченной», — сказал он журналистам.\n"
    )
    assert [s.speaker for s in ru(text)] == ["пресс-секретарь Кремля"] * 2


def test_what_was_said_about_this_elsewhere_is_not_a_statement():
    assert ru("Журнал «Огонек» писал об этом еще в 2019 году.") == []
