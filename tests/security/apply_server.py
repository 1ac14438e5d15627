"""A child process of ``test_half_written``: gongkai's WSGI application served on a free
port of 127.0.0.1 (``port N`` on stdout), which stops in the middle of saving an online
application's identity upload — the file written, the transaction not committed — and
says so (``written NAME``), for the test to kill it there.

DATABASE_URL names the test database, GONGKAI_HOME the folder of its var/."""

from __future__ import annotations

import os
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

from gongkai.web.applications.services import intake  # noqa: E402 (where the upload is kept)

real_audit_record = intake.audit_record


def audit_record(**kw):  # type: ignore[no-untyped-def]
    if kw["action"] == "application.identity_upload":
        print(f"written {kw['obj'].identity_document.name}", flush=True)
        threading.Event().wait()  # until killed
    return real_audit_record(**kw)


intake.audit_record = audit_record  # type: ignore[assignment]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":
    server = make_server("127.0.0.1", 0, application, handler_class=QuietHandler)
    print(f"port {server.server_port}", flush=True)
    server.serve_forever()
