"""Alembic environment: the engine comes from the app (``db.alembic_config``), never from an ini file."""

from alembic import context

from asb_desktop.storage.orm import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    context.run_migrations()
