"""Evidence on cases: the store, chain of custody, exhibits and diary sheets."""
