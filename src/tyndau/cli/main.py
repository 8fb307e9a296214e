"""``tyndau``: the entry point. Errors become one line on stderr and a non-zero exit code."""

from __future__ import annotations

import sys

import click

import tyndau
from tyndau.cli import (
    analyse,
    attribution,
    classify,
    coordination,
    demo,
    duplicates,
    evaluate,
    frontier,
    graph,
    ingest,
    media,
    reach,
    report,
    serve,
    sources,
    status,
    train,
    trends,
    uncertain,
)
from tyndau.cli.common import printable
from tyndau.errors import TyndauError


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except TyndauError as exc:
            click.echo(f"tyndau: error: {printable(exc)}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("tyndau: interrupted; every batch committed before is kept", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(tyndau.__version__, prog_name="tyndau")
def cli() -> None:
    """tyndau — strategic listening to violent-extremist narratives and grievances.

    Ingest public channel content, analyse it (language, function, narratives, grievances) and
    report on it, in one embedded DuckDB store.
    """


for module in (ingest, analyse, status, classify, evaluate, train, uncertain, report, demo,
               duplicates, reach, coordination, attribution, media, graph, frontier):
    cli.add_command(module.command)
cli.add_command(sources.sources_command)
cli.add_command(sources.source_command)
for command in (serve.serve_command, serve.user_group, serve.audit_group, serve.review_group,
                trends.trends_command, trends.bursts_command, trends.changes_command):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="tyndau")


if __name__ == "__main__":
    main()
