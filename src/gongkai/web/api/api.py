"""The API object: version 1 at /api/v1/, its routers, its errors as JSON, its schema at
/api/v1/openapi.json and its docs page (Chinese, made from the schema: no CDN)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase

from gongkai import __version__
from gongkai.web.api.errors import (
    E_INVALID,
    E_NOT_FOUND,
    E_UNAUTHENTICATED,
    ApiError,
)
from gongkai.web.api.routers import applications, public, reports

NAMESPACE = "api-v1"


class ChineseDocs(DocsBase):
    """A page listing every operation of the schema, its parameters, body and answers,
    with the schema's English texts translated."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        from gongkai.web.api.docs import operations

        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "api/docs.html",
            {"operations": operations(schema), "schema_url": self.get_openapi_url(api, kwargs)},
        )


api = NinjaAPI(
    title="gongkai API",
    version=f"1 ({__version__})",
    description="gongkai (公开): units, the catalogue, published reports, applications.",
    urls_namespace=NAMESPACE,
    docs=ChineseDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", public.router)
api.add_router("/", applications.router)
api.add_router("/", reports.router)


def _json(request: HttpRequest, err: ApiError) -> HttpResponse:
    return api.create_response(request, err.body(), status=err.status)


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _json(request, exc)


@api.exception_handler(NinjaValidationError)
def on_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "type": e.get("type", ""),
            "msg": e.get("msg", ""),
        }
        for e in exc.errors
    ]
    return _json(request, ApiError(422, "invalid", E_INVALID, details=details))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _json(request, ApiError(401, "unauthenticated", E_UNAUTHENTICATED))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _json(request, ApiError(404, "not_found", E_NOT_FOUND))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _json(request, ApiError(exc.status_code, "error", _("The request failed.")))
