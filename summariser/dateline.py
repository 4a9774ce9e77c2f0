"""The dateline that opens a release: where and when it was issued, in both traditions.

"Leipzig, 3. März 2026 –", "Wien –", "TAMPA, Fla. (July 17, 2017) -", "PHILADELPHIA --",
"New York, NY -", "(Boston)--", "CHICAGO (January 26, 2017):", "06.12.2024/Kiel.", "[17. Mai 2023]".
The cleaning stage keeps it as metadata, not as a sentence of the message.
"""

from __future__ import annotations

import re

_MONTHS = (
    r"(?:Jan(?:uar|uary)?|Feb(?:ruar|ruary)?|Mär(?:z)?|Mar(?:ch)?|Apr(?:il)?|Mai|May|Jun[ei]?|Jul[iy]?|"
    r"Aug(?:ust)?|Sep(?:t|tember)?|Okt(?:ober)?|Oct(?:ober)?|Nov(?:ember)?|Dez(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}\.\s*{_MONTHS}\s*\d{{4}}|\d{{1,2}}\.\s*\d{{1,2}}\.\s*\d{{2,4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|"
    rf"{_MONTHS}\s+\d{{1,2}},?\s*\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
_PLACE_WORD = r"[A-ZÄÖÜ][\wäöüß.'’/-]*"
_PLACE = rf"{_PLACE_WORD}(?:[ -](?:am |an der |im |bei |upon |on )?{_PLACE_WORD}){{0,3}}"
_US_STATE = r"(?:,\s*[A-Z][A-Za-z]{0,4}\.(?:\s?[A-Z]\.)?|,\s*[A-Z]{2}\b|,\s*[A-Z][a-z]+)"
_SPLIT_DASH = r"\s*(?:—|–|--+)\s*"  # unambiguous: an em or en dash, or a doubled hyphen
_ANY_DASH = r"\s*(?:—|–|-{1,3})\s+"
_OPENS_TEXT = r"(?=[\"„“‘'A-ZÄÖÜ0-9])"
# A dateline at the start of a paragraph, followed by the paragraph's text.
DATELINE = re.compile(
    rf"^(?P<dateline>"
    rf"{_PLACE}{_US_STATE}?,?\s*(?:den\s+|am\s+)?{_DATE}(?={_ANY_DASH}|\s*:\s)|"
    rf"(?:{_PLACE}{_US_STATE}?|[A-ZÄÖÜ]{{3,}}(?:[ -][A-ZÄÖÜ]{{2,}}){{0,2}}{_US_STATE}?)\s*\({_DATE}\)(?={_ANY_DASH}|\s*:\s)|"
    rf"[A-ZÄÖÜ]{{3,}}(?:[ -][A-ZÄÖÜ]{{2,}}){{0,2}}{_US_STATE}?(?={_ANY_DASH})|"
    rf"{_PLACE}{_US_STATE}(?={_ANY_DASH})|"
    rf"\(?{_PLACE}\)?(?={_SPLIT_DASH})|"
    rf"{_DATE}(?:/{_PLACE})+\.(?=\s)|\[{_DATE}\]"
    rf")(?:{_ANY_DASH}|{_SPLIT_DASH}|\s*:\s+|\s+){_OPENS_TEXT}"
)
DATELINE_ALONE = re.compile(rf"^(?:{_PLACE}{_US_STATE}?,?\s*(?:den\s+|am\s+)?{_DATE}|{_DATE})\s*$")
