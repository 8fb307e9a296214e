"""Connectors: one module per platform format, registered here in sniffing order."""

from __future__ import annotations

from pathlib import Path

from tyndau.connectors.base import Connector, ImportContext, Record, Skip
from tyndau.errors import InputError, UnknownFormatError

SNIFF_BYTES = 65536


def registry() -> list[Connector]:
    """Every built-in connector, most specific first."""
    from tyndau.connectors.tabular import CsvConnector, JsonlConnector
    from tyndau.connectors.telegram_desktop import TelegramDesktopConnector
    from tyndau.connectors.telegram_tracker import (
        TelegramTrackerChatsConnector,
        TelegramTrackerConnector,
    )
    from tyndau.connectors.telethon_json import TelethonJsonConnector
    from tyndau.connectors.vk import VkConnector
    from tyndau.connectors.youtube import YoutubeConnector

    return [
        TelegramDesktopConnector(),
        TelethonJsonConnector(),
        VkConnector(),
        YoutubeConnector(),
        JsonlConnector(),
        TelegramTrackerConnector(),
        TelegramTrackerChatsConnector(),
        CsvConnector(),
    ]


def by_name(name: str) -> Connector:
    for c in registry():
        if c.name == name:
            return c
    names = ", ".join(c.name for c in registry())
    raise UnknownFormatError(f"unknown format {name!r}; known formats: {names}")


def sniff(path: Path) -> Connector:
    """The connector for a file, decided from its first bytes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError("empty file", path=str(path))
    for connector in registry():
        if connector.sniff(head, path):
            return connector
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        raise UnknownFormatError(
            "an HTML file: Telegram Desktop HTML exports are not supported; export as "
            "'Machine-readable JSON' instead", path=str(path))
    raise UnknownFormatError(
        "unknown format (not a Telegram Desktop export, Telethon dump, telegram-tracker table, "
        "VK or YouTube API response, JSONL or CSV with a text column); pass --format to force one",
        path=str(path))


__all__ = ["Connector", "ImportContext", "Record", "Skip", "by_name", "registry", "sniff"]
