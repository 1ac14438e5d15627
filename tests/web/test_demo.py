"""The demo county 示例县, loaded once for the session, compiled into reports for every
unit and year: its records must give reports that balance.

Loading takes about half a minute, so it happens once, outside any test's transaction,
and the data is committed to the test database. Each test here still runs in its own
transaction (the ``django_db`` mark) and only reads. When the last test of this module
is done, the database is emptied again, so that the tests of other modules never see
the demo's units and accounts (and the demo starts from an empty database). The
session fixtures are defined in this module, so no other module can ask for them after
that.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F, Q
from django.utils import timezone

from gongkai.core.report.formats import APPLICANT_COLUMNS, FORMATS, Version
from gongkai.web.applications.models import (
    OUTCOME_CHOICES,
    Appeal,
    AppealKind,
    Application,
    Category,
    Channel,
    Event,
    EventKind,
    Status,
)
from gongkai.web.audit.models import AuditLog
from gongkai.web.demo import COUNTY_CODE, DemoResult, load_demo
from gongkai.web.proactive.models import CatalogueItem, DocKind
from gongkai.web.reports.services import report_compile
from gongkai.web.units.models import Unit
from support import TODAY

#: The demo is made as of today (the session's frozen date): the three years before it
#: and this year up to today.
AS_OF = TODAY
YEARS = (AS_OF.year - 3, AS_OF.year - 2, AS_OF.year - 1)
CELLS = FORMATS[Version.V2021].cells
COLUMNS = (*APPLICANT_COLUMNS, "total")
#: R1–R4 (spec §4): the Table 3 column, total and row equations and the Table 4 total.
R1_R4 = {"T3.E001", "T3.E002", "T3.E003", "T4.E001"}


pytestmark = [pytest.mark.django_db, pytest.mark.dated]


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker) -> DemoResult:
    with django_db_blocker.unblock():
        assert not Unit.objects.exists(), "the demo needs an empty test database"
        return load_demo(as_of=AS_OF)


@pytest.fixture(scope="module", autouse=True)
def _remove_the_demo_afterwards(django_db_blocker) -> Iterator[None]:
    """The demo's data is committed: take it out again once this module's tests are done."""
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
def compiled(demo, django_db_blocker) -> dict[tuple[str, int, bool], object]:
    """Every unit's report, and the county's roll-up, from the year before the demo's to
    today's (compiled once)."""
    out = {}
    with django_db_blocker.unblock():
        for unit in Unit.objects.order_by("path"):
            for year in (YEARS[0] - 1, *YEARS, AS_OF.year):
                out[unit.code, year, False] = report_compile(unit=unit, year=year)
                if unit.code == COUNTY_CODE:
                    out[unit.code, year, True] = report_compile(unit=unit, year=year, subtree=True)
    return out


def numbers(c) -> dict[str, Decimal]:
    return {cell: v.number for cell, v in c.report.cells.items()}


def test_about_3000_applications_and_open_ones_now(demo):
    assert demo.units == 15
    made = Application.objects.filter(received_on__year__in=YEARS).count()
    assert 2_500 <= made <= 4_000
    now = Application.objects.filter(received_on__year=AS_OF.year)
    assert now.exclude(status=Status.CLOSED).exists()
    assert now.exists()
    assert demo.applications == Application.objects.count()
    assert not Application.objects.filter(received_on__gt=AS_OF).exists()
    assert not Application.objects.filter(closed_on__gt=AS_OF).exists()


def test_every_outcome_channel_and_category_occurs(demo):
    closed = Application.objects.filter(status=Status.CLOSED)
    assert set(closed.values_list("outcome", flat=True).distinct()) == set(dict(OUTCOME_CHOICES))
    assert set(Application.objects.values_list("channel", flat=True).distinct()) == set(
        Channel.values
    )
    assert set(Application.objects.values_list("category", flat=True).distinct()) == set(
        Category.values
    )


def test_catalogue_and_cases_of_every_kind(demo):
    assert CatalogueItem.objects.filter(kind=DocKind.NORMATIVE).exists()
    assert CatalogueItem.objects.filter(kind=DocKind.ORDINARY).exists()
    assert set(Appeal.objects.values_list("kind", flat=True).distinct()) == set(AppealKind.values)


@pytest.mark.parametrize("year", YEARS)
def test_no_report_breaks_r1_to_r4(demo, compiled, year):
    broken = {
        (code, sub): sorted({f.id for f in c.findings} & R1_R4)
        for (code, y, sub), c in compiled.items()
        if y == year and {f.id for f in c.findings} & R1_R4
    }
    assert broken == {}
    # Every unit and the county's roll-up were compiled for the year.
    assert sum(1 for (_, y, _) in compiled if y == year) == demo.units + 1


@pytest.mark.parametrize("year", (*YEARS, AS_OF.year))
def test_carried_in_equals_last_years_carried_out(demo, compiled, year):
    for (code, y, sub), c in compiled.items():
        if y != year:
            continue
        this, last = numbers(c), numbers(compiled[code, year - 1, sub])
        for col in COLUMNS:
            assert this[f"apply.carried_in.{col}"] == last[f"apply.carried_out.{col}"], (
                code,
                sub,
                year,
                col,
            )


@pytest.mark.parametrize("year", (*YEARS, AS_OF.year))
def test_the_county_roll_up_is_the_sum_of_its_units(demo, compiled, year):
    rollup = numbers(compiled[COUNTY_CODE, year, True])
    parts = [numbers(c) for (_, y, sub), c in compiled.items() if y == year and not sub]
    assert len(parts) == demo.units
    assert set(rollup) == set(CELLS)
    for cell in CELLS:
        assert rollup[cell] == sum(p[cell] for p in parts), cell
    assert rollup["apply.new.total"] > 0
    assert rollup["apply.result.total.total"] > 0


def test_the_reports_count_every_application(demo, compiled):
    """Each application is counted once as new, in the year of its receipt."""
    for year in YEARS:
        new = numbers(compiled[COUNTY_CODE, year, True])["apply.new.total"]
        assert new == Application.objects.filter(received_on__year=year).count()


def test_every_ledger_ends_with_its_closing(demo):
    """A plausible life: nothing happens to an application after it was closed — no fee paid,
    no consultation answered, no extension approved after the reply."""
    late = Event.objects.filter(application__closed_on__isnull=False).filter(
        Q(on__gt=F("application__closed_on"))
        | Q(kind=EventKind.CONSULTATION, until__gt=F("application__closed_on"))
        | Q(kind=EventKind.CONSULTATION, until=None)
    )
    assert list(late.values_list("application__tracking_code", "kind", "on", "until")[:5]) == []
    assert late.count() == 0


def test_no_personal_data_in_the_audit_log(demo):
    personal = set()
    for name, id_number, phone in Application.objects.values_list(
        "applicant_name", "id_number", "phone"
    ):
        personal |= {name, id_number, phone}
    personal.discard("")
    assert len(personal) > 1_000
    logged = "\n".join(
        json.dumps(data, ensure_ascii=False)
        for data in AuditLog.objects.values_list("data", flat=True)
    )
    assert (
        AuditLog.objects.filter(action="application.register").count()
        == Application.objects.count()
    )
    assert [p for p in personal if p in logged] == []


def test_no_public_page_shows_personal_data(demo, client):
    """Every page of the public portal over the demo county, scanned for applicants'
    names (natural persons), identity numbers and phones."""
    from gongkai.web.proactive.models import CatalogueItem, ItemStatus
    from gongkai.web.reports.models import ReportStatus, ReportVersion

    personal = set()
    for name, id_number, phone, category in Application.objects.values_list(
        "applicant_name", "id_number", "phone", "category"
    ):
        personal |= {id_number, phone} | ({name} if category == "np" else set())
    personal.discard("")
    urls = ["/open/", "/open/catalogue/", "/open/catalogue/?q=通知", "/open/status/"]
    for unit in Unit.objects.all():
        urls += [
            f"/open/units/{unit.code}/",
            f"/open/apply/{unit.code}/",
            f"/open/catalogue/?unit={unit.code}",
        ]
    urls += [
        f"/open/catalogue/{pk}/"
        for pk in CatalogueItem.objects.filter(status=ItemStatus.PUBLISHED).values_list(
            "pk", flat=True
        )
    ]
    for v in ReportVersion.objects.filter(status=ReportStatus.PUBLISHED):
        suffix = "?scope=subtree" if v.scope == "subtree" else ""
        urls += [
            f"/open/reports/{v.unit.code}/{v.year}/{suffix}",
            f"/open/reports/{v.unit.code}/{v.year}/download.html{suffix}",
            f"/open/reports/{v.unit.code}/{v.year}/download.md{suffix}",
        ]
    assert len(urls) > 150
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append((url, response.content.decode()))
    # The status page, reached by tracking code and the phone's last four digits.
    for app in Application.objects.exclude(phone="").order_by("pk")[
        :: max(1, Application.objects.count() // 40)
    ]:
        # from many addresses: one address may look up only 20 in ten minutes
        response = client.post(
            "/open/status/",
            {"tracking_code": app.tracking_code, "phone_last4": app.phone[-4:]},
            REMOTE_ADDR=f"10.0.{app.pk % 250}.{app.pk // 250 % 250}",
        )
        body = response.content.decode()
        assert app.tracking_code in body and app.get_status_display() in body
        pages.append((f"status {app.tracking_code}", body))
    leaks = [(url, p) for url, body in pages for p in personal if p in body]
    assert leaks == []


def test_the_login_page_names_every_demo_account(demo, client):
    from django.contrib.auth import get_user_model

    from gongkai.web.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    names = {name for name, _label in DEMO_ACCOUNTS}
    assert names == set(get_user_model().objects.values_list("username", flat=True))
    assert {name for name, _ in demo.users} == names
    body = client.get("/accounts/login/").content.decode()
    assert DEMO_PASSWORD in body
    for name, label in DEMO_ACCOUNTS:
        assert f"<code>{name}</code>" in body and label in body


def test_the_demo_letters_are_numbered_dated_and_delivered(demo):
    from gongkai.web.applications.models import IssuedLetter

    letters = IssuedLetter.objects.select_related("event", "unit").order_by("pk")
    assert {lt.kind for lt in letters} >= {"reply", "correction"}
    for lt in letters:
        assert lt.issued_on == lt.event.on and lt.issued_on.year == AS_OF.year
    fgj = [lt.number for lt in letters if lt.unit.code == f"{COUNTY_CODE}-FGJ"]
    assert fgj == [f"示发改依申〔{AS_OF.year}〕{i}号" for i in range(1, len(fgj) + 1)]
    jyj = [lt.number for lt in letters if lt.unit.code == f"{COUNTY_CODE}-JYJ"]
    assert jyj and jyj[0] == f"示政依申〔{AS_OF.year}〕1号"  # the county's pattern, its own count
    replies = [lt for lt in letters if lt.kind == "reply"]
    assert replies and all(lt.deliveries.exists() for lt in replies)
    # The contact line names the issuing unit, not the county's office for every unit.
    import io

    import docx

    first = next(lt for lt in letters if lt.unit.code == f"{COUNTY_CODE}-FGJ")
    with first.docx.open("rb") as fh:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(fh.read())).paragraphs)
    assert "联系人：示例县发展和改革局办公室" in text and "县政务公开办" not in text
    # Its telephone is the one the unit's guide gives, not a blank like 0000-1234567.
    fgj = Unit.objects.get(code=f"{COUNTY_CODE}-FGJ")
    phone = re.search(r"联系电话：(\S+?)；", fgj.disclosure_guide)
    assert phone and f"联系电话：{phone[1]}" in text
    assert not phone[1].startswith("0000")


def test_every_report_due_by_today_is_published_on_time(demo, client):
    """Art. 49, as a rule of the demo's today: a report whose deadline (a department's 31
    January, a township's and the county's 31 March) has passed is published, dated
    before its deadline — save the two faults the office's evaluation finds in the year
    it checks (民政局 nine days late, 青石镇 not at all); one still due is being written."""
    from gongkai.web.demo_reports import evaluated_year
    from gongkai.web.reports.models import ReportStatus, ReportVersion

    checked = evaluated_year(AS_OF)
    assert {checked, checked - 1} <= set(YEARS)
    county = Unit.objects.get(code=COUNTY_CODE)
    due_now = 0
    for unit in Unit.objects.all():
        scope = "subtree" if unit == county else "unit"
        for year in (*YEARS, AS_OF.year):
            deadline = unit.report_deadline(year)
            versions = ReportVersion.objects.filter(unit=unit, year=year, scope=scope)
            published = versions.filter(status=ReportStatus.PUBLISHED).order_by("number").first()
            if year == AS_OF.year:
                assert published is None
                continue
            assert versions.exists(), (unit.code, year)
            if deadline >= AS_OF:
                due_now += 1
                on = timezone.localtime(published.published_at).date() if published else None
                assert on is None or on <= AS_OF, (unit.code, year, on)
                if unit == county:
                    assert published is None  # the county's roll-up is still a draft
                continue
            if unit.code == f"{COUNTY_CODE}-QSZ" and year == checked:
                assert published is None
                continue
            assert published is not None, (unit.code, year)
            on = timezone.localtime(published.published_at).date()
            late = unit.code == f"{COUNTY_CODE}-MZJ" and year == checked
            limit = deadline + timedelta(days=9 if late else 0)
            assert date(year + 1, 1, 1) <= on <= limit, (unit.code, year, on)
            assert (on > deadline) == late, (unit.code, year, on)
    # Early in a year some are published and others still being written.
    if date(AS_OF.year, 1, 31) < AS_OF <= date(AS_OF.year, 3, 31):
        assert due_now >= 7
        this = ReportVersion.objects.filter(year=AS_OF.year - 1, status=ReportStatus.PUBLISHED)
        assert this.filter(unit__kind="department").count() == 8
    # The portal lists last year's reports of every unit whose deadline has passed.
    last = AS_OF.year - 1
    listed = client.get(f"/open/reports/?year={last}").content.decode()
    for unit in Unit.objects.filter(kind="department"):
        if unit.report_deadline(last) < AS_OF:
            assert unit.name in listed
        if date(AS_OF.year, 1, 20) > AS_OF:
            assert unit.name not in listed
    if date(AS_OF.year, 3, 31) < AS_OF:
        assert "示例县城关镇" in listed and "示例县人民政府" in listed


def test_every_unit_page_shows_its_disclosure_guide(demo, client):
    """The guide (Art. 12): each unit's own office, address, telephone and hours — not the
    one-line fallback of a unit that has written none."""
    phones = set()
    for unit in Unit.objects.all():
        body = client.get(f"/open/units/{unit.code}/").content.decode()
        assert unit.disclosure_guide, unit.code
        assert "依申请公开" in body and "受理机构" in body, unit.code
        assert "工作日上午9:00-12:00、下午14:00-17:30" in body, unit.code
        address = re.search(r"地址：(示例县[^；]+)；", body)
        phone = re.search(r"联系电话：(0\d{2,3}-[2-8]\d{6,7})；", body)
        assert address and phone, unit.code
        assert not phone[1].startswith("0000-"), phone[1]
        phones.add(phone[1])
    assert len(phones) == demo.units  # each unit its own telephone


def test_organisations_are_named_as_their_category(demo):
    """Table 3 counts applicants by category: a 有限公司 is a commercial enterprise, a
    研究所 a research body, a 协会 or 基金会 a public-interest body, a 律师事务所 a legal
    service — the ledger must not file 示例建材有限公司 as a 社会公益组织."""
    rules = {
        Category.COMMERCIAL: ("有限公司",),
        Category.RESEARCH: ("研究所", "研究院", "研究中心"),
        Category.SOCIAL: ("协会", "基金会", "志愿", "促进会"),
        Category.LEGAL_SERVICE: ("律师事务所", "法律服务所"),
    }
    names = set(
        Application.objects.exclude(category=Category.NATURAL_PERSON).values_list(
            "category", "applicant_name"
        )
    )
    assert {c for c, _ in names} == set(Category.values) - {Category.NATURAL_PERSON}
    for category, name in names:
        fits = {c for c, marks in rules.items() if any(m in name for m in marks)}
        assert fits == ({category} if category in rules else set()), (category, name)


def test_every_demo_unit_has_where_to_turn_for_its_replies(demo):
    """No reply of any demo unit is refused for want of a review body or court: the
    departments and townships take the county's, the county has the city's."""
    from gongkai.web.units.selectors import unit_remedy

    for unit in Unit.objects.all():
        remedy = unit_remedy(unit=unit)
        assert remedy.reconsideration_body and remedy.court, unit.name
    county = unit_remedy(unit=Unit.objects.get(code=COUNTY_CODE))
    assert (county.reconsideration_body, county.court) == (
        "示例市人民政府",
        "示例市中级人民法院",
    )
    dept = unit_remedy(unit=Unit.objects.get(code=f"{COUNTY_CODE}-FGJ"))
    assert dept.reconsideration_body == "示例县人民政府"
    assert dept.court == "示例县人民法院"
