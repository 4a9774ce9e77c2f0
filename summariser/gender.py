"""Rewrite German gender-inclusive forms into forms a translation model was trained on.

`Wissenschaftler:innen`, `Patient*innen`, `Ärzt_innen` and `MitarbeiterInnen` are rare in
the parallel text MarianMT models learned from, and they come out as broken words. English
plurals carry no gender, so the plural form the model knows ("Wissenschaftler", "Patienten",
"Ärzte") translates to the same English word the inclusive form means. Only the text sent to
the translator is rewritten; the release's own wording is kept for display and evidence.
"""

from __future__ import annotations

import re

_MARK = r"(?::|\*|_|/|·|\u2217)"
# Plural: stem + marker + "innen" (or the Binnen-I: "MitarbeiterInnen").
_PLURAL = re.compile(rf"\b([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*?){_MARK}-?innen\b")
_BINNEN_I = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]+)Innen\b")
# Singular: "Ansprechpartner:in", "eine:n", "der:die".
_SINGULAR = re.compile(rf"\b([A-ZÄÖÜ][a-zäöüß]+){_MARK}-?in\b")
_BINNEN_SINGULAR = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]+[a-zäöüß])In\b")
_ARTICLES = re.compile(
    rf"\b(der|die|den|dem|des|ein|eine|einen|einem|eines|jede|jeder|jeden|keine|keiner)"
    rf"{_MARK}(r|n|m|s|e|die|der|den|dem|des|ein|eine|einen|einem|eines)\b",
    re.IGNORECASE,
)
_MASCULINE = {"der", "den", "dem", "des", "ein", "einen", "einem", "eines", "jeder", "jeden", "keiner"}

# Stems whose generic plural is not the stem itself or stem + "en".
_IRREGULAR = {
    "Ärzt": "Ärzte", "Zahnärzt": "Zahnärzte", "Tierärzt": "Tierärzte", "Köch": "Köche",
    "Bäuer": "Bauern", "Beamt": "Beamte", "Anwält": "Anwälte", "Rechtsanwält": "Rechtsanwälte",
    "Kund": "Kunden", "Französ": "Franzosen", "Jüd": "Juden",
}
_SINGULAR_IRREGULAR = {"Ärzt": "Arzt", "Köch": "Koch", "Bäuer": "Bauer", "Anwält": "Anwalt",
                       "Kund": "Kunde", "Beamt": "Beamter"}


def plural(stem: str) -> str:
    for ending, form in _IRREGULAR.items():
        if stem.endswith(ending):
            return stem[: -len(ending)] + form
    if stem.endswith(("er", "el", "en")):
        return stem  # Wissenschaftler, Mitarbeiter, Bürger: plural equals the stem
    if stem.endswith("e"):
        return stem + "n"  # Kollege -> Kollegen (rarely written as Kolleg:innen)
    return stem + "en"  # Patient, Student, Expert, Autor, Professor, Doktorand


def singular(stem: str) -> str:
    for ending, form in _SINGULAR_IRREGULAR.items():
        if stem.endswith(ending):
            return stem[: -len(ending)] + form
    return stem


def normalise_gender(text: str) -> str:
    text = _PLURAL.sub(lambda m: plural(m.group(1)), text)
    text = _BINNEN_I.sub(lambda m: plural(m.group(1)), text)
    text = _SINGULAR.sub(lambda m: singular(m.group(1)), text)
    text = _BINNEN_SINGULAR.sub(lambda m: singular(m.group(1)), text)
    return _ARTICLES.sub(_article, text)


def _article(match: re.Match[str]) -> str:
    """The masculine article, which agrees with the generic noun form chosen above."""
    first, second = match.group(1), match.group(2)
    if len(second) == 1:  # "eine:n" -> "einen", "jede:r" -> "jeder", "ein:e" -> "ein"
        return first if second == "e" else first + second
    return first if first.lower() in _MASCULINE else second
