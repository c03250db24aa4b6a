"""Small widgets shared by the pages and the case workspace."""
