"""A trigram GiST index on the folded text of mentions: near-duplicate look-ups (sectors/listening/dedup.py) take the
nearest text by trigram distance from it instead of comparing every mention of the week (10x faster than GIN with `%`
on bench_listening's 20,000 mentions)."""

from django.db import migrations

INDEX = "listening_mention_text_trgm"


class Migration(migrations.Migration):
    dependencies = [
        ("listening", "0002_mention_listening_m_publish_ca2005_idx"),
        ("search", "0001_fold_function_and_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON listening_mention "
            "USING gist (search_fold(title || ' ' || excerpt) gist_trgm_ops(siglen=256))",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
