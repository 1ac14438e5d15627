"""The ``gongkai`` command line: a thin click layer over the core (and the web app)."""
