"""Cues that label a paragraph of a release: label lines, contact data, funding notes, end matter.

The cleaning stage (`clean.py`) reads these to decide what a paragraph is. They look at the
shape and the opening words of a line, in German and English, never at any particular
institution's wording.
"""

from __future__ import annotations

import re

from .sentence import finite_verbs

_LABEL = r"(?:[\w ,/&*:-]{0,40}?)"
CONTACT_HEAD = re.compile(
    r"^(?:Presse|Medien|Wissenschaftliche[rn]?|Fachliche[rn]?|Ihre?|Für Rückfragen)?\s*-?"
    r"(?:kontakte?|ansprechpartner(?::in|\*in|_in|in|innen|:innen)?|ansprechperson(?:en)?|rückfragen|"
    r"contacts?|press contact|media contacts?|media enquiries|media inquiries|for further information|"
    r"for (?:more|further) information,? (?:please )?contact)\b"
    + _LABEL + r":?\s*$|^(?:Kontakt|Pressekontakt|Ansprechpartner\S*|Contacts?|Press contact|Media contacts?)\s*:",
    re.IGNORECASE,
)
PUBLICATION_HEAD = re.compile(
    r"^(?:Original(?:publikation|veröffentlichung|arbeit|artikel)|Publikation|"
    r"Fachartikel|Veröffentlichung|Literatur|Original (?:publication|paper|article)|Publications?|"
    r"(?:Article |Journal |Study )?References?|Citation|Zitat(?:ion)?|Quelle|Source|DOI)\b\s*(?::|$)",
    re.IGNORECASE,
)
PUBLICATION_WORD = re.compile(
    r"^(?:Original)?(?:publikation|veröffentlichung|publication|paper|reference)\s", re.IGNORECASE
)
LINK_HEAD = re.compile(
    r"^(?:Weitere Informationen|Mehr Informationen|Weiterführende Links?|Links?|Mehr dazu|"
    r"More information|Further information|Website|Web|Internet)\s*:",
    re.IGNORECASE,
)
FOOTER_HEAD = re.compile(
    r"^(?:Über (?:das|die|den|uns|[A-ZÄÖÜ])|About (?:the\b|us\b|[A-Z])|Zum (?:Institut|Unternehmen)\b|"
    r"Zur (?:Universität|Hochschule|Klinik)\b)"
)
FUNDING_HEAD = re.compile(
    r"^(?:Funding|Förderung|Finanzierung|Förderhinweis|Acknowledge?ments?|Danksagung|Support)\b\s*(?::|$)",
    re.IGNORECASE,
)
# A paragraph that is nothing but a funding note.
FUNDING_NOTE = re.compile(
    r"^(?:(?:This|The) (?:work|study|research|project|trial|analysis)\b[^.]{0,60}?\b(?:was|is|were|are) "
    r"(?:\w+ )?(?:funded|supported|financed|sponsored)|(?:Funding|Support) (?:for|from|was)\b|"
    r"(?:Das|Die|Der) (?:Projekt|Studie|Arbeit|Forschung|Vorhaben|Untersuchung)\w*\b[^.]{0,80}?"
    r"\b(?:gefördert|finanziert)|(?:Gefördert|Finanziert) (?:wird|wurde|durch|von|vom)\b)",
    re.IGNORECASE,
)
ENDMATTER_HEAD = re.compile(
    r"^(?:Disclaimer|Haftungsausschluss|Note\s*:|Notes? (?:to|for) editors?|Editor'?s notes?|"
    r"Hinweis (?:für|an) (?:die )?Redaktion|Financial disclosures?|Disclosures?\s*:|Conflicts? of interest|"
    r"Competing interests|Interessenkonflikt|The authors? (?:report|declare|disclose)|"
    r"Follow us|Folgen Sie uns|Share (?:this|on)\b|Diese Seite teilen|"
    r"(?:Twitter|Facebook|LinkedIn|Instagram|YouTube|Mastodon|Bluesky|X)\s*:)",
    re.IGNORECASE,
)
# What follows these is comments, sharing buttons and site furniture, never the release.
CLOSING_LINE = re.compile(r"^(?:Leave a (?:Reply|Comment)|Kommentar (?:schreiben|hinterlassen)|Comments?)\s*$", re.IGNORECASE)
DISCLAIMER_TEXT = re.compile(
    r"informational purposes|(?:professional|medical) advice|does not constitute|"
    r"keine (?:medizinische|ärztliche) Beratung|ersetzt keine", re.IGNORECASE,
)
PUBLISHED_TEXT = re.compile(r"\bpublished (?:in|online)\b|\bDOI\b|doi\.org|veröffentlicht in|erschienen in", re.IGNORECASE)
FUNDING_TEXT = re.compile(r"\b(?:funded|funding|supported|financed|sponsored)\b|\bgrants?\b|gefördert|finanziert|Förder", re.IGNORECASE)
CITATION = re.compile(r"\bdoi\b|doi\.org|et al\.|\(\d{4}\)|\d+\s*\(\d+\)|\b\d+\s*[-–]\s*\d+\b|\bvol\.|\bpp\.", re.IGNORECASE)
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(
    r"\b(?:Tel|Telefon|Fon|Phone|Fax|Mobil|Mobile)\b\.?:?\s*[+\d(]|\+\d{2}[\d\s/()-]{6,}|"
    r"^\(?\d{3,5}\)?[\s./-]?\d{3}[\s./-]?\d{3,4}$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?…:;]['\"“”‘’»«)\]]*$")
# A sentence that asks the reader to get in touch: contact data even when it runs long.
INVITATION = re.compile(
    r"(?:^|[,:;(]|\b(?:please|or|and|may|can))\s*(?:contact|call|visit|e-?mail|write to|reach)\b|"
    r"\b(?:kontaktieren|wenden|erreichen|besuchen|rufen|schreiben|finden) Sie\b",
    re.IGNORECASE,
)


def holds_data(text: str) -> bool:
    """Whether the line has a web address, an e-mail address or a phone number."""
    return bool(EMAIL.search(text) or PHONE.search(text) or URL.search(text))


def is_contact_data(text: str) -> bool:
    """A contact or link line: data with no sentence reading on around it."""
    return holds_data(text) and not prose_around_data(text)


def prose_around_data(text: str) -> bool:
    """Whether a sentence of the line reads on around its web address, e-mail or phone number.

    A contact or link line is mostly names and data ("Dr. A. Muster, Institut für X, Tel. …")
    or asks the reader to get in touch ("For more information, contact …"); a finding that
    merely cites its source ("… cloud cover (https://…).", "… reachable at info@…, found …")
    has a run of words around the data, most of them lower-case (verbs, not names), or a
    finite verb among a third of them ("The Example Institute (www…) led the expedition.").
    """
    rest = PHONE.sub(" ", EMAIL.sub(" ", URL.sub(" ", text)))
    for sentence in re.split(r"(?<=[a-zäöüß)]{2}[.!?])\s+", rest):
        words = re.findall(r"[^\W\d_][\w'’-]*", sentence)
        lower = sum(1 for w in words if w[0].islower())
        if len(words) < 8 or INVITATION.search(sentence):
            continue
        if lower * 2 >= len(words) or (lower * 3 >= len(words) and finite_verbs(words)):
            return True
    return False


def is_prose(text: str) -> bool:
    """A line of running text: several words and a sentence end after a lower-case word."""
    return len(text.split()) >= 8 and bool(re.search(r"[a-zäöüß]{3,}[.!?][\"”“»«')]*$", text))
