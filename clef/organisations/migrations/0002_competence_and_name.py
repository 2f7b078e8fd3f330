"""Issue 6: the territorial competence of State services (what a DREETS or a DDETS oversees), filled
for the existing ones; organisation names refuse control and invisible characters."""

from django.db import migrations, models

import clef.utils.bounds


def set_competence(apps, schema_editor):
    """Existing State services: departmental when they have a head-office department, else regional."""
    Organisation = apps.get_model("organisations", "Organisation")
    state = Organisation.objects.filter(kind="state")
    state.filter(head_office_department__isnull=False).update(competence="departementale")
    state.filter(head_office_department__isnull=True).update(competence="regionale")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="competence",
            field=models.CharField(
                blank=True,
                choices=[
                    ("regionale", "Régionale (DREETS : toute la région)"),
                    ("departementale", "Départementale (DDETS : son département)"),
                ],
                help_text="Services de l'État : régionale (DREETS) ou départementale (DDETS, département du siège).",
                max_length=20,
                verbose_name="compétence territoriale",
            ),
        ),
        migrations.RunPython(set_competence, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="name",
            field=models.CharField(
                max_length=200, validators=[clef.utils.bounds.NoControlCharacters()], verbose_name="nom"
            ),
        ),
    ]
