"""The SQL fold used by search (lower case, Vietnamese letters to ASCII) and the indexes that make it fast.

The letters are written out here, frozen, as migrations must be; tests/search/test_search.py checks that they
agree with search.text.fold, which folds the typed query the same way.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FOLD_FROM = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
FOLD_TO = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"

# IMMUTABLE and plain SQL, so PostgreSQL inlines it and an index on search_fold(column) serves WHERE clauses.
CREATE_FOLD = f"""
CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT translate(lower($1), '{FOLD_FROM}', '{FOLD_TO}') $$
"""

INDEXES = [
    # Names are found anywhere in the word (contains): trigram indexes.
    ("search_unit_name_trgm", "gis_core_adminunit", "USING gin (search_fold(name) gin_trgm_ops)"),
    ("search_plan_name_trgm", "planning_plan", "USING gin (search_fold(name) gin_trgm_ops)"),
    # Lot codes are found exactly or by their beginning, in code order: a plain b-tree in byte order ("C"),
    # which serves LIKE 'prefix%' and ORDER BY together.
    ("search_lot_code", "planning_zoninglot", '(search_fold(lot_code) COLLATE "C")'),
]


class Migration(migrations.Migration):
    dependencies = [
        ("gis_core", "0002_vn2000_spatial_refs"),
        ("planning", "0004_staged_plan_imports"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(CREATE_FOLD, "DROP FUNCTION IF EXISTS search_fold(text)"),
        *[
            migrations.RunSQL(f"CREATE INDEX {name} ON {table} {definition}", f"DROP INDEX IF EXISTS {name}")
            for name, table, definition in INDEXES
        ],
    ]
