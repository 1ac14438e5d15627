"""Replays of the faults a hostile probe found (issue 13), each fixed at its root."""
