"""Re-import by row hash: an unchanged row is not rewritten, a changed one is updated and journaled alone;
the stored rows are compared as plain values (never one model instance per stored row)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.dwellings.models import Dwelling
from clef.exchange.reader import CsvRows, read_dataset
from clef.journal.models import JournalEntry
from clef.stays.models import Stay
from clef.utils.bulk import row_hash
from tests.exchange.test_import_export import VALID, run, write

WRITES = ("INSERT", "UPDATE", "DELETE", "COPY", "ANALYZE")  # ANALYZE: PostgreSQL only, after a load


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_row_hash_compares_values_not_their_spelling():
    assert row_hash([Decimal("41.50"), True, None]) == row_hash([Decimal("41.5"), True, None])
    assert row_hash([None]) != row_hash([""])
    assert row_hash([True]) != row_hash(["True"])
    assert row_hash(["a", "b"]) != row_hash(["b", "a"])
    assert row_hash([Decimal("100")]) != row_hash([Decimal("10")])


@pytest.mark.django_db
def test_reimporting_unchanged_data_writes_nothing(tmp_path):
    run(write(tmp_path / "a", VALID))
    entries = JournalEntry.objects.count()
    with CaptureQueriesContext(connection) as captured:
        report = run(write(tmp_path / "b", VALID))
    assert report.ok, [str(p) for p in report.problems]
    assert all(c["créés"] == 0 and c["modifiés"] == 0 for c in report.counts.values()), report.counts
    assert report.counts["sejours"]["inchangés"] == 3
    assert writes(captured.captured_queries) == []
    assert JournalEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_value_written_another_way_is_unchanged(tmp_path):
    """Decimal comma, French dates, 1/0 for booleans: the typed values are compared, not the text."""
    run(write(tmp_path / "a", VALID))
    respelled = dict(
        VALID,
        logements=VALID["logements"].replace("41.5,", '"41,50",').replace("2022-01-01,,", "01/01/2022,,"),
        sejours=VALID["sejours"].replace("parc_social,oui,non,1250.5", "parc_social,1,0,1250.50"),
    )
    with CaptureQueriesContext(connection) as captured:
        report = run(write(tmp_path / "b", respelled))
    assert report.ok, [str(p) for p in report.problems]
    assert report.counts["logements"] == {"créés": 0, "modifiés": 0, "inchangés": 2}
    assert report.counts["sejours"] == {"créés": 0, "modifiés": 0, "inchangés": 3}
    assert writes(captured.captured_queries) == []


@pytest.mark.django_db
def test_only_the_changed_rows_are_updated_and_journaled(tmp_path):
    run(write(tmp_path / "a", VALID))
    l1, l2 = Dwelling.objects.get(external_id="L1"), Dwelling.objects.get(external_id="L2")
    before = JournalEntry.objects.count()
    changed = dict(
        VALID,
        logements=VALID["logements"].replace("L1,S1,69383,1 rue A", "L1,S1,69383,1 rue Z"),
        sejours=VALID["sejours"].replace("parc_social,oui,non,1250.5", "parc_social,oui,non,1300"),
    )
    with CaptureQueriesContext(connection) as captured:
        report = run(write(tmp_path / "b", changed))
    assert report.ok, [str(p) for p in report.problems]
    assert report.counts["logements"] == {"créés": 0, "modifiés": 1, "inchangés": 1}
    assert report.counts["sejours"] == {"créés": 0, "modifiés": 1, "inchangés": 2}
    assert report.counts["menages"] == {"créés": 0, "modifiés": 0, "inchangés": 2}
    updates = [sql for sql in writes(captured.captured_queries) if sql.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 2  # one bulk UPDATE per table that changed, nothing else
    new = JournalEntry.objects.order_by("pk")[before:]
    assert [(e.content_type.model, e.action) for e in new] == [("dwelling", "update"), ("stay", "update")]
    assert new[0].object_id == l1.pk and new[0].changes["address"]["old"] == "1 rue A"
    assert new[0].changes["address"]["new"] == "1 rue Z"
    t2 = Stay.objects.get(external_id="T2")
    assert new[1].object_id == t2.pk and t2.exit_debt == Decimal("1300.00")
    assert (new[1].changes["exit_debt"]["old"], new[1].changes["exit_debt"]["new"]) == (
        "1\u202f250,50\u00a0€",
        "1\u202f300,00\u00a0€",
    )
    assert Dwelling.objects.get(pk=l1.pk).version == l1.version + 1  # an edit form opened before is refused
    assert Dwelling.objects.get(pk=l2.pk).version == l2.version


@pytest.mark.django_db
def test_an_overlap_with_an_earlier_long_stay_is_reported_even_when_another_stay_lies_between(tmp_path):
    """Sorted by entry, each stay is compared with the one ending last before it, not only its neighbour:
    C (line 5) lies inside A although B comes between them."""
    stays = (
        VALID["sejours"].splitlines()[0] + "\n"
        "A,M1,L1,2022-02-01,2022-12-31,parc_social,non,non,\n"
        "B,M2,L1,2022-03-01,2022-04-01,parc_social,non,non,\n"
        "C,M2,L1,2022-05-01,2022-06-01,parc_social,non,non,\n"
    )
    report = run(write(tmp_path / "d", dict(VALID, sejours=stays)))
    occupied = [p.line for p in report.errors if "déjà occupé" in p.message]
    assert occupied == [3, 4]


def test_csv_rows_are_parsed_again_on_each_pass_not_held(tmp_path):
    folder = write(tmp_path / "d", dict(VALID, personnes="\n\n" + VALID["personnes"]))
    table = read_dataset(folder).tables["personnes"]
    assert isinstance(table.rows, CsvRows) and len(table.rows) == 3
    first, second = list(table.rows), list(table.rows)
    assert first == second and first[0] == (
        4,
        {
            "personne_id": "P1",
            "menage_id": "M1",
            "role": "reference",
            "sexe": "F",
            "date_naissance": "1988-04-12",
        },
    )


@pytest.mark.django_db
def test_stored_rows_are_compared_without_building_model_instances(tmp_path, monkeypatch):
    """The cost the row hash removes: a re-import used to build one model instance per stored row."""
    from django.db.models import Model

    from clef.households.models import Household, Person

    run(write(tmp_path / "a", VALID))
    built = []
    original = Model.from_db.__func__

    def counting(cls, db, field_names, values):
        built.append(cls)
        return original(cls, db, field_names, values)

    monkeypatch.setattr(Model, "from_db", classmethod(counting))
    report = run(write(tmp_path / "b", VALID))
    assert report.ok
    assert not [cls for cls in built if cls in {Dwelling, Household, Person, Stay}]


@pytest.mark.django_db
def test_a_reference_person_who_steps_down_is_journaled_with_the_role_she_had(tmp_path):
    """The old reference is demoted before the upsert (one reference per household at every statement):
    the journal still shows « Personne de référence → Autre », and she counts as changed."""
    from clef.households.models import Person

    run(write(tmp_path / "a", VALID))
    p1 = Person.objects.get(external_id="P1")
    swapped = dict(
        VALID,
        menages=VALID["menages"].replace("M1,S1,famille_monoparentale", "M1,S1,autre"),
        personnes=VALID["personnes"]
        .replace("P1,M1,reference", "P1,M1,autre")
        .replace("P2,M1,enfant", "P2,M1,reference"),
    )
    last = JournalEntry.objects.order_by("pk").last().pk
    report = run(write(tmp_path / "b", swapped))
    assert report.ok, [str(p) for p in report.problems]
    assert report.counts["personnes"] == {"créés": 0, "modifiés": 2, "inchangés": 1}
    entry = JournalEntry.objects.get(pk__gt=last, content_type__model="person", object_id=p1.pk)
    assert entry.changes["role"]["old"] == "Personne de référence" and entry.changes["role"]["new"] == "Autre"
    assert Person.objects.get(pk=p1.pk).role == "autre"
