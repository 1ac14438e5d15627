"""Browser tests use the ``browser``, ``page`` and ``shot`` fixtures of tests/conftest.py."""
