"""A calendar change at scale: entering a year's arrangement recomputes every open
application's due date, with an audit row for each that moves, in one transaction.

    .venv/bin/python bench/calendar_recompute.py --applications 1000000 --units 3000 --database sqlite

Makes 示例市 the first time (``gongkai demo --applications N --units U`` as of 2026-11-26;
kept in bench/.data or the PostgreSQL database gongkai_bench_N_U). Then, ``--repeat``
times: sets one day off (2026-12-15, a Tuesday most open applications count over) through
the calendar service and removes it again, each in its own transaction, rolled back at the
end of the run so that the database is left as it was. Prints the open applications, how
many moved, and the seconds of each change (the office waits this long on the page).
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from _db import AS_OF, prepare


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = prepare(args.database, args.applications, args.units)

    from django.db import connection, transaction

    from gongkai.web.applications.models import Application, Status
    from gongkai.web.workdays.services import calendar_set_day

    as_of = date.fromisoformat(AS_OF)
    day = date(2026, 12, 15)
    open_apps = Application.objects.exclude(status=Status.CLOSED).exclude(received_on=None)
    print(f"database: {connection.vendor} ({url})")
    print(f"open applications: {open_apps.count():,}")
    times, moved = [], []

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            for _ in range(args.repeat):
                for working in (False, None):
                    started = time.perf_counter()
                    moved.append(
                        calendar_set_day(day=day, working=working, actor=None, as_of=as_of)
                    )
                    times.append(time.perf_counter() - started)
            raise Undo
    except Undo:
        pass
    print(f"moved per change: {moved}")
    print(
        f"seconds per change: min {min(times):.2f}  median {statistics.median(times):.2f}  max {max(times):.2f}"
    )


if __name__ == "__main__":
    main()
