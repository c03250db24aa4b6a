"""Helpers shared by test folders, imported as ``support.<module>``.

``tests`` is on ``sys.path`` because pytest imports tests/conftest.py in its default ("prepend") import
mode; a helper here has one module name, unlike a folder's ``conftest`` (pytest keeps only the last one
loaded under that name, so importing helpers from a conftest breaks when two folders run together).
"""
