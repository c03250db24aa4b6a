"""The case workspace: one case open in a tab, with its own inner tabs (see ``registry.TABS``)."""
