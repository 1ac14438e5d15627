"""Applying online: an identity card number or a unified social credit code with a typing
slip is refused at the field, in Chinese, before an application is filed that cannot be
matched to its applicant; other documents (a passport, a permit) pass as typed."""

from __future__ import annotations

import pytest

from gongkai.web.applications.models import Application
from gongkai.web.id_numbers import credit_code_valid, resident_id_valid
from gongkai.web.portal.forms import E_ID_CREDIT, E_ID_RESIDENT, E_ID_SHAPE

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
FORM = {
    "category": "np",
    "applicant_name": "赵六",
    "id_number": "11010519491231002X",
    "phone": "13912340001",
    "description": "申请公开某文件",
    "form_wanted": "electronic",
}


def test_the_check_digits():
    assert resident_id_valid("11010519491231002X")  # GB 11643's own example
    assert not resident_id_valid("110105194912310021")  # last character changed
    assert not resident_id_valid("110105194913310029")  # month 13
    assert credit_code_valid("91350100M000100Y43")  # GB 32100's own example
    assert not credit_code_valid("91350100M000100Y44")
    assert not credit_code_valid("91350100M000100I43")  # I is not in the alphabet


def _post(client, county, **fields: str) -> str:
    response = client.post(f"/open/apply/{county.edu.code}/", {**FORM, **fields}, **ZH)
    return response.content.decode()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"id_number": "123"}, E_ID_SHAPE),
        ({"id_number": "身份证"}, E_ID_SHAPE),
        ({"id_number": "身份证号码忘带了"}, E_ID_SHAPE),  # long enough, but no number
        ({"id_number": "110105194912310021"}, E_ID_RESIDENT),
        ({"id_number": "110105194902300027"}, E_ID_RESIDENT),  # 30 February
        ({"category": "le_com", "id_number": "91350100M000100Y44"}, E_ID_CREDIT),
    ],
)
def test_a_wrong_number_is_refused_at_its_field(client, county, fields, error):
    body = _post(client, county, **fields)
    assert not Application.objects.exists()
    message = str(error)
    assert message in body and "Traceback" not in body
    field = body[body.index('id="id_id_number"') :]
    assert message in field.split("<label")[0]  # under the number's own box
    assert message.startswith(("请按证件", "身份证号码有误", "统一社会信用代码有误"))


@pytest.mark.parametrize(
    ("fields", "stored"),
    [
        ({}, "11010519491231002X"),
        ({"id_number": "110105 19491231 002x"}, "11010519491231002X"),  # spaces, small x
        ({"id_number": "１１０１０５１９４９１２３１００２Ｘ"}, "11010519491231002X"),  # full width
        ({"id_number": "E12345678"}, "E12345678"),  # a passport
        ({"id_number": "南字第123456号"}, "南字第123456号"),  # an officer's card
        ({"category": "le_com", "id_number": "91350100m000100y43"}, "91350100M000100Y43"),
        # an organisation may give its representative's card number
        ({"category": "le_law", "id_number": "11010519491231002X"}, "11010519491231002X"),
    ],
)
def test_a_right_number_is_filed_as_the_document_prints_it(client, county, fields, stored):
    _post(client, county, **fields)
    assert Application.objects.get().id_number == stored


def test_the_form_says_at_its_top_how_many_fields_to_correct(client, county):
    """On a phone the marked field may be far below: the top of the page says so."""
    assert (
        'id="form-errors"'
        not in client.get(f"/open/apply/{county.edu.code}/", **ZH).content.decode()
    )
    body = _post(client, county, id_number="123", phone="打电话")
    summary = body[body.index('id="form-errors"') :].split("</ul>")[0]
    assert "申请尚未提交：请更正下面标出的2处错误后重新提交。" in summary
    assert body.index('id="form-errors"') < body.index("<form")
    body = _post(client, county, id_number="110105194912310021")
    assert "请更正下面标出的1处错误" in body and not Application.objects.exists()
