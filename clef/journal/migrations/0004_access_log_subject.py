"""Issue 8: the access log names the record read when it is not the household file (a support note, a SIAO
proposal), and gets the contexts of the new pages. SQLite rebuilds the table for these changes, which
drops the append-only triggers: they are dropped first and created again last, with the SQL of migration
0003 (imported, not copied: a migration never changes once applied)."""

from importlib import import_module

from django.db import migrations, models

_triggers = import_module("clef.journal.migrations.0003_generic_subject")


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0003_generic_subject"),
    ]

    operations = [
        migrations.RunPython(_triggers.drop_triggers, _triggers.create_triggers, elidable=False),
        migrations.AddField(
            model_name="accesslogentry",
            name="subject_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="dossier lu"),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="subject_type",
            field=models.CharField(
                blank=True,
                default="",
                help_text="« app.modèle » du dossier lu.",
                max_length=60,
                verbose_name="type de dossier lu",
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="context",
            field=models.CharField(
                choices=[
                    ("fiche", "Fiche du ménage"),
                    ("modification", "Modification du ménage"),
                    ("entree", "Entrée dans un logement"),
                    ("sortie", "Sortie du dispositif"),
                    ("changement", "Changement de logement"),
                    ("logement", "Fiche d'un logement (occupants)"),
                    ("recherche", "Recherche par nom"),
                    ("liste", "Liste des ménages"),
                    ("export", "Export des données"),
                    ("proposition", "Proposition du SIAO (candidat)"),
                    ("accompagnement", "Accompagnement du ménage"),
                    ("note", "Note d'accompagnement"),
                    ("sortie_accompagnee", "Sortie accompagnée"),
                    ("reunion", "Réunion IML ou liste « À faire »"),
                ],
                default="fiche",
                max_length=20,
                verbose_name="contexte",
            ),
        ),
        migrations.RunPython(_triggers.create_triggers, _triggers.drop_triggers, elidable=False),
    ]
