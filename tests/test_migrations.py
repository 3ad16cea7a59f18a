"""The Alembic migrations build, on a fresh database, exactly the schema the models describe."""
import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from eventapp import create_app
from eventapp.extensions import db
from tests.conftest import make_config


@pytest.fixture
def fresh_database_url(db_backend, tmp_path):
    """A URL to an empty database: a new SQLite file, or a new PostgreSQL database."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    # make_config skips (or fails under CI) when TEST_DATABASE_URL is not set.
    base_url = sa.engine.make_url(make_config("postgresql", {}, tmp_path).SQLALCHEMY_DATABASE_URI)
    # A database of our own, so tests running at the same time on the shared one are not disturbed.
    name = f"eventapp_migrations_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def migrated_app(fresh_database_url, tmp_path):
    app = create_app(make_config("sqlite", {"SQLALCHEMY_DATABASE_URI": fresh_database_url}, tmp_path))
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, db.metadata)


@pytest.mark.database
def test_migrations_reach_the_models_schema(migrated_app, db_backend):
    tables = set(sa.inspect(db.engine).get_table_names())

    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables
    assert schema_differences() == []


@pytest.mark.database
def test_migrated_database_enforces_the_constraints(migrated_app, db_backend):
    from datetime import date

    from eventapp.events.models import Event, EventDay
    from tests import factories

    event = factories.event(starts_on=date(2020, 2, 10), ends_on=date(2020, 2, 13))
    db.session.add(EventDay(event_id=event.id, date=date(2020, 2, 10)))
    db.session.commit()
    db.session.add(EventDay(event_id=event.id, date=date(2020, 2, 10)))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()

    db.session.add(Event(
        edition=99, title_sw="x", title_en="x", theme_sw="x", theme_en="x", venue="x", city="x",
        starts_on=date(2020, 2, 13), ends_on=date(2020, 2, 10),
        registration_opens_on=date(2020, 1, 1), registration_closes_on=date(2020, 2, 1),
    ))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.database
def test_migrations_downgrade_to_nothing(migrated_app, db_backend):
    downgrade(revision="base")

    remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()
    upgrade()
    assert schema_differences() == []


@pytest.mark.database
def test_badge_token_migration_gives_existing_registrations_distinct_random_tokens(migrated_app, db_backend):
    from eventapp.registration.models import Registration
    from tests import factories

    event = factories.open_event()
    category = factories.category(event, fee=0)
    for _n in range(3):
        factories.registration(category)
    db.session.remove()

    downgrade(revision="6f24dfcbb131")  # before badge tokens
    assert "badge_token" not in {c["name"] for c in sa.inspect(db.engine).get_columns("registrations")}
    upgrade()

    tokens = db.session.scalars(sa.select(Registration.badge_token)).all()
    assert len(tokens) == 3 and len(set(tokens)) == 3
    assert all(len(token) == 43 for token in tokens)
    db.session.remove()
    assert schema_differences() == []
