"""The witness review window: only the statement, large text, read-aloud, change requests, signing."""
