"""The evaluation workspace's collection: the units' annual-report columns kept by the
office, an evaluation collected from a government website on loopback (tests/govsite.py)
with the publication dates and the collector's failures, and a failed collection run
again."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from test_evaluations import _jobs, wait  # noqa: F401  (_jobs: an autouse fixture)

from gongkai.web.applications.models import private_storage
from gongkai.web.audit.models import AuditLog
from gongkai.web.evaluations.bulletin import E_RUNNING
from gongkai.web.evaluations.models import Deduction, Evaluation, ReportColumn, ResultStatus
from gongkai.web.evaluations.services import E_NO_COLUMN
from gongkai.web.evaluations.store import store_folder
from gongkai.web.jobs.models import Job, JobStatus
from gongkai.web.storage import walk
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from govsite import FILES, GovSite, build_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site():
    s = GovSite()
    build_site(s)
    with s.serve():
        yield s


def test_collected_from_the_units_columns_with_the_dates_and_failures(client, site):
    gov = unit_create(name="示例县人民政府", code="S", kind=UnitKind.GOVERNMENT)
    edu = unit_create(name="示例县教育局", code="S-EDU", kind=UnitKind.DEPARTMENT, parent=gov)
    town = unit_create(name="示例县城关镇", code="S-TOWN", kind=UnitKind.TOWNSHIP, parent=gov)
    office = get_user_model().objects.create_user(username="s-office", password="x")
    membership_grant(user=office, unit=gov, role=Role.OFFICE)
    client.force_login(office)
    data = {
        "name": "示例县2024年度年报检查",
        "units": [gov.pk, edu.pk, town.pk],
        "years": "2024",
        "source": "collect",
    }
    ReportColumn.objects.create(unit=gov, url=site.base + "/xxgk/a/index.html")
    ReportColumn.objects.create(unit=edu, url=site.base + "/jyj/list?page=1")
    body = client.post("/evaluations/new/", data).content.decode()
    assert E_NO_COLUMN.format(units="示例县城关镇") in body
    ReportColumn.objects.create(unit=town, url=site.base + "/town/gknb/")  # answers 404
    assert client.post("/evaluations/new/", data).status_code == 302
    evaluation = wait(Evaluation.objects.get())
    results = {r.unit_name: r for r in evaluation.results.all()}
    assert results["示例县人民政府"].status == ResultStatus.RANKED
    assert results["示例县人民政府"].published_on == "2025-04-02"  # after 31 March: late
    assert results["示例县人民政府"].published_on_source == "采集清单"
    late = results["示例县人民政府"].deductions.filter(finding_id="PUB.W001")
    assert late.count() == 1 and late.get().points == 10
    assert results["示例县教育局"].published_on == "2025-02-10"
    assert results["示例县教育局"].previous_score is not None  # 2023 collected and compared
    assert results["示例县城关镇"].status == ResultStatus.MISSING
    assert "404" in results["示例县城关镇"].reason
    # Every report page and attachment of 2023 and 2024 of the two units, fetched once.
    fetched = {path: site.hits[path] for path in FILES if not path.startswith("/fgw/")}
    assert len(fetched) == 6 and set(fetched.values()) == {1}


def test_the_office_keeps_the_units_columns(client, county):
    client.force_login(county.office)
    url = "/evaluations/columns/"
    response = client.post(url, {f"u{county.edu.pk}": "http://edu.example.gov.cn/gknb/"})
    assert response.status_code == 302
    assert ReportColumn.objects.get(unit=county.edu).url == "http://edu.example.gov.cn/gknb/"
    row = AuditLog.objects.get(action="evaluation.report_column")
    assert row.unit == county.edu
    assert row.data["changes"]["url"] == ["", "http://edu.example.gov.cn/gknb/"]
    body = client.post(url, {f"u{county.edu.pk}": "not an address"}).content.decode()
    assert ReportColumn.objects.get(unit=county.edu).url == "http://edu.example.gov.cn/gknb/"
    assert 'class="errorlist"' in body
    # A supervisor sees the addresses and has no form to change them.
    client.force_login(county.supervisor)
    page = client.get(url).content.decode()
    assert "http://edu.example.gov.cn/gknb/" in page and "<input" not in page.split("<main>")[1]
    client.post(url, {f"u{county.edu.pk}": "http://other.example/"})
    assert ReportColumn.objects.get(unit=county.edu).url == "http://edu.example.gov.cn/gknb/"


def test_a_failed_collection_is_run_again(client, site):
    gov = unit_create(name="示例县人民政府", code="S", kind=UnitKind.GOVERNMENT)
    office = get_user_model().objects.create_user(username="s-office", password="x")
    membership_grant(user=office, unit=gov, role=Role.OFFICE)
    ReportColumn.objects.create(unit=gov, url=site.base + "/xxgk/a/index.html")
    site.fail_first["/xxgk/a/index.html"] = 100  # the site is down
    client.force_login(office)
    data = {"name": "检查", "units": [gov.pk], "years": "2024", "source": "collect"}
    assert client.post("/evaluations/new/", data).status_code == 302
    evaluation = Evaluation.objects.get()
    end = time.monotonic() + 60
    while Job.objects.get(pk=evaluation.job_id).running and time.monotonic() < end:
        time.sleep(0.1)
    failed = Job.objects.get(pk=evaluation.job_id)
    assert failed.status == JobStatus.FAILED and "没有采集到任何报告" in failed.errors[0]
    page = client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert "没有采集到任何报告" in page and "重新运行" in page
    site.fail_first.clear()  # back up
    client.post(f"/evaluations/{evaluation.pk}/rerun/")
    evaluation = wait(Evaluation.objects.get())
    assert evaluation.job_id != failed.pk
    assert evaluation.results.get(unit_name="示例县人民政府").status == ResultStatus.RANKED
    assert AuditLog.objects.filter(action="evaluation.rerun").count() == 1


def test_a_second_run_fetches_only_what_the_kept_store_lacks(client, site):
    """The collected store is kept (private storage, collected/<pk>/): a run again
    fetches no report already collected, only one whose file is gone; the findings set
    aside stay set aside."""
    gov = unit_create(name="示例县人民政府", code="S", kind=UnitKind.GOVERNMENT)
    edu = unit_create(name="示例县教育局", code="S-EDU", kind=UnitKind.DEPARTMENT, parent=gov)
    office = get_user_model().objects.create_user(username="s-office", password="x")
    membership_grant(user=office, unit=gov, role=Role.OFFICE)
    ReportColumn.objects.create(unit=gov, url=site.base + "/xxgk/a/index.html")
    ReportColumn.objects.create(unit=edu, url=site.base + "/jyj/list?page=1")
    client.force_login(office)
    data = {"name": "检查", "units": [gov.pk, edu.pk], "years": "2024", "source": "collect"}
    assert client.post("/evaluations/new/", data).status_code == 302
    evaluation = wait(Evaluation.objects.get())
    reports = [path for path in FILES if not path.startswith("/fgw/")]
    assert {site.hits[path] for path in reports} == {1}
    kept = list(walk(private_storage(), store_folder(evaluation.pk)))
    assert f"{store_folder(evaluation.pk)}/manifest.jsonl" in kept
    late = Deduction.objects.get(result__unit_name="示例县人民政府", finding_id="PUB.W001")
    url = f"/evaluations/{evaluation.pk}/reports/{late.result.report_id}"
    client.post(f"{url}/findings/{late.finding_index}/override/", {"reason": "已提前报备"})

    assert client.post(f"/evaluations/{evaluation.pk}/rerun/").status_code == 302
    evaluation = wait(Evaluation.objects.get())
    assert Job.objects.count() == 2
    assert {site.hits[path] for path in reports} == {1}  # nothing fetched again
    late = Deduction.objects.get(result__unit_name="示例县人民政府", finding_id="PUB.W001")
    assert late.override is not None and late.override.reason == "已提前报备"
    assert late.result.score == 100

    # A report whose file is gone from the store is fetched again (its page, its file),
    # and only it.
    pdf = next(n for n in kept if n.endswith(".pdf") and "/files/示例县人民政府/" in n)
    private_storage().delete(pdf)
    client.post(f"/evaluations/{evaluation.pk}/rerun/")
    wait(Evaluation.objects.get())
    again = {path for path in reports if site.hits[path] == 2}
    assert again == {"/xxgk/a/202504/t20250402_2.html", "/xxgk/a/202504/P020250402.pdf"}
    assert private_storage().exists(pdf)


def test_an_evaluation_with_an_issued_bulletin_is_not_collected_again(client, site):
    gov = unit_create(name="示例县人民政府", code="S", kind=UnitKind.GOVERNMENT)
    office = get_user_model().objects.create_user(username="s-office", password="x")
    membership_grant(user=office, unit=gov, role=Role.OFFICE)
    ReportColumn.objects.create(unit=gov, url=site.base + "/xxgk/a/index.html")
    client.force_login(office)
    data = {"name": "检查", "units": [gov.pk], "years": "2024", "source": "collect"}
    client.post("/evaluations/new/", data)
    evaluation = wait(Evaluation.objects.get())
    assert "重新采集" in client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    # While it is collected again, the bulletin is not issued from the results to be replaced.
    Evaluation.objects.filter(pk=evaluation.pk).update(bulletin={"issuer": "示例县政府办"})
    Job.objects.filter(pk=evaluation.job_id).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now()
    )
    response = client.post(f"/evaluations/{evaluation.pk}/bulletin/issue/")
    assert E_RUNNING in client.get(response["Location"]).content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).issue_job is None
    Job.objects.filter(pk=evaluation.job_id).update(status=JobStatus.DONE)
    Evaluation.objects.filter(pk=evaluation.pk).update(issued_at=timezone.now())
    page = client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert "重新采集" not in page
    client.post(f"/evaluations/{evaluation.pk}/rerun/")
    assert Job.objects.count() == 1
