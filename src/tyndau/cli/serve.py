"""``tyndau serve``, ``tyndau user …``, ``tyndau audit …``, ``tyndau review export``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import orjson
from rich.table import Table

from tyndau.cli.common import db_option, out_console
from tyndau.config import Settings
from tyndau.errors import InputError
from tyndau.privacy import audit as audit_log
from tyndau.services import accounts
from tyndau.services.reviews import export_gold
from tyndau.store import Store


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (put a TLS proxy in front for anything but localhost).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--k", "k", type=click.IntRange(1, 10_000), default=10, show_default=True,
              help="Viewers see no aggregate over fewer items than this.")
@click.option("--secure-cookies/--no-secure-cookies", default=None,
              help="Mark session cookies Secure and send HSTS (for HTTPS behind a proxy) "
                   "[default: on unless listening on localhost].")
@click.option("--lang", type=click.Choice(["en", "ru"]), default="en", show_default=True)
def serve_command(db: Path | None, host: str, port: int, k: int,
                  secure_cookies: bool | None, lang: str) -> None:
    """Start the workbench (web pages and the HTTP API) over a store."""
    import uvicorn

    from tyndau.api.app import ServeSettings, create_app

    settings = Settings.resolve(db=db)
    with Store.reading(settings.db) as store:
        users = store.query("SELECT count(*) FROM account WHERE NOT disabled")[0][0]
    if not users:
        raise InputError("no accounts yet: create one first, e.g. `tyndau user add NAME "
                         "--role admin`", field="account")
    if secure_cookies is None:
        secure_cookies = host not in ("127.0.0.1", "localhost", "::1")
    app = create_app(ServeSettings(db=settings.db, k=k, secure_cookies=secure_cookies,
                                   lang=lang))
    out_console.print(f"tyndau workbench on http://{host}:{port}/ (store {settings.db}; "
                      f"API schema at /api/openapi.json)")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        app.state.holder.close()


def _password(password_file: Path | None) -> str:
    if password_file is not None:
        try:
            return password_file.read_text("utf-8").rstrip("\n")
        except OSError as exc:
            raise InputError(f"cannot read the password file: {exc.strerror}",
                             path=str(password_file)) from None
    if os.environ.get("TYNDAU_PASSWORD"):
        return os.environ["TYNDAU_PASSWORD"]
    if not sys.stdin.isatty():
        raise InputError("no password: give --password-file, set TYNDAU_PASSWORD, or run "
                         "interactively", field="password")
    return click.prompt("password", hide_input=True, confirmation_prompt=True)


@click.group("user")
def user_group() -> None:
    """Local accounts of the workbench: add, list, change role, disable, API tokens."""


@user_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Read the password from this file [else TYNDAU_PASSWORD, "
                                 "else a prompt].")
@db_option
def user_add(username: str, role: str, password_file: Path | None, db: Path | None) -> None:
    """Add an account (passwords of 12 characters or more, stored as argon2id hashes)."""
    password = _password(password_file)
    with Store(Settings.resolve(db=db).db) as store:
        user = accounts.add_user(store, username, password, role)
    out_console.print(f"added {user.username} ({user.role})")


@user_group.command("list")
@db_option
def user_list(db: Path | None) -> None:
    with Store.reading(Settings.resolve(db=db).db) as store:
        users = accounts.list_users(store)
    t = Table(title=f"{len(users)} accounts")
    for c in ("username", "role", "created", "by", "disabled"):
        t.add_column(c)
    for u in users:
        t.add_row(str(u["username"]), str(u["role"]), str(u["created_at"])[:16],
                  str(u["created_by"] or ""), "yes" if u["disabled"] else "")
    out_console.print(t)


@user_group.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(accounts.ROLES))
@db_option
def user_role(username: str, role: str, db: Path | None) -> None:
    with Store(Settings.resolve(db=db).db) as store:
        accounts.set_role(store, username, role)
    out_console.print(f"{username} is now {role}")


@user_group.command("disable")
@click.argument("username")
@db_option
def user_disable(username: str, db: Path | None) -> None:
    """Disable an account and end its sessions (accounts are never deleted: the audit log
    names them)."""
    with Store(Settings.resolve(db=db).db) as store:
        accounts.disable_user(store, username)
    out_console.print(f"{username} disabled")


@user_group.command("token")
@click.argument("username")
@db_option
def user_token(username: str, db: Path | None) -> None:
    """Print a new API bearer token for an account (valid 90 days; shown once)."""
    with Store(Settings.resolve(db=db).db) as store:
        row = store.query("SELECT role FROM account WHERE username = ? AND NOT disabled",
                          [username])
        if not row:
            raise InputError(f"no active user {username!r}", field="username")
        token, _ = accounts.create_session(store, accounts.User(username, row[0][0]),
                                           kind="api")
    click.echo(token)


@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit log."""


@audit_group.command("verify")
@db_option
def audit_verify(db: Path | None) -> None:
    """Check the hash chain; exit 1 and name the first bad entry if it was tampered with."""
    with Store.reading(Settings.resolve(db=db).db) as store:
        result = audit_log.verify(store)
    if result["ok"]:
        out_console.print(f"audit log intact: {result['entries']:,} entries, last hash "
                          f"{result['last_hash'][:16]}…")
        return
    click.echo(f"tyndau: audit log broken at entry {result['first_bad_seq']}: "
               f"{result['problem']}", err=True)
    sys.exit(1)


@audit_group.command("list")
@db_option
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--action", type=click.Choice(audit_log.ACTIONS), default=None)
@click.option("--json", "as_json", is_flag=True)
def audit_list(db: Path | None, limit: int, action: str | None, as_json: bool) -> None:
    with Store.reading(Settings.resolve(db=db).db) as store:
        rows = audit_log.entries(store, limit=limit, action=action)
    if as_json:
        click.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())
        return
    t = Table(title=f"last {len(rows)} audit entries")
    for c in ("#", "at", "user", "action", "target"):
        t.add_column(c)
    for r in rows:
        t.add_row(str(r["seq"]), r["at"][:19], r["username"] or "", r["action"],
                  (r["target"] or "")[:60])
    out_console.print(t)


@click.group("review")
def review_group() -> None:
    """Reviewers' decisions."""


@review_group.command("export")
@db_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              required=True)
def review_export(db: Path | None, output: Path) -> None:
    """Write the labels reviewers agree on as a gold file for `tyndau train --gold`."""
    with Store.reading(Settings.resolve(db=db).db) as store:
        n = export_gold(store, output)
    out_console.print(f"{n} reviewed items → {output}")
