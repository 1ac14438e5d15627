"""The Django web application: a county disclosure office's daily work.

Apps call the core (``gongkai.core``); the core never imports from here.
"""
