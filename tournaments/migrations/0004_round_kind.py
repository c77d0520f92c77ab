"""Rounds store their kind instead of a name; the name is derived and translated when shown.

Stored names (English, as the sources wrote them) map to kinds; a name no kind matches takes
the kind its bracket slots give. A promotional final's tournament name, once stored in the
language active when it was created, is stored in English (pages show it translated)."""

from django.db import migrations, models

from tournaments import bracket
from tournaments.vocabulary import RoundKind

KIND_CHOICES = [
    ("round", "Round (numbered)"),
    ("play_in", "Play-in"),
    ("reclassification", "Reclassification"),
    ("round_of_64", "Round of 64"),
    ("round_of_32", "Round of 32"),
    ("round_of_16", "Round of 16"),
    ("quarter_final", "Quarter-finals"),
    ("semi_final", "Semi-finals"),
    ("final", "Final"),
    ("promotional_final", "Promotional final"),
]
ENGLISH_NAMES = dict(KIND_CHOICES)


def kind_for(name, qualifiers, number):
    kind = RoundKind.from_name(name or "")
    if kind is None and qualifiers:
        kind = RoundKind.for_teams(bracket.bracket_size(qualifiers) // 2 ** (number - 1))
    return (kind or RoundKind.ROUND).value


def names_to_kinds(apps, schema_editor):
    Round = apps.get_model("tournaments", "Round")
    for round_ in Round.objects.select_related("tournament"):
        round_.kind = kind_for(round_.name, round_.tournament.qualifiers, round_.number)
        round_.save(update_fields=["kind"])
    HistoricalRound = apps.get_model("tournaments", "HistoricalRound")
    for record in HistoricalRound.objects.all():
        record.kind = kind_for(record.name, None, record.number)
        record.save(update_fields=["kind"])
    Tournament = apps.get_model("tournaments", "Tournament")
    Tournament.objects.filter(kind="promotional_final").update(name="Promotional final")


def kinds_to_names(apps, schema_editor):
    for model in ("Round", "HistoricalRound"):
        for round_ in apps.get_model("tournaments", model).objects.all():
            name = ENGLISH_NAMES[round_.kind]
            round_.name = f"Round {round_.number}" if round_.kind == "round" else name
            round_.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("tournaments", "0003_league_staff_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalround",
            name="kind",
            field=models.CharField(
                choices=KIND_CHOICES,
                default="round",
                help_text="The round's name is derived from it, in the reader's language.",
                max_length=20,
                verbose_name="kind",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="round",
            name="kind",
            field=models.CharField(
                choices=KIND_CHOICES,
                default="round",
                help_text="The round's name is derived from it, in the reader's language.",
                max_length=20,
                verbose_name="kind",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(names_to_kinds, kinds_to_names),
        migrations.RemoveField(model_name="historicalround", name="name"),
        migrations.RemoveField(model_name="round", name="name"),
    ]
