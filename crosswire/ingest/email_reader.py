"""Newsletters saved as .eml: subject, sender, date and the body (plain text, else HTML)."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

from crosswire.ingest.metadata import Meta
from crosswire.ingest.readers import IngestError


def email_to_text(data: bytes) -> tuple[str, Meta, bool]:
    """(body, metadata, body_is_html) of an RFC 5322 message."""
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # noqa: BLE001 - the parser's errors vary with the damage
        raise IngestError(f"broken e-mail: {exc}") from exc
    if not isinstance(msg, EmailMessage) or not (msg["from"] or msg["subject"]):
        raise IngestError("not an e-mail message (no From or Subject header)")
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise IngestError("e-mail without a text or HTML body")
    try:
        content = body.get_content()
    except (LookupError, UnicodeError) as exc:
        raise IngestError(f"e-mail body in an unknown encoding: {exc}") from exc
    published = None
    if msg["date"]:
        try:
            published = parsedate_to_datetime(str(msg["date"])).date().isoformat()
        except (TypeError, ValueError):
            published = None
    sender = msg["from"]
    outlet = None
    if sender is not None and getattr(sender, "addresses", None):
        addr = sender.addresses[0]
        outlet = addr.display_name or addr.domain or None
    meta = Meta(outlet=outlet, published=published, title=str(msg["subject"] or "") or None)
    return str(content), meta, body.get_content_type() == "text/html"
