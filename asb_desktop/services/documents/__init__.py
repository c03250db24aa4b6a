"""Documents from the case file: Appendix 1 and 2, letters, witness statements and their review
and signing, complaint and review packs, witness support."""
