"""Sending email through a configurable backend.

MAIL_BACKEND is "log" (development: the message is written to the log, and
a page that sends a link may also show it, under the rule in
``may_show_link``), "memory" (tests: messages are kept in
``app.extensions["outbox"]``) or "smtp" (MAIL_SERVER, MAIL_PORT,
MAIL_USERNAME, MAIL_PASSWORD, MAIL_USE_TLS, MAIL_SENDER). Every message
has a plain-text body and the same in HTML (``emails.py`` renders both from
templates); SMTP sends them as ``multipart/alternative``, so a mail program
shows whichever it prefers. The standard library's smtplib is enough here;
no mail extension is needed for one message at a time.
"""

from __future__ import annotations

import ipaddress
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING

from flask import current_app, has_request_context, request

if TYPE_CHECKING:
    from selfassess.data.models import Account


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str  # the plain text
    html: str


def send(to: str, subject: str, body: str, html: str) -> None:
    message = Message(to=to, subject=subject, body=body, html=html)
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "memory":
        current_app.extensions.setdefault("outbox", []).append(message)
    elif backend == "log":
        current_app.logger.info("Email to %s: %s\n%s", to, subject, body)
    elif backend == "smtp":
        _send_smtp(message)
    else:
        raise RuntimeError(f"MAIL_BACKEND {backend!r} is not one of log, memory, smtp")


# Headers a reverse proxy adds to say whom it forwards a request for.
_PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def may_show_link(account: Account) -> bool:
    """Whether this request may be shown, on the page, a link that lets
    whoever holds it into ``account`` (a password-reset or invitation link).

    A development copy sends no email (the message goes to the log), so
    showing the link is how someone trying it out follows it. But whoever
    sees the page gets the account: an anonymous visitor asking to reset an
    administrator's password, or a lead inviting someone. So the link is
    shown only when all of these hold, and otherwise goes only to the email
    (or, in development, the log):

    - the copy is not production (``SELFASSESS_ENV``) and sends no real
      email (``MAIL_BACKEND`` is ``log`` or ``memory``);
    - the request comes from this machine (a loopback address) and carries
      no ``X-Forwarded-For`` (nor ``Forwarded`` or ``X-Real-IP``). The
      address alone would not do: docs/deploy.md runs gunicorn on 127.0.0.1
      behind a reverse proxy, so every request through the proxy comes from
      loopback too, and only the header the proxy adds tells them apart
      (ProxyFix, when on, leaves the header in place);
    - the account is one of the demo's own (``is_demo``), whose password is
      published anyway, and is not an administrator's.
    """
    config = current_app.config
    if config["ENV"] == "production" or config["MAIL_BACKEND"] not in ("log", "memory"):
        return False
    if not has_request_context() or any(header in request.headers for header in _PROXY_HEADERS):
        return False
    try:
        loopback = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False
    return loopback and account.is_demo and not account.is_admin


def _send_smtp(message: Message) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = message.to
    email["Subject"] = message.subject
    email.set_content(message.body)
    email.add_alternative(message.html, subtype="html")
    with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT", 587)), timeout=30) as smtp:
        if config.get("MAIL_USE_TLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
