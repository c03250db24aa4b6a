"""Synthetic demonstration data (not a service: it writes rows in bulk, below the use cases)."""
