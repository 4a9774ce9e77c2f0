"""Small text helpers shared by the summary and FAQ stages."""

from __future__ import annotations


def tidy(text: str) -> str:
    """Drop a quotation mark left unpaired where a quote spans several sentences."""
    text = text.strip()
    for opening, closing in (("„", "“"), ("“", "”"), ('"', '"'), ("»", "«"), ("«", "»")):
        if opening == closing:
            if text.count(opening) % 2:
                text = text.strip(opening).strip()
        elif text.count(opening) != text.count(closing):
            text = text.lstrip(opening).rstrip(closing).strip()
    return text
