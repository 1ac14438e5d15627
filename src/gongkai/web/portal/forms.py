from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.models import Category, FormWanted
from gongkai.web.applications.services import IDENTITY_KINDS
from gongkai.web.id_numbers import credit_code_valid, looks_like_resident_id, resident_id_valid

MAX_UPLOAD = 5 * 1024 * 1024
E_UPLOAD_KIND = _("Upload a JPEG, PNG or PDF file.")
E_UPLOAD_SIZE = _("The file is larger than 5 MB.")
E_PHONE = _("Enter a mobile or telephone number (digits, 7 to 20).")
E_ID_SHAPE = _(
    "Enter the number as the document prints it: 6 to 40 letters, digits or Chinese "
    "characters, with at least one digit."
)
E_ID_RESIDENT = _(
    "This resident identity card number is not valid: its birth date or its last "
    "character does not match. Check it against the card."
)
E_ID_CREDIT = _(
    "This unified social credit code is not valid: its last character does not match. "
    "Check it against the licence."
)


class ApplyForm(forms.Form):
    """The fields of Art. 29: who applies and how to reach them, what is asked for, in
    what form; the applicant category of Table 3."""

    category = forms.ChoiceField(label=_("Applicant category"), choices=Category.choices)
    applicant_name = forms.CharField(
        label=_("Name (of the person, or of the organisation)"), max_length=100
    )
    id_number = forms.CharField(
        label=_("Identity document number (or unified social credit code)"), max_length=40
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        help_text=_("Its last four digits let you follow the application."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Postal address"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Information requested"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The name, document number or other features that identify the information."),
    )
    form_wanted = forms.ChoiceField(label=_("Form wanted"), choices=FormWanted.choices)
    identity_document = forms.FileField(
        label=_("Copy of the identity document (optional)"), required=False
    )

    def clean_id_number(self) -> str:
        # full-width digits and letters as typed by a Chinese input method count as such
        typed = unicodedata.normalize("NFKC", self.cleaned_data["id_number"])
        number = re.sub(r"[\s\-]", "", typed).upper()
        # letters and digits (a passport, a permit, a Hong Kong card's "(7)"), Chinese
        # characters too (an officer's card: 南字第123456号), never without a digit
        if not re.fullmatch(r"[0-9A-Z()\u4e00-\u9fff]{6,40}", number) or not re.search(
            r"\d", number
        ):
            raise forms.ValidationError(E_ID_SHAPE)
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        number, category = data.get("id_number"), data.get("category")
        if number and len(number) == 18 and category:
            if category == Category.NATURAL_PERSON:
                if looks_like_resident_id(number) and not resident_id_valid(number):
                    self.add_error("id_number", E_ID_RESIDENT)
            # an organisation gives its code, or its representative's card number
            elif not (credit_code_valid(number) or resident_id_valid(number)):
                self.add_error("id_number", E_ID_CREDIT)
        return data

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s\-()（）]", "", self.cleaned_data["phone"])
        if not re.fullmatch(r"\+?\d{7,20}", phone):
            raise forms.ValidationError(E_PHONE)
        return phone

    def clean_identity_document(self) -> Any:
        f = self.cleaned_data.get("identity_document")
        if not f:
            return f
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(E_UPLOAD_SIZE)
        head = f.read(16)
        f.seek(0)
        if not any(head.startswith(magic) for magic in IDENTITY_KINDS):  # by content, not name
            raise forms.ValidationError(E_UPLOAD_KIND)
        return f


class StatusForm(forms.Form):
    tracking_code = forms.CharField(label=_("Tracking code"), max_length=20)
    phone_last4 = forms.CharField(
        label=_("Last four digits of the phone you gave"), min_length=4, max_length=4
    )

    def clean_tracking_code(self) -> str:
        return str(self.cleaned_data["tracking_code"]).strip().upper()
