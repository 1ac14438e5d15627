from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from gongkai.core.report.formats import FORMATS, Version
from gongkai.web.storage import PrivateStorage

_T3 = FORMATS[Version.V2021].table("apply")


def private_storage() -> PrivateStorage:
    """Applicants' uploads and issued letters: kept in the private storage (var/private,
    or the S3-compatible bucket: gongkai.web.storage), never served as media."""
    return PrivateStorage()


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    POST_SIGNED = "post_signed", _("Post, signed for")
    POST_ORDINARY = "post_ordinary", _("Ordinary letter")
    ONLINE = "online", _("Online")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("Email")


class Category(models.TextChoices):
    """The applicant categories of Table 3; the values are its column ids."""

    NATURAL_PERSON = "np", "自然人"
    COMMERCIAL = "le_com", "商业企业"
    RESEARCH = "le_res", "科研机构"
    SOCIAL = "le_soc", "社会公益组织"
    LEGAL_SERVICE = "le_law", "法律服务机构"
    OTHER = "le_oth", "其他"


#: The Table 3 result rows an application can end in (the 2021 format's rows).
OUTCOME_CHOICES = [
    (r.id, r.label)
    for r in _T3.rows
    if r.id.startswith("apply.result.") and r.id != "apply.result.total"
]


def outcome_choices_grouped(choices: list[tuple[str, Any]]) -> list[tuple[Any, Any]]:
    """``choices`` with Table 3's numbered sub-rows under their heading (（三）不予公开 …),
    for a select: on their own, three options read 「1.…」 and one 「3.其他」."""
    heading = {row: g.label for g in _T3.groups for row in g.rows}
    out: list[tuple[Any, Any]] = []
    for value, label in choices:
        group = heading.get(value)
        if group is None:
            out.append((value, label))
        elif out and out[-1][0] == group:
            out[-1][1].append((value, label))
        else:
            out.append((group, [(value, label)]))
    return out


class Status(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting confirmation of receipt")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_CORRECTION = "awaiting_correction", _("Waiting for the applicant's correction")
    AWAITING_FEE = "awaiting_fee", _("Waiting for the fee")
    CONSULTING = "consulting", _("Consulting")
    CLOSED = "closed", _("Closed")


class FormWanted(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")
    INSPECTION = "inspection", _("Inspection on site")


#: How many characters of the information requested a list shows.
BRIEF = 40


class Application(models.Model):
    """One application. Its history is the ledger of :class:`Event` s; ``status`` and
    ``due_on`` are derived from the events by the services and kept for queries."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="applications")
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.CharField(_("applicant category"), max_length=10, choices=Category.choices)
    # Personal data: shown only to staff of the unit, never in logs or public pages.
    applicant_name = models.CharField(_("applicant name"), max_length=100)
    id_number = models.CharField(_("identity document number"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    identity_document = models.FileField(
        _("identity document (uploaded)"),
        upload_to="identity/%Y/",
        storage=private_storage,
        blank=True,
    )
    description = models.TextField(_("information requested"))
    form_wanted = models.CharField(_("form wanted"), max_length=20, choices=FormWanted.choices)
    submitted_on = models.DateField(_("submitted on"))
    received_on = models.DateField(_("received on (Art. 31)"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices)
    due_on = models.DateField(_("reply due"), null=True, blank=True, db_index=True)
    # The due date was counted over a year with no official holiday arrangement (预计).
    due_provisional = models.BooleanField(_("reply due is an estimate"), default=False)
    outcome = models.CharField(_("outcome"), max_length=60, choices=OUTCOME_CHOICES, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_on"]),
            # The work queue over many units: open applications by status, in due order.
            models.Index(
                fields=["status", "due_on", "unit"], include=["id"], name="application_queue"
            ),
            # Covers the report's Table 3 query (reports.selectors.table3_counts).
            models.Index(
                fields=["unit", "received_on", "closed_on", "category", "outcome"],
                name="application_table3",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | ~models.Q(outcome=""),
                name="closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def status_label(self) -> str:
        """The status's label, for lists: ``get_status_display`` rebuilds a dictionary of
        every choice, translating each label, on every call."""
        return str(Status(self.status).label)

    @property
    def description_brief(self) -> str:
        """The information requested, cut to :data:`BRIEF` characters for lists, with the
        language's ellipsis, as ``truncatechars`` cuts it (at a fraction of its cost)."""
        text = self.description
        if len(text) <= BRIEF:
            return text
        cut = pgettext("String to return when truncating text", "%(truncated_text)s…")
        room = BRIEF - len(cut % {"truncated_text": ""})
        return cut % {"truncated_text": text[:room]}


class PartyKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("A third party (Art. 32)")
    AGENCY = "agency", _("Another agency (Art. 34)")


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    CORRECTION_NOTICE = "correction_notice", _("Correction notice sent")
    CORRECTION_RECEIVED = "correction_received", _("Correction received")
    CORRECTION_LAPSED = "correction_lapsed", _("Correction not made in time")
    CONSULTATION = "consultation", _("Consultation")
    FEE_NOTICE = "fee_notice", _("Fee notice sent")
    FEE_PAID = "fee_paid", _("Fee paid")
    FEE_LAPSED = "fee_lapsed", _("Fee not paid in time")
    EXTENSION = "extension", _("Extension")
    TRANSFER = "transfer", _("Transferred")
    REPLY = "reply", _("Reply")
    NOTE = "note", _("Note")


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", _("Handed over (signature date)")
    POST = "post", _("Post (date handed to the post office)")
    ELECTRONIC = "electronic", _("Electronic (date sent)")


class Event(models.Model):
    """One entry of an application's ledger. Entries are only ever added."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    on = models.DateField(_("date"))
    until = models.DateField(
        _("until"), null=True, blank=True
    )  # a deadline, or a consultation's answer date
    days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    party = models.CharField(_("consulted party / receiving unit"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=60, choices=OUTCOME_CHOICES, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    # A partial reply: what is withheld (the legal basis is ``legal_basis``).
    withheld = models.TextField(_("withheld parts"), blank=True)
    # A consultation: a third party (Art. 32) or another agency (Art. 34).
    party_kind = models.CharField(
        _("consulted"), max_length=20, choices=PartyKind.choices, blank=True
    )
    service_method = models.CharField(
        _("service method"), max_length=20, choices=ServiceMethod.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class AppealKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    LIT_DIRECT = "lit_direct", "未经复议直接起诉"
    LIT_AFTER_REVIEW = "lit_after_review", "复议后起诉"


class AppealResult(models.TextChoices):
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class Appeal(models.Model):
    """A reconsideration (行政复议) or lawsuit (行政诉讼) over an application (Table 4)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="appeals")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="appeals"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AppealKind.choices)
    result = models.CharField(
        _("result"), max_length=20, choices=AppealResult.choices, default=AppealResult.PENDING
    )
    filed_on = models.DateField(_("filed on"), db_index=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    deciding_body = models.CharField(_("reconsideration body or court"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reconsideration or lawsuit")
        verbose_name_plural = _("reconsiderations and lawsuits")
        ordering = ["-filed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True) | ~models.Q(result="pending"),
                name="decided_has_result",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True)
                | models.Q(decided_on__gte=models.F("filed_on")),
                name="decided_after_filed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on}"


class LetterKindChoice(models.TextChoices):
    REPLY = "reply", "政府信息公开申请答复书"
    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "征求意见函"


class IssuedLetter(models.Model):
    """A letter as issued: kept with the application and never changed afterwards."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKindChoice.choices)
    title = models.CharField(_("title"), max_length=100)
    docx = models.FileField(upload_to="letters/%Y/", storage=private_storage)
    pdf = models.FileField(upload_to="letters/%Y/", storage=private_storage)
    # The letter's date: the date of its step in the ledger (not the day it was printed).
    issued_on = models.DateField(_("issued on"))
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("document number"), max_length=80, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number_seq = models.PositiveIntegerField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issued letter")
        verbose_name_plural = _("issued letters")
        ordering = ["created_at"]
        constraints = [
            # A number is never given twice, and a step has one letter (reprints share it).
            models.UniqueConstraint(
                fields=["unit", "number_year", "number_seq"], name="letter_number_unique"
            ),
            models.UniqueConstraint(
                fields=["event"], condition=models.Q(event__isnull=False), name="letter_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.title}"


# The letters' own models live in their module; imported here so that Django finds them.
from gongkai.web.applications.letter_models import DeliveryMethod as DeliveryMethod  # noqa: E402
from gongkai.web.applications.letter_models import LetterCounter as LetterCounter  # noqa: E402
from gongkai.web.applications.letter_models import LetterDelivery as LetterDelivery  # noqa: E402
from gongkai.web.applications.letter_models import LetterNumbering as LetterNumbering  # noqa: E402
from gongkai.web.applications.letter_models import LetterWording as LetterWording  # noqa: E402


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a reviewer")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(models.Model):
    """A clerk's request to extend the reply period (Art. 33), decided by a reviewer of
    the unit other than the requester. Only an approved request moves the due date: its
    approval adds the extension to the ledger (``event``)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_on = models.DateField(_("requested on"))
    days = models.PositiveSmallIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
        db_index=True,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("reason for the decision"), blank=True)
    event = models.OneToOneField(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="extension_request"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_on", "-id"]
        constraints = [
            # One request at a time waits for a decision.
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="pending"),
                name="one_pending_extension_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.days} {self.get_status_display()}"
