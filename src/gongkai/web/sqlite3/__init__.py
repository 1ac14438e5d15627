"""gongkai's SQLite database backend (``ENGINE = "gongkai.web.sqlite3"``): Django's, with the
database file readable by gongkai's own user alone (see :mod:`.base`)."""
