"""manage.py demo: the sample corpus and one account per role, safely repeatable."""

import pytest
from django.core.management import CommandError, call_command

from claims.roles import ROLES
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
    assert Source.objects.count() == 5
    assert set(Outlet.objects.values_list("name", flat=True)) == {
        "BelTA",
        "RBC",
        "Updates From Kazakhstan",
        "Military Review",
        "New Eastern Outlook",
    }
    assert Source.objects.get(outlet__name="New Eastern Outlook").byline == "Vladimir Platov"
    assert Section.objects.filter(kind="body").exists()


def test_demo_stores_the_sample_files_verbatim_so_gold_offsets_apply(debug_on, capsys, settings):
    run_demo(capsys)
    for path in (settings.SAMPLE_DATA_DIR / "kazakhstan-2022").glob("*.txt"):
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
    assert "0 sources added, 5 already there" in out
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
