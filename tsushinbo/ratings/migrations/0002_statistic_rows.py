from django.db import migrations

CRITERIA = ("overall", "clarity", "feasibility", "sincerity")


def create_rows(apps, schema_editor):
    Statistic = apps.get_model("ratings", "Statistic")
    for criterion in CRITERIA:
        Statistic.objects.get_or_create(criterion=criterion)


class Migration(migrations.Migration):
    """One statistics row per criterion, so votes can keep them current from the start."""

    dependencies = [("ratings", "0001_initial")]

    operations = [migrations.RunPython(create_rows, migrations.RunPython.noop)]
