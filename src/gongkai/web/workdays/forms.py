from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.web.widgets import DateInput

#: The largest notice file read (a notice is a page of text).
MAX_NOTICE_BYTES = 200_000


class NoticeForm(forms.Form):
    """The State Council's notice, pasted or as a text file."""

    text = forms.CharField(
        label=_("Text of the notice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paste the whole notice, from its title (关于2027年部分节假日安排的通知) to the date."
        ),
    )
    file = forms.FileField(
        label=_("Or a text file of the notice"),
        required=False,
        help_text=_("Plain text, UTF-8 or GBK."),
        widget=forms.FileInput,  # nothing to clear: no "file-clear" box
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            if upload.size > MAX_NOTICE_BYTES:
                raise forms.ValidationError(_("The file is too large for a notice."))
            raw = upload.read()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    data["text"] = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise forms.ValidationError(_("The file is not text in UTF-8 or GBK."))
        if not str(data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste the text of the notice or choose its file."))
        return data


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput())
    setting = forms.ChoiceField(
        label=_("Set it as"),
        choices=[
            ("off", _("A day off")),
            ("working", _("A working day")),
            ("clear", _("As the calendar has it (remove what was set by hand)")),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
