"""The public portal. Nothing here shows an applicant's personal data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongkai.core import AnnualReport
from gongkai.core.report.render import (
    render_docx,
    render_html,
    render_markdown,
    render_pdf,
    render_tables_html,
    render_xlsx,
)
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Application, Channel, EventKind, IssuedLetter
from gongkai.web.portal.forms import ApplyForm, StatusForm
from gongkai.web.portal.selectors import (
    catalogue_search,
    directory_top,
    figures_over_years,
    published_document,
    published_report,
    published_reports,
    report_of,
)
from gongkai.web.proactive.channels import reading_rooms_for
from gongkai.web.proactive.models import ART20_ITEMS, CatalogueItem, ItemStatus
from gongkai.web.reports.models import ReportVersion, Scope, report_file_name
from gongkai.web.storage import private_file_response
from gongkai.web.throttle.services import client_address, throttle_take
from gongkai.web.units.models import Unit

#: Each kind's renderer, given the report and the date its closing prints (the tables
#: of the XLSX have no closing).
DOWNLOADS: dict[str, tuple[str, Callable[[AnnualReport, date | None], bytes]]] = {
    "html": (
        "text/html; charset=utf-8",
        lambda r, on: render_html(r, issued_on=on).encode("utf-8"),
    ),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda r, on: render_docx(r, issued_on=on),
    ),
    "pdf": ("application/pdf", lambda r, on: render_pdf(r, issued_on=on)),
    "md": (
        "text/markdown; charset=utf-8",
        lambda r, on: render_markdown(r, issued_on=on).encode("utf-8"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda r, _on: render_xlsx(r),
    ),
}


def home(request: HttpRequest) -> HttpResponse:
    """The directory's first two levels (a county and its departments and townships; a city
    and its counties): a province's thousands of units are reached through the unit pages."""
    units = list(directory_top())
    return render(
        request,
        "portal/home.html",
        {"units": [(u, 0 if u.parent_id is None else 1) for u in units]},
    )


def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), code=code)
    return render(
        request,
        "portal/unit.html",
        {
            "unit": unit,
            "children": unit.children.order_by("path"),
            "reports": published_reports(unit=unit),
            "recent": catalogue_search(unit=unit)[:10],
            "reading_rooms": list(reading_rooms_for(unit=unit)),
        },
    )


def catalogue(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    unit = Unit.objects.filter(code=request.GET.get("unit") or "").first()
    try:
        topic = int(request.GET.get("topic") or 0)
    except ValueError:
        topic = 0
    page = Paginator(catalogue_search(q=q, unit=unit, topic=topic or None), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/catalogue.html",
        {
            "page": page,
            "q": q,
            "unit": unit,
            "topic": topic,
            "topics": ART20_ITEMS,
            # The directory's first two levels, and the chosen unit if it is deeper.
            "units": sorted({*directory_top(), *([unit] if unit else [])}, key=lambda u: u.path),
        },
    )


def document(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(CatalogueItem, pk=pk, status=ItemStatus.PUBLISHED)
    return render(request, "portal/document.html", {"item": item})


def _published(code: str, year: int, scope: str | None) -> tuple[Unit, str, ReportVersion]:
    unit = get_object_or_404(Unit, code=code)
    scope = Scope.SUBTREE if scope == Scope.SUBTREE else Scope.UNIT
    version = published_report(unit=unit, year=year, scope=scope)
    if version is None:
        raise Http404
    return unit, scope, version


def report_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit, scope, version = _published(code, year, request.GET.get("scope"))
    report = report_of(version)
    return render(
        request,
        "portal/report.html",
        {
            "unit": unit,
            "year": year,
            "scope": scope,
            "version": version,
            "report": report,
            "tables": render_tables_html(report),
            "narrative": {k: s.text for k, s in report.sections.items()},
            "figures": figures_over_years(unit=unit, scope=scope),
            "downloads": list(DOWNLOADS),
        },
    )


def report_download(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    if kind not in DOWNLOADS:
        raise Http404
    unit, scope, version = _published(code, year, request.GET.get("scope"))
    content_type, render_fn = DOWNLOADS[kind]
    response = HttpResponse(published_document(version, kind, render_fn), content_type=content_type)
    name = report_file_name(unit_name=unit.name, year=year, scope=scope, kind=kind)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _too_many(request: HttpRequest, kind: str) -> HttpResponse | None:
    address = client_address(request)
    if not throttle_take(kind=kind, key=address):
        return render(request, "portal/too_many.html", status=429)
    return None


def apply(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    if request.method == "POST" and (refused := _too_many(request, "apply")):
        return refused
    form = ApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            # The application and its upload in one transaction: both or neither.
            app = apps.application_register_online(
                unit=unit,
                channel=Channel.ONLINE,
                submitted_on=timezone.localdate(),
                received_on=None,  # online: received the day both sides confirm (Art. 31)
                actor=None,
                as_of=timezone.localdate(),
                **form.cleaned_data,
            )
        except apps.ServiceError as err:
            form.add_error(None, err.message)
        else:
            # Post/redirect/get: reloading the answer must not file the application again.
            request.session[APPLIED_SESSION_KEY] = app.pk
            return redirect("portal_applied", code=unit.code)
    return render(request, "portal/apply.html", {"unit": unit, "form": form})


#: The application this browser filed last (its tracking code is shown to it alone).
APPLIED_SESSION_KEY = "portal_applied"


def applied(request: HttpRequest, code: str) -> HttpResponse:
    """The answer to an application filed online: its tracking code, for the browser that
    filed it; any other visitor is told there is none and offered the form."""
    unit = get_object_or_404(Unit, code=code)
    pk = request.session.get(APPLIED_SESSION_KEY)
    app = Application.objects.filter(pk=pk, unit=unit).first() if isinstance(pk, int) else None
    return render(request, "portal/applied.html", {"app": app, "unit": unit})


def status(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and (refused := _too_many(request, "status")):
        return refused
    form = StatusForm(request.POST or None)
    app = None
    if request.method == "POST" and form.is_valid():
        found = (
            Application.objects.filter(tracking_code=form.cleaned_data["tracking_code"])
            .select_related("unit")
            .first()
        )
        if found is not None and found.phone[-4:] == form.cleaned_data["phone_last4"]:
            app = found
        else:
            form.add_error(None, _("No application matches this tracking code and phone number."))
    context: dict[str, Any] = {"form": form, "app": app}
    if app is not None:
        derived = None
        try:
            derived = apps.application_derive(app, as_of=timezone.localdate())
        except apps.ServiceError:
            derived = None
        context.update(
            {
                "derived": derived,
                # The public timeline: kinds and dates only — no notes, parties or names.
                "events": [
                    (
                        e.on,
                        e.get_kind_display(),
                        e.until if e.kind == EventKind.CORRECTION_NOTICE else None,
                    )
                    for e in app.events.all()
                ],
                "reply": app.events.filter(kind=EventKind.REPLY).first(),
                # The reply letter, once issued: a link signed for this application only.
                "letters": [
                    (letter.title, signing.dumps({"a": app.pk, "l": letter.pk}, salt=LETTER_SALT))
                    for letter in app.letters.filter(kind="reply")
                ],
            }
        )
    return render(request, "portal/status.html", context)


LETTER_SALT = "gongkai.portal.letter"
LETTER_LINK_SECONDS = 24 * 3600


def letter(request: HttpRequest, token: str) -> HttpResponseBase:
    """The reply letter, for whoever reached it through the status page (code + phone)."""
    try:
        data = signing.loads(token, salt=LETTER_SALT, max_age=LETTER_LINK_SECONDS)
    except signing.BadSignature:
        raise Http404 from None
    issued = IssuedLetter.objects.filter(
        pk=data.get("l"), application_id=data.get("a"), kind="reply"
    ).first()
    if issued is None:
        raise Http404
    return private_file_response(
        issued.pdf.name,
        filename=f"{issued.application.tracking_code}-{issued.get_kind_display()}.pdf",
        content_type="application/pdf",
    )
