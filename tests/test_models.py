"""The domain model's invariants, checked by the models and by the database, on both engines."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from claims.models import Speaker, Statement
from sources.models import Section, Source, content_hash
from tests.factories import (
    OutletFactory,
    SectionFactory,
    SourceFactory,
    SpeakerFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def raw_sql(sql, params):
    """Run SQL past the ORM, as another client or a restore would."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


class TestStatementAnchoring:
    def test_statement_text_is_the_source_text_at_its_span(self):
        statement = StatementFactory()
        statement.refresh_from_db()
        assert statement.source.text[statement.start : statement.end] == statement.text
        assert statement.text == "The river will rise by two metres before Friday"

    def test_quote_context_is_filled_like_a_text_quote_selector(self):
        statement = StatementFactory()
        assert statement.source.text[: statement.start].endswith(statement.prefix)
        assert statement.source.text[statement.end :].startswith(statement.suffix)
        assert statement.suffix.startswith(",\u201d Environment Minister")

    def test_save_refuses_text_that_is_not_at_the_span(self):
        source = SourceFactory()
        statement = Statement(source=source, start=0, end=8, text="Ministry", kind="direct")
        with pytest.raises(ValidationError, match="does not match the source"):
            statement.save()
        assert not Statement.objects.exists()

    def test_save_refuses_a_span_past_the_end_of_the_source(self):
        source = SourceFactory()
        n = len(source.text)
        statement = Statement(source=source, start=n - 2, end=n + 5, text="x", kind="direct")
        with pytest.raises(ValidationError, match="not inside the source"):
            statement.save()

    def test_moving_a_span_in_place_is_checked_again(self):
        statement = StatementFactory()
        statement.start += 1
        with pytest.raises(ValidationError):
            statement.save()
        statement.refresh_from_db()
        assert statement.text == "The river will rise by two metres before Friday"

    def test_bulk_create_checks_every_statement(self):
        source = SourceFactory()
        good = Statement.at_span(source, 0, 8, kind="direct")
        bad = Statement(source=source, start=0, end=8, text="Ministry", kind="direct")
        with pytest.raises(ValidationError):
            Statement.objects.bulk_create([good, bad])
        assert not Statement.objects.exists()

    def test_queryset_update_cannot_move_spans(self):
        StatementFactory()
        with pytest.raises(ValidationError, match="one statement at a time"):
            Statement.objects.update(start=0)

    def test_queryset_update_of_other_fields_works(self):
        statement = StatementFactory()
        Statement.objects.update(state="accepted")
        statement.refresh_from_db()
        assert statement.state == "accepted"

    def test_offsets_count_code_points_in_every_script(self):
        text = "Заголовок\n\n«Мы не отступим 🇰🇿», — сказал министр.\u00a0Конец."
        source = SourceFactory(text=text)
        start, end = text.index("Мы"), text.index("», ")
        statement = Statement.at_span(source, start, end, kind="direct")
        statement.save()
        statement.refresh_from_db()
        assert statement.text == "Мы не отступим 🇰🇿"

    def test_database_refuses_a_raw_update_to_other_text_of_the_same_length(self):
        statement = StatementFactory()
        wrong = "X" * len(statement.text)
        with pytest.raises(IntegrityError):
            raw_sql("UPDATE claims_statement SET text = %s WHERE id = %s", [wrong, statement.pk])
        statement.refresh_from_db()
        assert statement.text == "The river will rise by two metres before Friday"

    def test_database_refuses_a_raw_shift_of_the_span(self):
        statement = StatementFactory()
        with pytest.raises(IntegrityError):
            raw_sql(
                'UPDATE claims_statement SET start = start + 1, "end" = "end" + 1 WHERE id = %s',
                [statement.pk],
            )

    def test_database_accepts_a_raw_update_that_keeps_the_invariant(self):
        statement = StatementFactory()
        source_text = statement.source.text
        raw_sql(
            'UPDATE claims_statement SET start = 0, "end" = 8, text = %s WHERE id = %s',
            [source_text[0:8], statement.pk],
        )
        statement.refresh_from_db()
        assert statement.text == "Minister"

    def test_database_refuses_an_empty_or_reversed_span(self):
        statement = StatementFactory()
        with pytest.raises(IntegrityError):
            raw_sql(
                'UPDATE claims_statement SET start = 5, "end" = 5, text = %s WHERE id = %s',
                ["", statement.pk],
            )

    def test_database_refuses_confidence_outside_zero_to_one(self):
        statement = StatementFactory()
        with pytest.raises(IntegrityError):
            raw_sql("UPDATE claims_statement SET confidence = 1.5 WHERE id = %s", [statement.pk])


class TestSourceText:
    def test_content_hash_identifies_the_text(self):
        source = SourceFactory(text="Some article text.")
        assert source.content_hash == content_hash("Some article text.")

    def test_the_same_text_cannot_be_stored_twice(self):
        SourceFactory(text="Some article text.")
        with pytest.raises(IntegrityError), transaction.atomic():
            SourceFactory(text="Some article text.")

    def test_text_without_statements_may_still_be_corrected(self):
        source = SourceFactory(text="Draft text.")
        source.text = "Final text."
        source.save()
        source.refresh_from_db()
        assert source.content_hash == content_hash("Final text.")

    def test_text_with_statements_never_changes(self):
        statement = StatementFactory()
        source = statement.source
        original = source.text
        source.text = original.replace("river", "stream")
        with pytest.raises(ValidationError, match="never changes"):
            source.save()
        source.refresh_from_db()
        assert source.text == original

    def test_database_refuses_a_raw_change_of_anchored_text(self):
        statement = StatementFactory()
        with pytest.raises(IntegrityError):
            raw_sql(
                "UPDATE sources_source SET text = %s WHERE id = %s",
                ["Completely different.", statement.source_id],
            )

    def test_empty_text_is_refused_by_the_database(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.create(text="")

    def test_section_span_must_be_non_empty(self):
        source = SourceFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Section.objects.create(source=source, kind="body", start=10, end=10)

    def test_section_reads_its_part_of_the_text(self):
        section = SectionFactory(start=0, end=8)
        assert section.text == "Minister"


class TestDeletion:
    def test_deleting_a_source_deletes_its_statements_and_sections(self):
        statement = StatementFactory()
        SectionFactory(source=statement.source)
        statement.source.delete()
        assert not Statement.objects.exists()
        assert not Section.objects.exists()

    def test_a_speaker_with_statements_cannot_be_deleted(self):
        statement = StatementFactory()
        with pytest.raises(ProtectedError):
            statement.speaker.delete()

    def test_an_outlet_with_sources_cannot_be_deleted(self):
        source = SourceFactory()
        with pytest.raises(ProtectedError):
            source.outlet.delete()


class TestSpeakers:
    def test_aliases_find_the_speaker_whatever_the_case_accents_or_dashes(self):
        speaker = SpeakerFactory(name="Kassym-Jomart Tokayev")
        speaker.add_alias("Tokayev")
        assert list(Speaker.objects.matching("Kassym\u2011Jomart  TOKAYEV")) == [speaker]
        assert list(Speaker.objects.matching("tokáyev")) == [speaker]
        assert not Speaker.objects.matching("Tokaev").exists()

    def test_adding_a_known_alias_twice_keeps_one(self):
        speaker = SpeakerFactory(name="Alexander Lukashenko")
        speaker.add_alias("Lukashenka")
        speaker.add_alias("LUKASHENKA")
        assert speaker.aliases.count() == 1
        assert speaker.add_alias("alexander lukashenko") is None

    def test_speakers_with_the_same_name_get_distinct_slugs(self):
        first = SpeakerFactory(name="John Smith")
        second = SpeakerFactory(name="John Smith")
        assert first.slug != second.slug


class TestOutlets:
    def test_domain_is_stored_without_www_and_unique(self):
        outlet = OutletFactory(name="BelTA", domain="WWW.Belta.by")
        assert outlet.domain == "belta.by"
        with pytest.raises(IntegrityError), transaction.atomic():
            OutletFactory(name="BelTA English", domain="belta.by")

    def test_many_outlets_may_have_no_domain(self):
        OutletFactory(name="A blog", domain="")
        OutletFactory(name="Another blog", domain="")


def test_outlets_whose_names_slugify_alike_get_distinct_slugs(db):
    first = OutletFactory(name="Nation!", domain="")
    second = OutletFactory(name="Nation?", domain="")
    assert (first.slug, second.slug) == ("nation", "nation-2")


@pytest.mark.parametrize("model", ["statement", "claimlink", "assignment", "section"])
def test_a_default_ordering_reads_one_table(model):
    """Ordering by a foreign key's name ("source") sorts by the related model's ordering,
    joining its table into every unordered query; ordering by the column does not."""
    from django.apps import apps

    found = next(m for m in apps.get_models() if m._meta.model_name == model)
    sql = str(found.objects.all().query)
    assert "JOIN" not in sql, sql
