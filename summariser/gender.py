"""Rewrite German gender-inclusive forms into forms a translation model was trained on.

`Wissenschaftler:innen`, `Patient*innen`, `Ärzt_innen`, `MitarbeiterInnen`, `Lehrer(innen)`
and compounds such as `Bürger:innenbeteiligung` are rare in the parallel text MarianMT models
learned from, and they come out as broken words. English nouns carry no gender, so the generic
form the model knows ("Wissenschaftler", "Patienten", "Ärzte", "Bürgerbeteiligung") translates
to the same English word the inclusive form means. The generic masculine is used throughout,
with each noun's own plural ("Bauern", "Nachbarn", "Ingenieure") and, for weak nouns, its -e
and -en forms ("ein Experte", "einen Experten"). Only the text sent to the translator is
rewritten; the release's own wording is kept for display and evidence. Words that merely end
in "In" (`LinkedIn`, `CheckIn`) are left alone.
"""

from __future__ import annotations

import re

_MARK = r"(?::|\*|_|/|·|\u2217)"
_STEM = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*?"
# Plural: stem + marker + "innen" (also "Innen"), possibly opening a compound ("…innenbeteiligung").
_PLURAL = re.compile(rf"\b({_STEM}){_MARK}-?[Ii]nnen([a-zäöüß]*)\b")
_BINNEN_I = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]+)Innen([a-zäöüß]*)\b")
_BRACKETED_PLURAL = re.compile(rf"\b({_STEM})\((?:innen|Innen)\)|\b({_STEM})\((?:inn|Inn)\)en\b")
# Singular: "Ansprechpartner:in", "Expert*in", "LehrerIn", "Lehrer(in)".
_SINGULAR = re.compile(rf"\b({_STEM}){_MARK}-?[Ii]n\b|\b({_STEM})\((?:in|In)\)")
_BINNEN_SINGULAR = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]+[a-zäöüß])In\b")
_ARTICLES = re.compile(
    rf"\b(der|die|den|dem|des|ein|eine|einen|einem|eines|jede|jeder|jeden|keine|keiner)"
    rf"{_MARK}(r|n|m|s|e|die|der|den|dem|des|ein|eine|einen|einem|eines)\b",
    re.IGNORECASE,
)
# "die Expert:in" → "der Experte", "mit einer Kolleg:in" → "mit einem Kollegen".
_FEMININE_ARTICLE = re.compile(
    rf"\b(die|eine|einer|keine|jede)(\s+(?:[a-zäöüß]+\s+){{0,2}})(?={_STEM}{_MARK}-?[Ii]n\b)", re.IGNORECASE
)
_TO_MASCULINE = {"die": "der", "eine": "ein", "einer": "einem", "keine": "kein", "jede": "jeder"}
_MASCULINE = {"der", "den", "dem", "des", "ein", "einen", "einem", "eines", "jeder", "jeden", "keiner"}
_OBLIQUE = {"den", "dem", "des", "einen", "einem", "eines", "jeden", "jedem", "jedes", "keinen", "keinem"}

# Stems whose generic plural is not the regular one below.
_IRREGULAR = {
    "Ärzt": "Ärzte", "Köch": "Köche", "Bäuer": "Bauern", "Bauer": "Bauern", "Nachbar": "Nachbarn",
    "Beamt": "Beamte", "Anwält": "Anwälte", "Kund": "Kunden", "Französ": "Franzosen", "Jüd": "Juden",
    "Wirt": "Wirte", "Freund": "Freunde", "Vorständ": "Vorstände",
}
_SINGULAR_IRREGULAR = {
    "Ärzt": "Arzt", "Köch": "Koch", "Bäuer": "Bauer", "Anwält": "Anwalt", "Beamt": "Beamter",
    "Französ": "Franzose", "Jüd": "Jude",
}
# Weak nouns: "-e" in the nominative singular, "-en" in every other form.
_WEAK = ("Kund", "Expert", "Kolleg", "Zeug", "Genoss", "Gatt", "log", "Lai")
# Endings of person nouns that take a Binnen-I ("LehrerIn", "StudentIn", "ExpertIn").
_PERSON_ENDINGS = ("er", "ent", "ant", "ist", "or", "eur", "and", "ar", "är", "og", "at", "ert", "eg", "ot", "ekt", "zt")


def _ending(stem: str, table: dict[str, str]) -> str | None:
    """The table's form for a stem, also inside a compound ("Biobauer" → "Biobauern")."""
    for ending, form in table.items():
        if stem.endswith(ending):
            return stem[: -len(ending)] + form
        low = ending[0].lower() + ending[1:]
        if stem.endswith(low) and len(stem) > len(low):
            return stem[: -len(low)] + form[0].lower() + form[1:]
    return None


def plural(stem: str) -> str:
    irregular = _ending(stem, _IRREGULAR)
    if irregular:
        return irregular
    if stem.endswith(("er", "el", "en")):
        return stem  # Wissenschaftler, Mitarbeiter, Bürger: plural equals the stem
    if stem.endswith("e"):
        return stem + "n"
    if stem.endswith(("eur", "ar", "är")):
        return stem + "e"  # Ingenieure, Kommissare, Funktionäre
    return stem + "en"  # Patienten, Studenten, Experten, Autoren, Professoren, Biologen


def singular(stem: str, oblique: bool = False) -> str:
    irregular = _ending(stem, _SINGULAR_IRREGULAR)
    if irregular:
        return irregular
    if stem.endswith(_WEAK) or _ending(stem, {w: w for w in _WEAK if w[0].isupper()}):
        return stem + ("en" if oblique else "e")  # ein Experte, einen Experten
    return stem


def normalise_gender(text: str) -> str:
    text = _ARTICLES.sub(_article, text)
    text = _FEMININE_ARTICLE.sub(_masculine_article, text)
    text = _PLURAL.sub(lambda m: plural(m.group(1)) + m.group(2), text)
    text = _BINNEN_I.sub(lambda m: plural(m.group(1)) + m.group(2), text)
    text = _BRACKETED_PLURAL.sub(lambda m: plural(m.group(1) or m.group(2)), text)
    text = _SINGULAR.sub(lambda m: singular(m.group(1) or m.group(2), _after_oblique(text, m.start())), text)
    return _BINNEN_SINGULAR.sub(_binnen_singular(text), text)


def _binnen_singular(text: str):
    def replace(match: re.Match[str]) -> str:
        stem = match.group(1)
        if not stem.endswith(_PERSON_ENDINGS):
            return match.group(0)  # LinkedIn, CheckIn
        return singular(stem, _after_oblique(text, match.start()))

    return replace


def _after_oblique(text: str, start: int) -> bool:
    """Whether the nearest article in the three words before is not nominative ("einen …")."""
    before = re.findall(r"[a-zäöüß]+", text[max(0, start - 60):start].lower())[-3:]
    articles = [w for w in before if w in _MASCULINE or w in _OBLIQUE]
    return bool(articles) and articles[-1] in _OBLIQUE


def _masculine_article(match: re.Match[str]) -> str:
    article = match.group(1)
    masculine = _TO_MASCULINE[article.lower()]
    adjectives = match.group(2)
    if masculine in ("ein", "kein"):  # "eine neue Professor:in" → "ein neuer Professor"
        adjectives = re.sub(r"(?<=[a-zäöüß]e)(?=\s)", "r", adjectives)
    return (masculine.capitalize() if article[0].isupper() else masculine) + adjectives


def _article(match: re.Match[str]) -> str:
    """The masculine article, which agrees with the generic noun form chosen above."""
    first, second = match.group(1), match.group(2)
    if len(second) == 1:  # "eine:n" -> "einen", "jede:r" -> "jeder", "ein:e" -> "ein"
        return first if second == "e" else first + second
    return first if first.lower() in _MASCULINE else second
