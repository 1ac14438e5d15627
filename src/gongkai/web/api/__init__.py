"""The versioned JSON API (``/api/v1/``), its client tokens and the reports sent upward."""
