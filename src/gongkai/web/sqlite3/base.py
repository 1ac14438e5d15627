"""Django's SQLite backend, with the database file readable by gongkai's user alone.

SQLite creates a database file with mode 0644 (less the umask): every local user could
read the applicants' names, identity numbers and phones in it (issue 13, item 12). It
creates the ``-wal``, ``-shm`` and ``-journal`` files beside it with the database file's
own mode. So, before each connection: the database file is created with mode 0600 when it
does not exist yet, and an existing one (with those companions) that others may read —
made before gongkai did this — is made 0600.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base

#: The mode of the database file and its companions.
FILE_MODE = 0o600
COMPANIONS = ("-wal", "-shm", "-journal")


def make_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (SQLite takes an empty file
    for an empty database); take away others' access to it and its companions if they
    have any."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        pass
    else:
        os.close(fd)
    for p in (path, *(path.with_name(path.name + suffix) for suffix in COMPANIONS)):
        try:
            st = os.stat(p)
        except FileNotFoundError:
            continue
        if stat.S_IMODE(st.st_mode) & 0o077 and st.st_uid == os.geteuid():
            os.chmod(p, FILE_MODE)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        name = conn_params.get("database")
        if (
            isinstance(name, str | os.PathLike)
            and not self.is_in_memory_db()
            and not str(name).startswith("file:")  # a URI: SQLite's to interpret
            and Path(name).parent.is_dir()  # else SQLite says what is wrong
        ):
            make_private(Path(name))
        return super().get_new_connection(conn_params)
