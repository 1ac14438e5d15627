from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.core.collect import CollectError, parse_years
from gongkai.core.report.archive import MAX_FILES
from gongkai.core.report.parse.limits import size
from gongkai.web.choices import KeyedMultipleChoiceField
from gongkai.web.evaluations.models import Source
from gongkai.web.jobs.forms import (
    E_TOO_MANY_FILES,
    E_UPLOAD_TOO_LARGE,
    MAX_UPLOAD_BYTES,
    MultipleFileField,
)
from gongkai.web.units.models import Unit

E_SCHEME_ENCODING = "评分方案文件应为 UTF-8 编码的 YAML 文本。"
E_SCHEME_SIZE = "评分方案文件过大（上限 1 MB）。"
E_COLLECT_WITH_REPORTS = "选择“从各单位网站采集”时不要上传报告文件。"
MAX_SCHEME_BYTES = 1024 * 1024


class EvaluationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    units = KeyedMultipleChoiceField(
        label=_("Units"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    years = forms.CharField(
        label=_("Report years"),
        max_length=40,
        help_text=_("For example 2024, or 2023,2024: the last is ranked, the one before compared."),
    )
    scheme = forms.FileField(
        label=_("Scoring scheme (YAML)"),
        required=False,
        help_text=_("Leave empty to use gongkai's default scheme."),
    )
    source = forms.ChoiceField(
        label=_("Reports from"), choices=Source.choices, widget=forms.RadioSelect
    )
    sites = forms.FileField(
        label=_("Sites list (CSV)"),
        required=False,
        help_text=_(
            "Two columns, the unit and its column's address, under the header shown above. "
            "Leave empty to use the units' annual-report column addresses."
        ),
    )
    reports = MultipleFileField(
        label=_("Report files"),
        required=False,
        help_text=_("Many files, or one ZIP of them (text, HTML, DOCX, PDF)."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, KeyedMultipleChoiceField)
        field.queryset = units

    def clean_years(self) -> tuple[int, ...]:
        try:
            return parse_years(self.cleaned_data["years"])
        except CollectError as err:
            raise forms.ValidationError(str(err)) from None

    def clean_scheme(self) -> str:
        upload: UploadedFile | None = self.cleaned_data.get("scheme")
        if upload is None:
            return ""
        if (upload.size or 0) > MAX_SCHEME_BYTES:
            raise forms.ValidationError(E_SCHEME_SIZE)
        try:
            return b"".join(upload.chunks()).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(E_SCHEME_ENCODING) from None

    def clean_reports(self) -> list[UploadedFile]:
        files = [f for f in self.cleaned_data.get("reports") or [] if f]
        if not files:
            return []
        # The bulk audit's limits: the number of files and the bytes of one upload.
        if len(files) > MAX_FILES:
            raise forms.ValidationError(E_TOO_MANY_FILES.format(cap=MAX_FILES, count=len(files)))
        total = sum(f.size or 0 for f in files)
        if total > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                E_UPLOAD_TOO_LARGE.format(size=size(total), cap=size(MAX_UPLOAD_BYTES))
            )
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == Source.COLLECT and data.get("reports"):
            self.add_error("reports", E_COLLECT_WITH_REPORTS)
        return data


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BulletinForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"size": 60})
    )
    number = forms.CharField(label=_("Document number"), max_length=100, required=False)
    date = forms.CharField(label=_("Date"), max_length=40)
    issuer = forms.CharField(
        label=_("Issuing office"), max_length=200, widget=forms.TextInput(attrs={"size": 40})
    )
    overall = forms.CharField(
        label=_("The overall picture"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One paragraph a line."),
    )


class ReportColumnsForm(forms.Form):
    """One address field per unit (named by the unit's code)."""

    def __init__(self, *args: Any, units: QuerySet[Unit], current: dict[int, str], **kw: Any):
        super().__init__(*args, **kw)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"u{unit.pk}"] = forms.URLField(
                label=unit.name,
                required=False,
                max_length=500,
                initial=current.get(unit.pk, ""),
                assume_scheme="https",
            )

    def urls(self) -> dict[Unit, str]:
        return {u: self.cleaned_data.get(f"u{u.pk}") or "" for u in self.units}
