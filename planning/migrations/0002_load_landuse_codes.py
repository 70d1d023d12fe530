"""Load the national land-use code catalogue from fixtures/landuse_codes.json."""

from django.db import migrations


def load_codes(apps, schema_editor):
    from planning.catalogue import sync_catalogue

    sync_catalogue(apps.get_model("planning", "LandUseCode"))


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]
    operations = [migrations.RunPython(load_codes, migrations.RunPython.noop)]
