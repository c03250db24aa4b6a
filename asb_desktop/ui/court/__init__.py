"""The case's notices and court bundle, as one inner tab of the case workspace."""
