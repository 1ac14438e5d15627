"""Deleting an evaluation: a confirmation page, then a POST (with the CSRF token) by its
creator or the office; the audit log keeps what it was; its files and its collected store
go; an evaluation whose bulletin is issued is refused. And the sweep removes the store of
an evaluation that is gone (deleted in the administration) and keeps the others'."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from test_evaluations import _jobs, create, wait  # noqa: F401  (an autouse fixture)

from gongkai.web.applications.models import private_storage
from gongkai.web.applications.private_files import private_files_sweep
from gongkai.web.audit.models import AuditLog
from gongkai.web.evaluations.models import Evaluation
from gongkai.web.evaluations.removal import E_DELETE_ISSUED
from gongkai.web.evaluations.store import store_folder
from gongkai.web.jobs.models import Job
from gongkai.web.storage import walk

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def evaluated(client, county):
    client.force_login(county.office)
    assert create(client, county).status_code == 302
    evaluation = wait(Evaluation.objects.get())
    # As if it had been collected: a store kept under collected/<pk>/.
    storage = private_storage()
    storage.save(f"{store_folder(evaluation.pk)}/manifest.jsonl", ContentFile(b"{}\n"))
    storage.save(f"{store_folder(evaluation.pk)}/files/u/2024-x.html", ContentFile(b"<p>"))
    return evaluation


def test_the_office_deletes_an_evaluation_after_confirming(client, county, evaluated):
    url = f"/evaluations/{evaluated.pk}/delete/"
    assert url in client.get(f"/evaluations/{evaluated.pk}/").content.decode()
    page = client.get(url).content.decode()
    assert "删除后，以下内容将被永久移除" in page and "确认删除" in page
    assert "2份报告的检查记录" in page and "上传的报告文件" in page
    assert Evaluation.objects.filter(pk=evaluated.pk).exists()  # a GET deletes nothing
    # Without the CSRF token the POST is refused.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(county.office)
    assert strict.post(url).status_code == 403
    assert Evaluation.objects.filter(pk=evaluated.pk).exists()
    input_name = evaluated.input.name
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == "/evaluations/"
    assert not Evaluation.objects.filter(pk=evaluated.pk).exists()
    assert not Job.objects.filter(pk=evaluated.job_id).exists()
    storage = private_storage()
    assert not storage.exists(input_name)
    assert list(walk(storage, store_folder(evaluated.pk))) == []
    row = AuditLog.objects.get(action="evaluation.delete")
    assert row.actor == county.office and row.object_id == str(evaluated.pk)
    assert row.data["name"] == "2024年度年报检查" and row.data["reports"] == 2
    assert row.data["units"] == sorted(["测试县教育局", "测试县生态环境局", "测试县城关镇"])
    assert "已删除" in client.get("/evaluations/").content.decode()


def test_an_evaluation_whose_bulletin_is_issued_is_not_deleted(client, county, evaluated):
    Evaluation.objects.filter(pk=evaluated.pk).update(issued_at=timezone.now())
    url = f"/evaluations/{evaluated.pk}/delete/"
    assert url not in client.get(f"/evaluations/{evaluated.pk}/").content.decode()
    page = client.get(url).content.decode()
    assert E_DELETE_ISSUED in page and "确认删除" not in page
    client.post(url)
    assert Evaluation.objects.filter(pk=evaluated.pk).exists()
    assert private_storage().exists(evaluated.input.name)
    assert not AuditLog.objects.filter(action="evaluation.delete").exists()


def test_only_its_creator_or_the_office_deletes_it(client, county, evaluated):
    # The supervisor sees the evaluation but did not create it: no deletion.
    client.force_login(county.supervisor)
    assert client.get(f"/evaluations/{evaluated.pk}/").status_code == 200
    assert client.get(f"/evaluations/{evaluated.pk}/delete/").status_code == 404
    assert client.post(f"/evaluations/{evaluated.pk}/delete/").status_code == 404
    client.force_login(county.clerk_edu)
    assert client.post(f"/evaluations/{evaluated.pk}/delete/").status_code == 404
    assert Evaluation.objects.filter(pk=evaluated.pk).exists()


def test_the_sweep_removes_the_store_of_an_evaluation_that_is_gone(county, evaluated):
    storage = private_storage()
    orphan = "collected/999999/manifest.jsonl"
    storage.save(orphan, ContentFile(b"{}\n"))
    # The sweep runs three days after both stores were written, by the store's own clock
    # (the disk's or the bucket's, not the tests' frozen one), so that neither is young.
    written = [orphan, *walk(storage, store_folder(evaluated.pk))]
    now = max(storage.get_modified_time(name) for name in written) + timedelta(days=3)
    sweep = private_files_sweep(now=now)
    assert orphan in [name for name, _ in sweep.removed] and not storage.exists(orphan)
    kept = list(walk(storage, store_folder(evaluated.pk)))
    assert len(kept) == 2  # its evaluation exists
