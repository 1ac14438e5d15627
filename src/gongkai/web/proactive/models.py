from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.models import private_storage

#: The 15 items of 条例 Art. 20, the catalogue's topics.
ART20_ITEMS = [
    (1, "（一）行政法规、规章和规范性文件"),
    (2, "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    (3, "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    (4, "（四）国民经济和社会发展统计信息"),
    (5, "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    (6, "（六）实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定"),
    (7, "（七）财政预算、决算信息"),
    (8, "（八）行政事业性收费项目及其依据、标准"),
    (9, "（九）政府集中采购项目的目录、标准及实施情况"),
    (10, "（十）重大建设项目的批准和实施情况"),
    (11, "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    (12, "（十二）突发公共事件的应急预案、预警信息及应对情况"),
    (13, "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    (14, "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"),
    (15, "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
]


class DocKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary information")
    RULES = "rules", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")


class CatalogueItem(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="catalogue")
    index_no = models.CharField(_("index number (索引号)"), max_length=60, unique=True)
    publisher = models.CharField(_("issuing organ (发布机构)"), max_length=100)
    doc_number = models.CharField(_("document number (文号)"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    written_on = models.DateField(_("written on (成文日期)"), null=True, blank=True)
    published_on = models.DateField(
        _("published on (发布日期)"), null=True, blank=True, db_index=True
    )
    topic = models.PositiveSmallIntegerField(_("topic (Art. 20 item)"), choices=ART20_ITEMS)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocKind.choices, default=DocKind.ORDINARY
    )
    issued_on = models.DateField(_("in force from"), null=True, blank=True)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    secrecy_reviewed = models.BooleanField(_("secrecy review done (保密审查)"), default=False)
    #: The digest of the content the review covered (``catalogue_item_digest``): publishing
    #: needs it to be the digest of the content at hand, so no edit slips past the review.
    reviewed_digest = models.CharField(
        _("digest of the reviewed content"), max_length=64, blank=True, editable=False
    )
    #: Marked by the office as a policy document: like a 行政规范性文件, it is published
    #: with its interpretation (政策解读).
    is_policy = models.BooleanField(
        _("policy document (published with its interpretation)"), default=False
    )
    #: On an interpretation (政策解读): the document it interprets.
    interprets = models.OneToOneField(
        "self",
        verbose_name=_("interprets (政策解读 of)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretation",
    )
    #: Why it was published without its document or interpretation (同步发布 refused otherwise).
    published_alone_reason = models.TextField(
        _("why published without its partner"), blank=True, editable=False
    )
    #: Where it went besides its column (issue 18): the portal, new-media accounts (the
    #: office's, :class:`Column` of category ``account``), the reading rooms (查阅点).
    on_portal = models.BooleanField(_("on the government website"), default=True)
    at_reading_room = models.BooleanField(_("at the reading rooms (查阅点)"), default=False)
    accounts = models.ManyToManyField(
        "proactive.Column",
        verbose_name=_("new-media accounts"),
        blank=True,
        related_name="posts",
        limit_choices_to={"category": "account"},
    )
    #: The website column (栏目) it is published in (:class:`Column`).
    column = models.ForeignKey(
        "proactive.Column",
        verbose_name=_("column (栏目)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["unit", "kind", "issued_on", "repealed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(repealed_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(repealed_on__gte=models.F("issued_on")),
                name="repealed_after_issued",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(secrecy_reviewed=True),
                name="published_after_secrecy_review",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="catalogue/%Y/")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ActiveCounts(models.Model):
    """Per unit and year, the Table 2 figures no catalogue holds."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="active_counts")
    year = models.PositiveIntegerField(_("year"))
    licensing = models.PositiveIntegerField(_("行政许可 decisions"), default=0)
    penalty = models.PositiveIntegerField(_("行政处罚 decisions"), default=0)
    coercion = models.PositiveIntegerField(_("行政强制 decisions"), default=0)
    fees_wan = models.DecimalField(
        _("行政事业性收费 (万元)"),
        max_digits=14,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("Table 2 counts")
        verbose_name_plural = _("Table 2 counts")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="active_counts_unit_year"),
            models.CheckConstraint(condition=models.Q(fees_wan__gte=0), name="fees_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    CHECKING = "checking", _("Checking the rows")
    WRITING = "writing", _("Saving")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused: nothing was imported")
    FAILED = "failed", _("Failed: nothing was imported")


#: The states of a job still at work (its thread updates ``heartbeat_at``).
IMPORT_RUNNING = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING)


class ImportJob(models.Model):
    """One import of Table 2 counts from an XLSX file (the staff page's, run in the
    background, or ``gongkai import counts``): its file as given, its progress while it
    runs, and what came of it. The rows are written in one transaction that also marks
    the job done, so a job is done exactly when its rows are saved."""

    filename = models.CharField(_("file name"), max_length=200)
    file = models.FileField(_("file"), upload_to="imports/%Y/", storage=private_storage)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    #: Data rows in the file (an estimate from the sheet's dimensions until it is read).
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows checked"), default=0)
    created = models.PositiveIntegerField(_("rows added"), default=0)
    updated = models.PositiveIntegerField(_("rows changed"), default=0)
    unchanged = models.PositiveIntegerField(_("rows unchanged"), default=0)
    #: Why nothing was imported: the bad cells (the first thousand), or the failure.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    #: Touched while the job runs: a running job whose heartbeat stops was interrupted.
    heartbeat_at = models.DateTimeField(_("last sign of life"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import of Table 2 counts")
        verbose_name_plural = _("imports of Table 2 counts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in IMPORT_RUNNING

    @property
    def percent(self) -> int:
        return min(100, self.processed * 100 // self.total) if self.total else 0


class ColumnCategory(models.TextChoices):
    """The inspection indicators' kinds of column (:mod:`gongkai.core.columns`)."""

    NEWS = "news", _("News (动态、要闻)")
    NOTICE = "notice", _("Notices (通知公告)")
    POLICY = "policy", _("Policy documents (政策文件)")
    PERSONNEL = "personnel", _("Personnel (人事)")
    PLANNING = "planning", _("Plans (规划计划)")
    ACCOUNT = "account", _("New-media account (政务新媒体)")
    OTHER = "other", _("Other")


class Platform(models.TextChoices):
    WEIBO = "weibo", _("Weibo (微博)")
    WECHAT = "wechat", _("WeChat official account (微信公众号)")
    OTHER = "other", _("Other platform")


class Column(models.Model):
    """A column (栏目) of a unit's disclosure pages, with its update rule: it must be
    updated at least every ``rule_days`` days (the default of its category, editable
    by the office)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="columns")
    name = models.CharField(_("column name"), max_length=60)
    category = models.CharField(
        _("category"), max_length=20, choices=ColumnCategory.choices, default=ColumnCategory.OTHER
    )
    rule_days = models.PositiveSmallIntegerField(
        _("update at least every (days)"), validators=[MinValueValidator(1)]
    )
    #: For a new-media account: its platform.
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="column_unit_name"),
            models.CheckConstraint(condition=models.Q(rule_days__gte=1), name="column_rule_days"),
        ]

    def __str__(self) -> str:
        return self.name


class LexiconCategory(models.TextChoices):
    LAW = "law", _("Name of a law or regulation")
    INSTITUTION = "institution", _("Name of an institution")
    PLACE = "place", _("Place name")
    OWN_NAME = "own_name", _("The unit's own name")
    POLITICAL = "political", _("Standard political expression")
    BANNED = "banned", _("Banned word")


class LexiconEntry(models.Model):
    """A wrong form and its correct form, checked in every item at review
    (:mod:`gongkai.core.wording`); kept by the disclosure office."""

    wrong = models.CharField(_("wrong form"), max_length=100, unique=True)
    correct = models.CharField(_("correct form"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=LexiconCategory.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("wording lexicon entry")
        verbose_name_plural = _("wording lexicon")
        ordering = ["category", "wrong"]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.correct}"


class WordingAction(models.TextChoices):
    CORRECTED = "corrected", _("Corrected")
    DISMISSED = "dismissed", _("Dismissed")


class WordingDecision(models.Model):
    """What the reviewer did with one wording hit of an item: corrected it (to
    ``replacement``) or dismissed it, with the reason."""

    item = models.ForeignKey(
        CatalogueItem, on_delete=models.CASCADE, related_name="wording_decisions"
    )
    field = models.CharField(_("field"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20)
    found = models.CharField(_("found"), max_length=200)
    replacement = models.CharField(_("replaced by"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=WordingAction.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("wording decision")
        verbose_name_plural = _("wording decisions")
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action="dismissed") | ~models.Q(reason=""),
                name="wording_dismissed_with_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.found} ({self.action})"


class ReadingRoom(models.Model):
    """A place where the public reads disclosed information (政府信息公开查阅点: an
    archive, a public library, a service centre), listed in the disclosure guide."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="reading_rooms")
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("location (address)"), max_length=200)
    hours = models.CharField(_("opening hours"), max_length=200)

    class Meta:
        verbose_name = _("reading room")
        verbose_name_plural = _("reading rooms")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="reading_room_unit_name")
        ]

    def __str__(self) -> str:
        return self.name
