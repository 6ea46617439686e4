"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port,
keeping every message it receives, parsed with the standard library's
``email`` package. The ``smtp_server`` fixture (tests/integration/conftest.py)
points the app at it."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
LINK = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Received:
    """One message as the server got it."""

    envelope_to: list[str]
    message: EmailMessage

    @property
    def to(self) -> str:
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        """The text/plain part."""
        return self._part("plain")

    @property
    def html(self) -> str:
        """The text/html part."""
        return self._part("html")

    def _part(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        assert part is not None and part.get_content_subtype() == subtype, f"no text/{subtype} part"
        return part.get_content().replace("\r\n", "\n")  # as sent: SMTP carries CRLF line ends

    def link_path(self) -> str:
        """The path (and query) of the one link in the plain text, to follow with the test client."""
        links = LINK.findall(self.text)
        assert len(links) == 1, f"expected one link in: {self.text}"
        parts = urlsplit(links[0])
        return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Inbox:
    """aiosmtpd's handler: every message received, in order."""

    host: str = HOST
    port: int = 0
    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls it by this name
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(Received(list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.envelope_to]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def running() -> Iterator[Inbox]:
    """An SMTP server for the length of the block."""
    inbox = Inbox(port=_free_port())
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
