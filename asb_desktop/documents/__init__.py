"""Court-ready documents: one document model, DOCX and PDF renderers, and a builder per document
(witness statements, hearsay notices, Appendix 1 and 2, letters). No Qt here."""
