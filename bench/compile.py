"""The county roll-up compile at scale, against one raw GROUP BY over the same rows.

    .venv/bin/python bench/compile.py --applications 1000000 --units 3000 --database sqlite
    .venv/bin/python bench/compile.py --applications 1000000 --units 3000 --database postgres

Makes 示例市 the first time (``gongkai demo --applications N --units U``; kept in bench/.data
or the PostgreSQL database gongkai_bench_N_U). Then, warm, ``--repeat`` times each:
(a) ``report_compile`` of the city's roll-up (every unit under it) for one year — Tables 2,
3 and 4, the units without data, and the rules; (b) one raw
``SELECT unit_id, outcome, category, COUNT(*) … GROUP BY unit_id, outcome, category`` over
the applications of the same units, all rows fetched. Prints the medians and, last,
``ratio X.XX`` = compile / raw.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _db import prepare


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    url = prepare(args.database, args.applications, args.units)

    from django.db import connection

    from gongkai.web.applications.models import Application
    from gongkai.web.demo_bulk import CITY_CODE
    from gongkai.web.reports.services import report_compile
    from gongkai.web.units.models import Unit

    city = Unit.objects.get(code=CITY_CODE)
    rows = Application.objects.filter(unit__path__startswith=city.path).count()
    units = Unit.objects.filter(path__startswith=city.path).count()
    print(f"database: {connection.vendor} ({url})")
    print(f"示例市: {units:,} units, {rows:,} applications; roll-up of {args.year}")

    app = connection.ops.quote_name(Application._meta.db_table)
    unit = connection.ops.quote_name(Unit._meta.db_table)
    raw_sql = (
        f"SELECT a.unit_id, a.outcome, a.category, COUNT(*) FROM {app} a "
        f"WHERE a.unit_id IN (SELECT u.id FROM {unit} u WHERE u.path LIKE %s) "
        "GROUP BY a.unit_id, a.outcome, a.category"
    )

    def raw() -> int:
        with connection.cursor() as cursor:
            cursor.execute(raw_sql, [city.path + "%"])
            return len(cursor.fetchall())

    def compile_() -> int:
        compiled = report_compile(unit=city, year=args.year, subtree=True)
        return int(compiled.report.cells["apply.new.total"].number or 0)

    def timed(fn) -> tuple[float, int]:
        fn()  # warm: the pages in the cache, the statements prepared
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - started)
        return statistics.median(times), result

    compile_s, received = timed(compile_)
    raw_s, groups = timed(raw)
    print(
        f"compile (roll-up of {units:,} units): {compile_s * 1000:8.1f} ms  (收到申请 {received:,})"
    )
    print(f"raw GROUP BY unit, outcome, category: {raw_s * 1000:8.1f} ms  ({groups:,} groups)")
    print(f"ratio {compile_s / raw_s:.2f}")


if __name__ == "__main__":
    main()
