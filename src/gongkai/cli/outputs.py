"""The row file and HTML summary of a bulk audit: kept in :mod:`gongkai.core.report.outputs`
(the web's bulk audit jobs write the same files); re-exported here for the CLI."""

from gongkai.core.report.outputs import COLUMNS, KEY_CELLS, RULES, RowWriter, Summary, row_of

__all__ = ["COLUMNS", "KEY_CELLS", "RULES", "RowWriter", "Summary", "row_of"]
