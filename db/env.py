"""Alembic environment. The application passes an open connection in
``config.attributes["connection"]``; there is no alembic.ini and no offline mode."""

from alembic import context

from station_app.data.models import Base, import_all

import_all()

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
