"""Rate limits kept in the database, so that every server process sees the same counts."""
