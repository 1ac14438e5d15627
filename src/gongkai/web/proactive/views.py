"""Staff pages for proactive disclosure: the catalogue, its review, the Table 2 counts."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.web.proactive import services as s
from gongkai.web.proactive.forms import (
    ActiveCountsForm,
    CatalogueItemForm,
    ChannelsForm,
    ImportForm,
)
from gongkai.web.proactive.interpretation import item_pair
from gongkai.web.proactive.models import ActiveCounts, CatalogueItem, DocKind, ItemStatus
from gongkai.web.proactive.wording import wording_panel
from gongkai.web.storage import private_file_response
from gongkai.web.units.selectors import (
    unit_can_approve,
    unit_can_write,
    unit_list_visible,
    unit_list_writable,
)


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    units = unit_list_visible(user=request.user)
    items = CatalogueItem.objects.filter(unit__in=units).select_related("unit")
    if code := request.GET.get("unit"):
        items = items.filter(unit__code=code)
    if kind := request.GET.get("kind"):
        items = items.filter(kind=kind)
    if status := request.GET.get("status"):
        items = items.filter(status=status)
    if q := request.GET.get("q", "").strip():
        items = (
            items.filter(title__icontains=q)
            | items.filter(index_no__icontains=q)
            | items.filter(doc_number__icontains=q)
        )
    page = Paginator(items.order_by("-published_on", "-id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "proactive/catalogue.html",
        {
            "page": page,
            "units": units,
            "kinds": DocKind.choices,
            "statuses": ItemStatus.choices,
            "params": request.GET,
        },
    )


def _item(request: HttpRequest, pk: int) -> CatalogueItem:
    item = CatalogueItem.objects.filter(
        pk=pk, unit__in=unit_list_visible(user=request.user)
    ).first()
    if item is None:
        raise Http404
    return item


@login_required
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    units = unit_list_writable(user=request.user)
    item = _item(request, pk) if pk else None
    if item is not None and not unit_can_write(user=request.user, unit=item.unit):
        raise Http404
    if not units.exists():
        raise Http404
    reviewed = item is not None and item.status == ItemStatus.REVIEWED
    form = CatalogueItemForm(request.POST or None, instance=item, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            saved = s.catalogue_item_save(item=form.save(commit=False), actor=request.user)
        except s.ProactiveError as err:
            form.add_error(None, err.message)
        else:
            if reviewed and saved.status == ItemStatus.DRAFT:
                messages.info(
                    request,
                    _(
                        "Saved. The item is back to draft: its review, 保密审查 included, must be done again."
                    ),
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("catalogue_item", pk=saved.pk)
    return render(
        request, "proactive/item_edit.html", {"form": form, "item": item, "reviewed": reviewed}
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return render(
        request,
        "proactive/item.html",
        {
            "item": item,
            "can_write": unit_can_write(user=request.user, unit=item.unit),
            "can_approve": unit_can_approve(user=request.user, unit=item.unit),
            "wording": wording_panel(item=item),
            "pair": item_pair(item),
            "channels_form": ChannelsForm(instance=item),
        },
    )


@login_required
@require_safe
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> HttpResponseBase:
    """An attachment of an item, for those who see the item (404 for anyone else), from
    the storage that keeps it (the local disk or the S3 bucket: gongkai.web.storage)."""
    item = _item(request, pk)
    found = item.attachments.filter(pk=attachment).first()
    name = found.file.name if found is not None else None
    if found is None or not name or not found.file.storage.exists(name):
        raise Http404
    ext = PurePosixPath(name).suffix.lower()
    filename = found.name if found.name.lower().endswith(ext) else f"{found.name}{ext}"
    return private_file_response(
        name,
        filename=filename,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        storage=found.file.storage,
    )


@login_required
@require_POST
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if not unit_can_approve(user=request.user, unit=item.unit):
        raise Http404
    try:
        if request.POST.get("step") == "publish":
            s.catalogue_item_publish(
                item=item, actor=request.user, alone_reason=request.POST.get("alone_reason", "")
            )
        else:
            s.catalogue_item_review(
                item=item, secrecy_reviewed=request.POST.get("secrecy") == "on", actor=request.user
            )
    except s.ProactiveError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("catalogue_item", pk=item.pk)


def _year(value: str | None, *, default: int) -> int:
    """The year asked for, if it is one counts are kept for; else ``default``."""
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if year in s.YEARS else default


@login_required
def counts(request: HttpRequest) -> HttpResponse:
    """Table 2 figures no catalogue holds, per unit and year: a form, and an XLSX import."""
    units = unit_list_writable(user=request.user)
    if not units.exists():
        raise Http404
    year = _year(request.GET.get("year"), default=timezone.localdate().year - 1)
    unit = units.filter(code=request.GET.get("unit")).first() or units.first()
    assert unit is not None
    existing = ActiveCounts.objects.filter(unit=unit, year=year).first()
    form = ActiveCountsForm(request.POST or None, instance=existing)
    import_form = ImportForm()
    if request.method == "POST" and request.POST.get("form") == "import":
        import_form = ImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            # Answered at once: the file is checked and imported in the background, and
            # the job's page shows how far it got.
            upload = import_form.cleaned_data["file"]
            job = s.import_job_start(file=upload, filename=upload.name, user=request.user)
            return redirect("import_job", pk=job.pk)
        form = ActiveCountsForm(instance=existing)
    elif request.method == "POST" and form.is_valid():
        s.active_counts_save(unit=unit, year=year, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(f"{request.path}?unit={unit.code}&year={year}")
    table = (
        ActiveCounts.objects.filter(unit__in=units)
        .select_related("unit")
        .order_by("-year", "unit__path")[:200]
    )
    return render(
        request,
        "proactive/counts.html",
        {
            "form": form,
            "import_form": import_form,
            "unit": unit,
            "year": year,
            "units": units,
            "table": table,
            "jobs": s.import_jobs_recent(user=request.user),
        },
    )


#: While an import runs, its page reloads itself this often (seconds).
REFRESH_SECONDS = 2


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress (reloading itself while it runs) and its end: the rows saved,
    or every bad cell, or why it failed. ``?format=json``: the same as JSON."""
    job = s.import_job_get(pk=pk, user=request.user)
    if job is None:
        raise Http404
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": job.status,
                "running": job.running,
                "processed": job.processed,
                "total": job.total,
                "created": job.created,
                "updated": job.updated,
                "unchanged": job.unchanged,
                "errors": job.errors,
                "error_count": job.error_count,
            }
        )
    response = render(request, "proactive/import_job.html", {"job": job})
    if job.running:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response
