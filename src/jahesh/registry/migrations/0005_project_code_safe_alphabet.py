# Project codes are path segments of the portal and of the static export: existing codes outside
# the safe alphabet (a «/», «..», spaces …) are rewritten and each change is reported.

from django.db import migrations, models

import jahesh.registry.codes


def repair_codes(apps, schema_editor):
    Project = apps.get_model("registry", "Project")
    jahesh.registry.codes.project_codes_repair(Project)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_meta_options_as_tuples'),
    ]

    operations = [
        migrations.RunPython(repair_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalproject',
            name='code',
            field=models.CharField(max_length=40, validators=[jahesh.registry.codes.validate_project_code], verbose_name='کد پروژه'),
        ),
        migrations.AlterField(
            model_name='project',
            name='code',
            field=models.CharField(max_length=40, validators=[jahesh.registry.codes.validate_project_code], verbose_name='کد پروژه'),
        ),
    ]
