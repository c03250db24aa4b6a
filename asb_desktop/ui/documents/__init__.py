"""The Documents tab of a case, its dialogs, and the Documents page across cases."""
