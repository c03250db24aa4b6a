"""Alembic environment: the engine comes from the app (``db.alembic_config``), never from an ini file."""

from alembic import context

from asb_desktop.storage.orm import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    if connection.dialect.name == "sqlite":
        # pysqlite begins a transaction only before INSERT, UPDATE or DELETE: without this each CREATE,
        # ALTER and DROP would commit on its own, and an upgrade stopped half-way (kill -9, power cut)
        # would leave tables the next upgrade trips over. Now every migration commits together or not at all.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    context.run_migrations()
    connection.commit()
