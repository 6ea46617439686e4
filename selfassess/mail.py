"""Sending email through a configurable backend.

MAIL_BACKEND is "log" (development: the message is written to the log, and
pages that send a link also show it), "memory" (tests: messages are kept in
``app.extensions["outbox"]``) or "smtp" (MAIL_SERVER, MAIL_PORT,
MAIL_USERNAME, MAIL_PASSWORD, MAIL_USE_TLS, MAIL_SENDER). The standard
library's smtplib is enough here; no mail extension is needed for one
plain-text message at a time.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


def send(to: str, subject: str, body: str) -> None:
    message = Message(to=to, subject=subject, body=body)
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "memory":
        current_app.extensions.setdefault("outbox", []).append(message)
    elif backend == "log":
        current_app.logger.info("Email to %s: %s\n%s", to, subject, body)
    elif backend == "smtp":
        _send_smtp(message)
    else:
        raise RuntimeError(f"MAIL_BACKEND {backend!r} is not one of log, memory, smtp")


def shows_links_on_page() -> bool:
    """In development the lead sees invitation links on the page, since no email goes out."""
    return current_app.config["MAIL_BACKEND"] in ("log", "memory") and current_app.config["ENV"] != "production"


def _send_smtp(message: Message) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = message.to
    email["Subject"] = message.subject
    email.set_content(message.body)
    with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT", 587)), timeout=30) as smtp:
        if config.get("MAIL_USE_TLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
