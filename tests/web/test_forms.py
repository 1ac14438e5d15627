"""Staff forms refuse bad input at the field, say why, and save nothing half-way."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from gongkai.web.applications.models import Application, Event
from gongkai.web.audit.models import AuditLog
from gongkai.web.proactive.models import ActiveCounts


@pytest.fixture
def app(register):
    return register(received_on=date(2024, 9, 27))


def _errors(response) -> str:
    return response.content.decode()


def _state(app):
    a = Application.objects.get(pk=app.pk)
    return (
        a.version,
        a.status,
        a.outcome,
        a.due_on,
        Event.objects.filter(application=a).count(),
        AuditLog.objects.count(),
    )


def test_reply_dated_before_receipt_is_refused_at_the_date_field(client, county, app):
    client.force_login(county.clerk_edu)
    before = _state(app)
    body = _errors(
        client.post(
            f"/applications/{app.pk}/act/reply/",
            {
                "on": "2024-09-20",
                "outcome": "apply.result.grant",
                "legal_basis": "第三十六条",
                "service_method": "direct",
                "version": app.version,
            },
        )
    )
    assert "2024-09-27" in body and 'class="errorlist"' in body
    assert _state(app) == before


def test_extension_request_after_the_due_date_is_refused(client, county, app):
    client.force_login(county.clerk_edu)
    before = _state(app)
    response = client.post(
        f"/applications/{app.pk}/extension-requests/",
        {"on": "2024-10-31", "days": "10", "reason": "量大"},
        follow=True,
    )
    assert "2024-10-30" in response.content.decode()  # the due date it came too late for
    assert _state(app) == before
    assert not app.extension_requests.exists()


@pytest.mark.parametrize("days", ["-1", "0", "21"])
def test_extension_request_days_out_of_range_are_refused(client, county, app, days):
    client.force_login(county.clerk_edu)
    before = _state(app)
    body = client.post(
        f"/applications/{app.pk}/extension-requests/",
        {"on": "2024-10-10", "days": days, "reason": "量大"},
        follow=True,
    ).content.decode()
    assert "1" in body and "20" in body
    assert _state(app) == before
    assert not app.extension_requests.exists()


def test_the_old_typed_in_extension_is_gone(client, county, app):
    """A reviewer can no longer type an extension in: it is requested, then decided."""
    client.force_login(county.reviewer_edu)
    before = _state(app)
    response = client.post(
        f"/applications/{app.pk}/act/extension/",
        {"on": "2024-10-10", "days": "10", "reason": "量大", "version": app.version},
    )
    assert response.status_code == 404
    assert _state(app) == before


def test_second_outcome_for_a_closed_application_is_refused(client, county, app):
    client.force_login(county.clerk_edu)
    data = {
        "on": "2024-10-10",
        "outcome": "apply.result.grant",
        "legal_basis": "第三十六条",
        "service_method": "direct",
        "version": app.version,
    }
    assert client.post(f"/applications/{app.pk}/act/reply/", data).status_code == 302
    closed = Application.objects.get(pk=app.pk)
    before = _state(closed)
    body = _errors(
        client.post(
            f"/applications/{app.pk}/act/reply/",
            {**data, "outcome": "apply.result.partial", "version": closed.version},
        )
    )
    assert "予以公开" in body  # names the outcome it already has
    assert _state(closed) == before


def test_stale_version_is_refused(client, county, app):
    client.force_login(county.clerk_edu)
    before = _state(app)
    body = _errors(
        client.post(
            f"/applications/{app.pk}/act/reply/",
            {
                "on": "2024-10-10",
                "outcome": "apply.result.grant",
                "legal_basis": "x",
                "service_method": "direct",
                "version": app.version - 1,
            },
        )
    )
    assert "errorlist" in body
    assert _state(app) == before


def test_register_refuses_receipt_before_submission(client, county):
    client.force_login(county.clerk_edu)
    n = Application.objects.count()
    body = _errors(
        client.post(
            "/applications/new/",
            {
                "unit": county.edu.pk,
                "channel": "post_signed",
                "category": "np",
                "applicant_name": "李四",
                "phone": "13800000000",
                "description": "某文件",
                "form_wanted": "paper",
                "submitted_on": "2024-05-10",
                "received_on": "2024-05-08",
            },
        )
    )
    assert 'class="errorlist"' in body
    assert Application.objects.count() == n


def test_register_for_another_unit_is_refused(client, county):
    client.force_login(county.clerk_edu)
    n = Application.objects.count()
    client.post(
        "/applications/new/",
        {
            "unit": county.env.pk,
            "channel": "in_person",
            "category": "np",
            "applicant_name": "李四",
            "phone": "13800000000",
            "description": "某文件",
            "form_wanted": "paper",
            "submitted_on": "2024-05-10",
        },
    )
    assert Application.objects.count() == n


def test_negative_count_is_refused_at_the_field(client, county):
    client.force_login(county.clerk_edu)
    body = _errors(
        client.post(
            f"/catalogue/counts/?unit={county.edu.code}&year=2024",
            {"form": "counts", "licensing": "-5", "penalty": "0", "coercion": "0", "fees_wan": "1"},
        )
    )
    assert 'class="errorlist"' in body
    assert not ActiveCounts.objects.filter(unit=county.edu).exists()


def _xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["单位代码", "年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "counts.xlsx"
    return buf


@pytest.fixture
def _private_var(settings, tmp_path):
    """An import keeps its file: in this test's own var/private."""
    settings.VAR = tmp_path / "var"


def _import(client, file) -> str:
    """Upload on the page, wait for the background import, return the job's page."""
    import time

    from gongkai.web.proactive.models import ImportJob

    response = client.post("/catalogue/counts/", {"form": "import", "file": file})
    assert response.status_code == 302 and "/catalogue/counts/imports/" in response["Location"]
    deadline = time.monotonic() + 60
    while ImportJob.objects.filter(status__in=("queued", "checking", "writing")).exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return client.get(response["Location"]).content.decode()


@pytest.mark.django_db(transaction=True)  # the import runs in a thread of its own
@pytest.mark.usefixtures("_private_var")
def test_xlsx_import_is_all_or_nothing_and_names_every_bad_cell(client, county):
    client.force_login(county.office)
    bad = _xlsx(
        [
            ["T-EDU", 2024, 10, 2, 0, 1.5],
            ["T-ENV", 2024, -1, "abc", 0, 0],
            ["NOPE", "二〇二四", 1, 1, 1, 1],
        ]
    )
    body = _import(client, bad)
    for expected in (
        "counts.xlsx",
        "第3行「行政许可」",
        "第3行「行政处罚」",
        "第4行「单位代码」",
        "第4行「年度」",
    ):
        assert expected in body
    assert ActiveCounts.objects.count() == 0  # the good first row was not saved either
    good = _xlsx([["T-EDU", 2024, 10, 2, 0, 1.5], ["T-ENV", 2024, 3, 4, 1, "0.25"]])
    _import(client, good)
    saved = {
        c.unit.code: (c.licensing, c.penalty, c.coercion, c.fees_wan)
        for c in ActiveCounts.objects.all()
    }
    assert saved == {"T-EDU": (10, 2, 0, Decimal("1.5")), "T-ENV": (3, 4, 1, Decimal("0.25"))}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_private_var")
def test_xlsx_import_of_a_unit_outside_ones_scope_is_refused(client, county):
    client.force_login(county.clerk_edu)
    body = _import(client, _xlsx([["T-ENV", 2024, 1, 1, 1, 1]]))
    assert "T-ENV" in body and ActiveCounts.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_private_var")
def test_not_an_xlsx_is_refused(client, county):
    client.force_login(county.office)
    f = io.BytesIO(b"not a spreadsheet")
    f.name = "counts.xlsx"
    body = _import(client, f)
    assert "XLSX" in body and ActiveCounts.objects.count() == 0


def test_outcomes_are_offered_under_their_table_3_headings(client, county, app):
    """「1.属于国家秘密」 and 「3.其他」 alone do not say which of （三）…（六） they are in."""
    client.force_login(county.clerk_edu)
    for url in (f"/applications/{app.pk}/", "/applications/ledger/"):
        html = client.get(url).content.decode()
        deny = html.split('<optgroup label="（三）不予公开">', 1)[1].split("</optgroup>", 1)[0]
        assert "1.属于国家秘密" in deny and "8.属于行政查询事项" in deny, url
        other = html.split('<optgroup label="（六）其他处理">', 1)[1].split("</optgroup>", 1)[0]
        assert "3.其他" in other, url
        assert "（一）予以公开" in html.split("<optgroup", 1)[0], url  # not in a group


def test_a_correction_notice_is_offered_once(client, county, app):
    """Art. 30: what needs correcting is told once (一次性告知); after the notice the page
    offers its answers, not a second notice, and a second one posted is refused."""
    from gongkai.web.applications import services as apps

    client.force_login(county.clerk_edu)
    form_url = f"/applications/{app.pk}/act/correction_notice/"
    assert form_url in client.get(f"/applications/{app.pk}/").content.decode()
    app = apps.application_correction_notice(
        application=app,
        on=date(2024, 9, 30),
        deadline=date(2024, 10, 15),
        note="请补充所需信息的文号",
        actor=county.clerk_edu,
        as_of=date(2024, 9, 30),
    )
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert form_url not in page and "/act/correction_received/" in page
    before = _state(app)
    body = client.post(
        form_url,
        {"on": "2024-10-08", "deadline": "2024-10-20", "note": "再补", "version": app.version},
    ).content.decode()
    assert "一次" in body and _state(app) == before
