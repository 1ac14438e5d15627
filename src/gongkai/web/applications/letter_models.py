"""Letters' numbers, wording and delivery (issue 15, deliver 4). Imported by ``models``.

- :class:`LetterNumbering`: a unit's document-number pattern (示发改依申〔{年份}〕{序号}号).
- :class:`LetterCounter`: the last number given, per unit and year; the row is locked by
  the issuing transaction, so two letters never get one number.
- :class:`LetterWording`: the free paragraphs of a unit's letters of one kind.
- :class:`LetterDelivery`: how and when an issued letter was served (送达).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.letters import DEFAULT_NUMBER_PATTERN


class LetterNumbering(models.Model):
    unit = models.OneToOneField(
        "units.Unit", on_delete=models.CASCADE, related_name="letter_numbering"
    )
    pattern = models.CharField(
        _("document number pattern"), max_length=60, default=DEFAULT_NUMBER_PATTERN
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document number pattern")
        verbose_name_plural = _("document number patterns")

    def __str__(self) -> str:
        return f"{self.unit} {self.pattern}"


class LetterCounter(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="letter_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.last}"


class LetterWording(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="letter_wordings")
    kind = models.CharField(_("kind"), max_length=20)
    notes = models.TextField(_("other notes"), blank=True)
    closing = models.CharField(_("closing"), max_length=200, blank=True)
    signature = models.CharField(_("signature"), max_length=200, blank=True)
    contact = models.CharField(_("contact line"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letter wording")
        verbose_name_plural = _("letter wordings")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="letter_wording_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.kind}"


class DeliveryMethod(models.TextChoices):
    IN_PERSON = "in_person", _("Handed over in person")
    POST = "post", _("By post")
    EMAIL = "email", _("By e-mail")
    ONLINE = "online", _("Through the online platform")
    FAX = "fax", _("By fax")
    OTHER = "other", _("Other")


class LetterDelivery(models.Model):
    letter = models.ForeignKey(
        "applications.IssuedLetter", on_delete=models.CASCADE, related_name="deliveries"
    )
    method = models.CharField(_("delivery method"), max_length=20, choices=DeliveryMethod.choices)
    on = models.DateField(_("delivered on"))
    tracking_number = models.CharField(_("post tracking number"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter delivery")
        verbose_name_plural = _("letter deliveries")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.letter} {self.get_method_display()} {self.on}"
