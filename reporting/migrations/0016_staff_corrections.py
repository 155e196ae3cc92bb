"""Staff correct the place, dates and items of a report, each value kept before and after with
the reason; Report takers and Supervisors may."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from accounts.roles import sync_roles


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0015_data_rules_of_the_forms'),
        ('accounts', '0001_staff_groups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='historyentry',
            name='kind',
            field=models.CharField(choices=[('submitted', 'Report filed'), ('status', 'Status changed'), ('note', 'Staff note'), ('message', 'Message'), ('view', 'Viewed by staff'), ('file_access', 'File opened by staff'), ('assignment', 'Assigned'), ('visit', 'Visit scheduled'), ('supplement', 'Information added'), ('evidence', 'Evidence logged'), ('custody', 'Evidence changed hands'), ('copy', 'Copy downloaded by the resident'), ('correction', 'Report corrected by staff')], max_length=12, verbose_name='kind'),
        ),
        migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(choices=[('address', 'Where'), ('place_type', 'Type of place'), ('occurred_from', 'Happened on or after'), ('occurred_to', 'Happened on or before'), ('description', 'Description'), ('brand', 'Brand'), ('model', 'Model'), ('serial_number', 'Serial number'), ('quantity', 'How many'), ('value', 'Value of one, in dollars')], max_length=16, verbose_name='what was corrected')),
                ('before', models.CharField(blank=True, max_length=300, verbose_name='before')),
                ('after', models.CharField(blank=True, max_length=300, verbose_name='after')),
                ('reason', models.TextField(verbose_name='why')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='corrected at')),
                ('corrected_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='corrected by')),
                ('item', models.ForeignKey(blank=True, help_text='For a correction of an item; empty for the place and dates.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='reporting.item', verbose_name='item')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='reporting.report', verbose_name='report')),
            ],
            options={
                'verbose_name': 'correction',
                'verbose_name_plural': 'corrections',
                'ordering': ['created_at', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('before', models.F('after')), _negated=True), name='reporting_correction_changes_something'), models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='reporting_correction_reason_given'), models.CheckConstraint(condition=models.Q(models.Q(('field__in', ('address', 'place_type', 'occurred_from', 'occurred_to')), ('item__isnull', True)), models.Q(('item__isnull', False), models.Q(('field__in', ('address', 'place_type', 'occurred_from', 'occurred_to')), _negated=True)), _connector='OR'), name='reporting_correction_item_fields_name_an_item'), models.CheckConstraint(condition=models.Q(('field__in', ['address', 'place_type', 'occurred_from', 'occurred_to', 'description', 'brand', 'model', 'serial_number', 'quantity', 'value'])), name='reporting_correction_field_known')],
            },
        ),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
