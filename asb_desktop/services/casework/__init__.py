"""Casework: taking a report, the case through its life, people, incidents, tasks, contacts,
interviews, risk, remedies, reviews and the case queries."""
