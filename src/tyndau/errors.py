"""One exception tree for the whole package.

Every message names what went wrong and where: the file, the record (or byte position), the field
and the bad value where there is one. Exceptions become exit codes only in the CLI.
"""

from __future__ import annotations


class TyndauError(Exception):
    """Base of every error tyndau raises on purpose."""

    exit_code = 1


class InputError(TyndauError):
    """Input that cannot be read: malformed, truncated, wrongly encoded, missing fields."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        record: str | int | None = None,
        field: str | None = None,
        position: int | None = None,
    ) -> None:
        self.path = path
        self.record = record
        self.field = field
        self.position = position
        self.detail = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.path:
            where.append(str(self.path))
        if self.record is not None:
            where.append(f"record {self.record}")
        if self.position is not None:
            where.append(f"byte {self.position}")
        if self.field:
            where.append(f"field {self.field!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.detail}" if prefix else self.detail


class UnknownFormatError(InputError):
    """A file whose format no connector recognises."""


class StoreError(TyndauError):
    """The store cannot be opened, migrated or written."""

    exit_code = 3


class StoreOutdatedError(StoreError):
    """A store of an older schema opened read-only (opening it for writing migrates it)."""


class ConfigError(TyndauError):
    """Bad settings, mapping files or command-line values."""

    exit_code = 2


class AuthError(TyndauError):
    """Login refused, session unknown or expired, or a role too low for what was asked."""

    exit_code = 5


class NotFoundError(InputError):
    """A key that names nothing in the store: an item, a source, a cluster."""
