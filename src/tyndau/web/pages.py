"""Web pages (placeholder until the page set lands): mount points and the error page."""

from __future__ import annotations

from html import escape

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from tyndau.errors import TyndauError


def error_page(request: Request, exc: TyndauError) -> HTMLResponse:
    from tyndau.api.app import error_response
    status = error_response(exc).status_code
    return HTMLResponse(f"<!doctype html><title>tyndau</title><p>{escape(str(exc))}</p>",
                        status_code=status)


def mount_web(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> str:
        return "<!doctype html><title>tyndau</title><p>tyndau</p>"
