"""Counting the SQL statements a piece of code sends: for tests that a figure or a page runs a
fixed number of queries however many rows there are."""
from contextlib import contextmanager

import sqlalchemy as sa

from eventapp.extensions import db


@contextmanager
def counted_queries():
    """Inside an app context: yields the list of statements sent while the block runs."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def queries(build, *args) -> int:
    """How many statements `build(*args)` sends."""
    with counted_queries() as statements:
        build(*args)
    return len(statements)
