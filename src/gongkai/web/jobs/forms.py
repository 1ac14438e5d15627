from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from gongkai.core.report.archive import MAX_FILES
from gongkai.core.report.parse.limits import size

#: The most an upload may take in all (a ZIP, or the files together).
MAX_UPLOAD_BYTES = 512 * 1024 * 1024

E_TOO_MANY_FILES = "一次最多上传{cap}个文件（本次{count}个）；文件更多时请打包成ZIP。"
E_UPLOAD_TOO_LARGE = "上传的文件共{size}，超过一次上传的上限{cap}。"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class BulkAuditForm(forms.Form):
    reports = MultipleFileField(
        label=_("Reports"),
        help_text=_(
            "One ZIP of annual reports, or the report files themselves (text, HTML, DOCX, PDF)."
        ),
    )

    def clean_reports(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["reports"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(E_TOO_MANY_FILES.format(cap=MAX_FILES, count=len(files)))
        total = sum(f.size or 0 for f in files)
        if total > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                E_UPLOAD_TOO_LARGE.format(size=size(total), cap=size(MAX_UPLOAD_BYTES))
            )
        return files
