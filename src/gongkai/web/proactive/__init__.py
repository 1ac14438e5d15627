"""Proactive disclosure (主动公开): the catalogue, its review, and the Table 2 counts
that no catalogue holds."""
