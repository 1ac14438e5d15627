"""Evaluating many units' annual reports: a scoring scheme (:mod:`.scheme`), each
report's score (:mod:`.scoring`), the ranking and the common problems (:mod:`.results`),
and what is published from them — the workbook, the HTML page and the bulletin (通报).

Pure Python like the rest of the core: the reports come as audit records, made by the
bulk audit (``core.report.batch``), and nothing here reads the clock.
"""
