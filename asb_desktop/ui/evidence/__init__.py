"""The evidence pages: the Evidence tab of a case and the evidence inbox (Qt only; the work is in
``asb_desktop/services/evidence.py`` and ``services/diary.py``)."""
