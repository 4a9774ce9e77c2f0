"""The review web app: a release list, a release page, one decision endpoint and exports.

Every request must carry the session token (`?t=...`) that `summariser serve` prints: other
local users and other web sites cannot read or post without it (CSRF). Decisions go through
`review.decide`, the terminal review's core, with the revision of the file the page showed, so a
file changed meanwhile (terminal review, batch run, another tab) is reported as a conflict and
the reviewer's typed text is kept on the page, never silently dropped or overwritten.
"""

from __future__ import annotations

import re
import secrets
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import review as core
from ..errors import ConflictError, ReviewStateError, SummariserError
from ..export import FORMATS, export, title_of
from ..store import conflict, load_result, load_result_revision
from .state import FILTERS, Draft, ReleaseState, item_views, relative_key

_HERE = Path(__file__).parent
_MEDIA = {"md": "text/markdown", "html": "text/html", "jsonld": "application/ld+json"}
_SUFFIX = {"md": ".md", "html": ".html", "jsonld": ".jsonld"}
# The page loads nothing from elsewhere and runs no inline script, so a text that slipped past
# escaping still could neither run nor phone home.
_HEADERS = [
    (
        b"content-security-policy",
        (
            b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        ),
    ),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-store"),
]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def create_app(out_dir: Path, reviewer: str, token: str, hosts: tuple[str, ...] | None = None) -> ASGIApp:
    """The app for the results under `out_dir`; `hosts` are the Host names accepted (None: any)."""
    web = _Web(out_dir, reviewer, token)
    app = Starlette(
        routes=[
            Route("/", web.index),
            Route("/release", web.release),
            Route("/decide", web.decide, methods=["POST"]),
            Route("/export", web.export),
            Mount("/static", StaticFiles(directory=_HERE / "static"), name="static"),
        ]
    )
    return _Guard(app, token, hosts)


class _Guard:
    """Refuses requests without the session token (403) or, on a loopback address, for another
    Host name (DNS rebinding); adds the security headers to every response."""

    def __init__(self, app: ASGIApp, token: str, hosts: tuple[str, ...] | None) -> None:
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = (request.url.hostname or "").strip("[]")
        refusal = None
        if not secrets.compare_digest(request.query_params.get("t", "").encode(), self.token.encode()):
            refusal = "Forbidden: open the link with the session token that `summariser serve` printed."
        elif self.hosts is not None and host not in self.hosts:
            refusal = "Forbidden: unexpected Host header."

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *_HEADERS]}
            await send(message)

        if refusal:
            await PlainTextResponse(refusal, status_code=403)(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)


class _Web:
    def __init__(self, out_dir: Path, reviewer: str, token: str) -> None:
        self.root = out_dir
        self.reviewer = reviewer
        self.token = token
        # One decision at a time from this server: two tabs saving at once are then told
        # about each other by the revision check instead of racing it.
        self.lock = threading.Lock()
        self.env = Environment(
            loader=FileSystemLoader(_HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
        )
        self.env.globals.update(link=self.link, token=token, reviewer=reviewer, out_dir=str(out_dir), filters=FILTERS)

    def link(self, path: str, **params: Any) -> str:
        query = {k: v for k, v in params.items() if v is not None}
        return f"{path}?{urlencode({**query, 't': self.token})}"

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**context), status_code=status)

    def resolve(self, key: str | None) -> Path | None:
        """The result file named by `key` (its path under the folder), only if it is one of
        the results found there: no other file can be reached through the page."""
        if not key:
            return None
        return core.result_at(self.root, key)

    # Pages -------------------------------------------------------------------------------------

    async def index(self, request: Request) -> Response:
        show = request.query_params.get("show", "all")
        query = request.query_params.get("q", "")
        return await run_in_threadpool(self._index, show if show in FILTERS else "all", query)

    def _index(self, show: str, query: str) -> Response:
        found = core.scan(self.root)
        rows, problems = [], [p.message for p in found.problems]
        for path in found.paths:
            try:
                rows.append(ReleaseState.of(relative_key(self.root, path), load_result(path)))
            except ReviewStateError as exc:
                problems.append(exc.message)
        shown = [row for row in rows if row.shown_by(show, query)]
        return self.page("index.html", rows=shown, total=len(rows), show=show, query=query, problems=problems)

    async def release(self, request: Request) -> Response:
        key = request.query_params.get("f")
        return await run_in_threadpool(self._release, key, request.query_params.get("saved"))

    def _release(self, key: str | None, saved: str | None) -> Response:
        path = self.resolve(key)
        if path is None:
            return self._not_found(key)
        return self.release_page(key or "", path, saved=saved)

    def release_page(
        self,
        key: str,
        path: Path,
        status: int = 200,
        saved: str | None = None,
        error: ReviewStateError | None = None,
        draft: Draft | None = None,
    ) -> Response:
        try:
            result, revision = load_result_revision(path)
        except ReviewStateError as exc:
            return self.page("problem.html", 400, error=exc)
        saved_item = next((x for x in result.faq if x.id == saved), None)
        return self.page(
            "release.html",
            status,
            key=key,
            result=result,
            title=title_of(result),
            revision=revision,
            state=ReleaseState.of(key, result),
            items=item_views(result),
            saved=saved_item,
            error=error,
            conflict=isinstance(error, ConflictError),
            draft=draft,
            formats=FORMATS,
        )

    def _not_found(self, key: str | None) -> Response:
        return self.page("problem.html", 404, error=ReviewStateError(f"{key!r}: no such result under {self.root}"))

    # Decisions ---------------------------------------------------------------------------------

    async def decide(self, request: Request) -> Response:
        form = await request.form()
        fields = {name: str(form.get(name) or "") for name in ("action", "item", "revision", "question", "answer")}
        confirmed = form.get("confirm") == "1"
        key = request.query_params.get("f")
        return await run_in_threadpool(self._decide, key, fields, confirmed)

    def _decide(self, key: str | None, fields: dict[str, str], confirmed: bool) -> Response:
        path = self.resolve(key)
        if path is None:
            return self._not_found(key)
        key = key or ""
        action, item_id = fields["action"], fields["item"] or None
        typed = action in (core.Action.EDIT, core.Action.ADD)
        draft = Draft(item_id if action == core.Action.EDIT else None, fields["question"], fields["answer"]) if typed else None
        with self.lock:
            try:
                if draft is not None and not confirmed:
                    checked = self._check(path, fields["revision"], draft)
                    if checked.flags:
                        return self.release_page(key, path, draft=checked)
                result = core.decide(
                    path,
                    item_id,
                    action,
                    self.reviewer,
                    answer=fields["answer"] if typed else None,
                    question=fields["question"] if typed else None,
                    expected_revision=fields["revision"],
                )
            except ConflictError as exc:
                return self.release_page(key, path, 409, error=exc, draft=draft)
            except ReviewStateError as exc:
                return self.release_page(key, path, 400, error=exc, draft=draft)
        saved = result.faq[-1].id if action == core.Action.ADD else item_id
        upcoming = next((x.id for x in core.pending(result)), saved)
        return RedirectResponse(self.link("/release", f=key, saved=saved) + f"#item-{upcoming}", status_code=303)

    def _check(self, path: Path, revision: str, draft: Draft) -> Draft:
        """The faithfulness flags of a typed text, before saving it (as the terminal review
        shows them before asking to save)."""
        result, current = load_result_revision(path)
        if current != revision:
            raise conflict(path)
        item = next((x for x in result.faq if x.id == draft.item_id), None)
        question = draft.question.strip() or (item.question if item else "")
        answer = draft.answer.strip() or (item.answer if item else "")
        if item is not None and question == item.question and answer == item.answer:
            return draft  # nothing changed: `decide` says so
        flags = core.recheck(result, item, question, answer) if question and answer else ()
        return Draft(draft.item_id, draft.question, draft.answer, flags, checked=True)

    # Export ------------------------------------------------------------------------------------

    async def export(self, request: Request) -> Response:
        key, fmt = request.query_params.get("f"), request.query_params.get("fmt", "md")
        return await run_in_threadpool(self._export, key, fmt)

    def _export(self, key: str | None, fmt: str) -> Response:
        path = self.resolve(key)
        if path is None:
            return self._not_found(key)
        try:
            text = export(load_result(path), fmt, source=key)
        except ReviewStateError as exc:
            return self.release_page(key or "", path, 400, error=exc)
        except SummariserError as exc:  # an unknown format
            return PlainTextResponse(exc.message, status_code=400)
        stem = re.sub(r"[^A-Za-z0-9._-]", "_", Path(key or "release").stem) or "release"
        return Response(
            text,
            media_type=_MEDIA[fmt],
            headers={"content-disposition": f'attachment; filename="{stem}.faq{_SUFFIX[fmt]}"'},
        )
