from __future__ import annotations

from django.db import models


class Hit(models.Model):
    """One counted attempt (a failed login, an online application, a status lookup)."""

    key = models.CharField(max_length=200, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["key", "at"])]
