"""``ahpfw serve``: the CASE 1.1 REST read endpoints over HTTP (the standard library's http.server)."""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

import click

from ..problems import UsageError
from . import Context, common_options, fail, no_cache_option, use_color

#: Every answer is JSON (CASE 1.1 REST/JSON binding).
CONTENT_TYPE = "application/json; charset=utf-8"


def handler(api: Any, log: Any) -> type[BaseHTTPRequestHandler]:
    """A request handler answering GET and HEAD from ``api`` (:class:`ahpfw.exporters.case_api.CaseApi`) and
    every other method with 405; ``log`` gets one line per request."""
    from ..exporters.case_api import Answer, json_text, status_info

    class Handler(BaseHTTPRequestHandler):
        server_version = "ahpfw"

        def _send(self, answer: Answer, body: bool = True) -> None:
            data = answer.body.encode("utf-8")
            self.send_response(answer.status)
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(data)))
            for name, value in answer.headers:
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(data)

        def _answer(self) -> Answer:
            parts = urlsplit(self.path)
            return api.answer(unquote(parts.path), parts.query)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._send(self._answer())

        def do_HEAD(self) -> None:  # noqa: N802
            self._send(self._answer(), body=False)

        def _not_allowed(self) -> None:
            text = json_text(status_info(f"{self.command} is not allowed: this service is read-only (GET, HEAD)"))
            self._send(Answer(405, text, (("Allow", "GET, HEAD"),)))

        def __getattr__(self, name: str) -> Any:
            if name.startswith("do_"):  # any other method: POST, PUT, DELETE, PATCH, OPTIONS, ...
                return self._not_allowed
            raise AttributeError(name)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's signature)
            log(f"{self.address_string()} {format % args}")

    return Handler


@click.command()
@click.argument("path", required=False)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (the default answers this computer only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on; 0 picks a free one (the address is printed).")
@click.option("--base-url", metavar="URL", default=None,
              help="The address clients reach the service at, the base of every uri field "
                   "(default: http://HOST:PORT).")
@common_options
@no_cache_option
def serve(ctx: Context, path: str | None, host: str, port: int, base_url: str | None) -> None:
    """Serve the framework over HTTP as CASE 1.1 (read-only).

    Answers the CASE 1.1 REST read endpoints until stopped (Ctrl-C). The answers
    (/ims/case/v1p1/CFDocuments, CFDocuments/{id}, CFPackages/{id}, CFItems/{id},
    CFAssociations/{id}, CFItemAssociations/{id}, CFItemTypes/{id}, CFLicenses/{id})
    come from the framework's CASE package, as in exports/case/.
    Read-only: GET and HEAD; other methods answer 405. The first line printed is
    the address of the list of documents on this computer. Refuses (exit 1) a
    framework with errors.
    """
    from ..exporters.case_api import ROOT, case_api, checked_base_url
    from ..formatters import summary
    from ..formatters.text import format_problems
    from ..problems import display_path
    from ..project import Project
    from ..rules.validation import validate

    if base_url is not None:
        checked_base_url(base_url)
    project = Project.open(path)
    ctx.debug(f"framework: {project.framework_dir}")
    fw = project.framework
    problems = validate(fw)
    if any(p.severity == "error" for p in problems):
        click.echo(format_problems(problems, color=use_color()))
        fail(f"{display_path(project.framework_dir)}: {summary(problems)}; nothing is served", 1)
    try:
        server = ThreadingHTTPServer((host, port), handler(None, ctx.debug))
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    bound = server.server_address[1]
    address = f"http://{f'[{host}]' if ':' in host else host}:{bound}"
    server.RequestHandlerClass = handler(case_api(fw, base_url or address), ctx.debug)
    click.echo(f"{address}{ROOT}/CFDocuments")
    sys.stdout.flush()
    ctx.info(f"serving {fw.title} {fw.version} as CASE 1.1 on {address}"
             f"{f', its uri fields under {base_url}' if base_url else ''}; Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        ctx.info("stopped")
    finally:
        server.server_close()
