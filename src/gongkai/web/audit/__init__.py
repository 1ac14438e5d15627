"""The audit log: one row for every state change, written in the same transaction."""
