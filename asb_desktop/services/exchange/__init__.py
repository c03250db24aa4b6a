"""One whole case file in and out: the exchange format, its export and strict import."""
