"""Dialogs: each one file, each takes the services (or plain data) it needs."""
