"""Migrations and models agree, on whichever database the suite runs on."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from service import db, migrations
from service.db import Base
from tests.conftest import fresh_database_url


def test_upgrade_from_empty_matches_the_models_and_downgrades_to_base(tmp_path):
    engine = db.make_engine(fresh_database_url(tmp_path, "migrations"))
    try:
        with engine.begin() as connection:
            migrations.upgrade(connection)
        with engine.connect() as connection:
            assert migrations.current_revisions(connection) == migrations.head_revisions()
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        with engine.begin() as connection:
            migrations.downgrade(connection, "base")
        with engine.connect() as connection:
            assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
        with engine.begin() as connection:
            migrations.upgrade(connection)
        with engine.connect() as connection:
            assert set(Base.metadata.tables) <= set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_every_mysql_table_is_innodb_utf8mb4():
    for table in Base.metadata.sorted_tables:
        assert table.kwargs.get("mysql_engine") == "InnoDB", table.name
        assert table.kwargs.get("mysql_charset") == "utf8mb4", table.name
