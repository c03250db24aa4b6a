"""The evidence pipeline without Qt: the content-addressed store, kind detection, media analysis
(noise levels, photos, video, PDF and Word) and diary sheets. The services in
``asb_desktop/services/evidence/evidence.py`` put these together with the database and the chain of custody.
"""
