"""The evidence pages: the Evidence tab of a case and the evidence inbox (Qt only; the work is in
``asb_desktop/services/evidence/evidence.py`` and ``services/evidence/diary.py``)."""
