"""manage.py demo: the sample corpus and one account per role, safely repeatable."""

import pytest
from django.core.management import CommandError, call_command

from claims import search
from claims.models import Claim, Statement
from claims.roles import ROLES
from pipeline.ingest import ingest_bytes
from sources.models import Outlet, Section, Source

pytestmark = pytest.mark.django_db

SAMPLE_TITLES = {
    "Lukashenko: Analysis of the events in Kazakhstan shows presence of external factor",
    "Lukashenko saw the unrest in Kazakhstan as an attempt to weaken Russia",
    "Saturday, January 8, 2022",
    "Lukashenko in a telephone conversation clarified Nazarbayev's position on the situation "
    "in Kazakhstan",
    "Kazakhstan’s Security was Undermined by Outside Forces",
}


def run_demo(capsys):
    call_command("demo", "--no-serve")
    return capsys.readouterr().out


def test_demo_loads_the_sample_corpus_with_its_outlets(debug_on, capsys):
    run_demo(capsys)
    assert Source.objects.count() == 7
    assert set(Outlet.objects.values_list("name", flat=True)) == {
        "BelTA",
        "RBC",
        "Updates From Kazakhstan",
        "Military Review",
        "New Eastern Outlook",
        "Claimtrail samples (ru)",
    }
    assert Source.objects.get(outlet__name="New Eastern Outlook").byline == "Vladimir Platov"
    assert Section.objects.filter(kind="body").exists()


def test_demo_stores_the_sample_files_verbatim_so_gold_offsets_apply(debug_on, capsys, settings):
    run_demo(capsys)
    for path in [
        *(settings.SAMPLE_DATA_DIR / "kazakhstan-2022").glob("*.txt"),
        *(settings.SAMPLE_DATA_DIR / "kazakhstan-2022-ru").glob("*.txt"),
    ]:
        assert Source.objects.filter(text=path.read_text(encoding="utf-8")).exists(), path.name


def test_demo_creates_one_account_per_role_that_can_log_in(debug_on, capsys, client):
    out = run_demo(capsys)
    for role in ROLES:
        password = f"{role}-demo-password"
        assert f"{role:<10} / {password}" in out
        assert client.login(username=role, password=password)
        client.logout()


def test_demo_accounts_hold_their_roles(debug_on, capsys, django_user_model):
    run_demo(capsys)
    annotator = django_user_model.objects.get(username="annotator")
    assert annotator.has_perm("claims.add_statement")
    assert not annotator.has_perm("claims.delete_statement")
    analyst = django_user_model.objects.get(username="analyst")
    assert analyst.has_perm("claims.view_claim")
    assert not analyst.has_perm("claims.change_statement")
    assert django_user_model.objects.get(username="admin").is_superuser


def test_running_demo_twice_changes_nothing(debug_on, capsys, django_user_model):
    run_demo(capsys)
    counts = (Source.objects.count(), Section.objects.count(), django_user_model.objects.count())
    out = run_demo(capsys)
    assert "0 sources added, 7 already there" in out
    assert (
        Source.objects.count(),
        Section.objects.count(),
        django_user_model.objects.count(),
    ) == counts


def test_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="runs only with DEBUG on"):
        call_command("demo", "--no-serve")
    assert not Source.objects.exists()


def test_demo_russian_samples_are_marked_as_samples_and_carry_the_claim(debug_on, capsys):
    run_demo(capsys)
    russian = Source.objects.filter(language="ru")
    assert russian.count() == 2
    assert all(s.byline == "Sample written for Claimtrail, not a real article" for s in russian)
    claim = Claim.objects.get(slug="foreign-interference")
    suggested = Statement.objects.filter(claim_links__claim=claim, source__language="ru")
    assert suggested.filter(speaker__name="Kassym-Jomart Tokayev").exists()
    assert suggested.filter(speaker__name="Мария Захарова").exists()


def test_demo_search_finds_the_russian_statements(debug_on, capsys):
    run_demo(capsys)
    hits = search.search("вмешательство")["statement"].hits
    assert hits
    # The Russian statements in its words first, then, by meaning, the English ones.
    russian = [hit for hit in hits if "вмешательств" in hit.text]
    assert russian
    assert hits[: len(russian)] == russian
    assert all(hit.source.language == "ru" for hit in russian)
    assert any("interference" in hit.text for hit in hits[len(russian) :])


NEW_RUSSIAN_ARTICLE = (
    "Лавров: Запад пытался использовать протесты в Казахстане\n\n"
    "МОСКВА, 14 января. /ТАСС/. Министр иностранных дел России Сергей Лавров заявил, что "
    "внешние силы пытались использовать протесты в Казахстане для дестабилизации региона.\n"
    "«Мы видели попытку вмешательства извне, это очевидно», — сказал Лавров журналистам.\n"
    "По словам министра, цены на топливо стали лишь поводом для беспорядков.\n"
    "Газета «Коммерсантъ» опубликовала хронику январских событий.\n"
)


def test_a_russian_article_ingested_after_the_demo_is_suggested_for_the_english_claim(
    debug_on, capsys
):
    run_demo(capsys)
    [result] = ingest_bytes(NEW_RUSSIAN_ARTICLE.encode(), name="lavrov.txt", format="txt")
    statements = list(Statement.objects.for_source(result.source).select_related("speaker"))
    assert {s.speaker.name for s in statements} == {"Сергей Лавров"}
    assert len(statements) == 3
    claim = Claim.objects.get(slug="foreign-interference")
    suggested = {s.text for s in statements if s.claim_links.filter(claim=claim).exists()}
    assert "Мы видели попытку вмешательства извне, это очевидно" in suggested
