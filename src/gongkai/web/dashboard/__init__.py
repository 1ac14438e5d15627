"""The office's dashboard: applications by month, outcomes by Table 3 row, overdue and
due-soon replies by unit, this year against last."""
