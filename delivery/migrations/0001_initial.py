# The models of message delivery, moved here from alerts (alerts/0010): state only, the tables keep their names.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("alerts", "0010_delivery_moves_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='WebhookSubscription',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('url', models.URLField(max_length=500, verbose_name='URL')),
                        ('secret', models.CharField(help_text='The receiver checks X-IOC-Signature with it.', max_length=200, verbose_name='shared secret')),
                        ('audiences', models.JSONField(blank=True, default=list, help_text='Audiences sent, e.g. ["agency_focal", "province_leadership"]; empty: every message.', verbose_name='audiences')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'verbose_name': 'webhook subscription',
                        'verbose_name_plural': 'webhook subscriptions',
                        'db_table': 'alerts_webhooksubscription',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='ZaloRecipient',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('phone', models.CharField(help_text='As registered for the contact, e.g. 0905 123 456.', max_length=20, unique=True, verbose_name='phone')),
                        ('user_id', models.CharField(help_text="The follower's id for our OA.", max_length=64, verbose_name='Zalo user id')),
                        ('display_name', models.CharField(blank=True, max_length=120, verbose_name='Zalo display name')),
                    ],
                    options={
                        'verbose_name': 'Zalo follower',
                        'verbose_name_plural': 'Zalo followers',
                        'db_table': 'alerts_zalorecipient',
                        'ordering': ['phone'],
                    },
                ),
                migrations.CreateModel(
                    name='MessageDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(max_length=20, verbose_name='channel')),
                        ('address', models.CharField(help_text='Email, phone, Zalo user id or URL.', max_length=500, verbose_name='address')),
                        ('recipient_name', models.CharField(blank=True, max_length=150, verbose_name='recipient')),
                        ('subject', models.CharField(blank=True, max_length=300, verbose_name='subject')),
                        ('body', models.TextField(verbose_name='body')),
                        ('state', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Failed for good')], default='pending', max_length=10, verbose_name='state')),
                        ('attempts', models.PositiveIntegerField(default=0, verbose_name='attempts')),
                        ('created_at', models.DateTimeField(verbose_name='created at')),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='next attempt at')),
                        ('claimed_until', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='being sent until')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                        ('provider_id', models.CharField(blank=True, max_length=200, verbose_name='id given by the provider')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('outbox', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deliveries', to='alerts.outbox', verbose_name='notice')),
                        ('subscription', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='deliveries', to='delivery.webhooksubscription', verbose_name='webhook subscription')),
                    ],
                    options={
                        'verbose_name': 'message delivery',
                        'verbose_name_plural': 'message deliveries',
                        'db_table': 'alerts_messagedelivery',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='MessageTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('audience', models.CharField(choices=[('agency_focal', 'Focal persons of an agency'), ('agency_leader', 'Leader of an agency'), ('operators', 'IOC operators'), ('province_committee', "Provincial People's Committee"), ('province_leadership', 'Province leadership')], max_length=20, verbose_name='audience')),
                        ('channel', models.CharField(help_text='A name from delivery.channel_names.CHANNELS.', max_length=20, verbose_name='channel')),
                        ('subject', models.CharField(blank=True, help_text='Django template syntax. Variables: {{ alert_id }}, {{ title }}, {{ subject }}, {{ body }}, {{ state }}, {{ category }}, {{ severity }}, {{ procedure }}, {{ units }}, {{ lead_agency }}, {{ agency }}, {{ recipient_name }}, {{ deadline }}, {{ resolution_deadline }}, {{ event }}, {{ link }}.', max_length=300, verbose_name='subject')),
                        ('body', models.TextField(help_text='Django template syntax. Variables: {{ alert_id }}, {{ title }}, {{ subject }}, {{ body }}, {{ state }}, {{ category }}, {{ severity }}, {{ procedure }}, {{ units }}, {{ lead_agency }}, {{ agency }}, {{ recipient_name }}, {{ deadline }}, {{ resolution_deadline }}, {{ event }}, {{ link }}.', verbose_name='body')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'verbose_name': 'message template',
                        'verbose_name_plural': 'message templates',
                        'db_table': 'alerts_messagetemplate',
                        'ordering': ['audience', 'channel'],
                        'constraints': [models.UniqueConstraint(fields=('audience', 'channel'), name='one_template_per_audience_channel')],
                    },
                ),
                migrations.CreateModel(
                    name='DeliveryAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(verbose_name='attempt')),
                        ('at', models.DateTimeField(verbose_name='at')),
                        ('outcome', models.CharField(choices=[('sent', 'Sent'), ('retry', 'Failed, will retry'), ('failed', 'Failed for good')], max_length=10, verbose_name='outcome')),
                        ('detail', models.TextField(blank=True, verbose_name='detail')),
                        ('duration_ms', models.PositiveIntegerField(default=0, verbose_name='duration (ms)')),
                        ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='log', to='delivery.messagedelivery', verbose_name='delivery')),
                    ],
                    options={
                        'verbose_name': 'delivery attempt',
                        'verbose_name_plural': 'delivery attempts',
                        'db_table': 'alerts_deliveryattempt',
                        'ordering': ['delivery', 'number'],
                        'constraints': [models.UniqueConstraint(fields=('delivery', 'number'), name='one_log_row_per_attempt')],
                    },
                ),
                migrations.AddIndex(
                    model_name='messagedelivery',
                    index=models.Index(condition=models.Q(('state', 'pending')), fields=['channel', 'next_attempt_at'], name='delivery_due'),
                ),
            ],
            database_operations=[],
        ),
    ]
