"""ASB Desktop: anti-social behaviour case management for social landlords."""

__version__ = "0.1.0"
