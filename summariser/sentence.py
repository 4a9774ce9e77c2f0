"""Is this text a sentence? A subject, a finite verb and final punctuation, checked by rule.

The shortening in `simplify` deletes words; this check is what stops it from leaving a
fragment ("Journal of the American College of Surgeons.") where a sentence stood. It has no
part-of-speech model: a finite verb is an auxiliary or modal, a known irregular past, a word in
-ed that does not follow an article, or a known verb in its base or -s form after a word that
can end a subject. That is coarse, but it errs towards "not a sentence", and then the caller
keeps the original.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z'’]+)*|\d+(?:[.,]\d+)*%?")
# The same with clause punctuation as tokens: a word before a comma is not a verb taking an object.
_TOKEN_PUNCT = re.compile(_TOKEN.pattern + r"|[,;:]")
_FINAL = re.compile(r"[.!?][\"”’')\]]*$")

AUXILIARIES = frozenset(
    "is are was were am has have had do does did will would can could may might must shall should "
    "isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't can't couldn't".split()
)
_IRREGULAR_PAST = frozenset(
    """found showed made took led began became gave got saw said told left felt kept held brought
    thought went came ran grew knew fell rose chose wrote drew met paid sent spent built lost won
    meant sought taught understood stood overcame underwent undertook withdrew slept ate drank fought
    hid sat spoke threw woke wore broke bought caught fed fled forgot froze hung heard struck swam
    sank shook shot sang tore wept""".split()
)
# Verbs common in releases; the base form counts after a plural subject, the -s form after any.
VERB_BASES = frozenset(
    """show suggest find reduce increase improve offer help cause mean appear include remain need
    make take give use work affect protect lead lower raise prevent allow provide develop identify
    reveal indicate predict explain affect treat cure slow stop block boost cut double halve
    become seem look feel live die survive respond recover benefit carry contain involve require
    receive report describe confirm support plan hope aim want expect believe say think know
    continue start begin end fail succeed risk face enable open change damage harm kill attack
    bind target trigger detect measure compare link tend vary differ exist occur happen grow spread
    worsen ease relieve promote alter shorten lengthen extend delay decrease decline drop fall rise
    outperform match beat keep hold let put set play serve act depend rely result stem come go""".split()
)
_ARTICLES = frozenset("a an the this that these those its their his her our my your some any no each every".split())
_NOT_SUBJECT_END = _ARTICLES | frozenset(
    "to of in on at for with by from as into onto about than and or but very more most less".split()
)
_PREPOSITIONS = frozenset(
    """of in on at for with by from as into onto about than over under after before during between
    among against without within through across per via like unlike despite including""".split()
)
# Words that start a noun phrase: a word between a subject and one of these is likely a verb
# ("treatments carry a burden", "Depression presents an enormous …").
_OBJECT_START = _ARTICLES | frozenset({"that", "how", "whether"})
# Words that cannot make a subject on their own ("But also shortened …" has none).
_NO_SUBJECT = _NOT_SUBJECT_END | frozenset("also then not only just even still now so yet however thus".split())
_PRONOUNS = frozenset("i you he she it we they this these those there who which".split())
_SUBORDINATORS = frozenset(
    "because although though if unless whereas while since which who whom whose when where whether".split()
)


def tokens(text: str, punctuation: bool = False) -> list[str]:
    return (_TOKEN_PUNCT if punctuation else _TOKEN).findall(text)


def finite_verbs(words: list[str]) -> list[int]:
    """Positions of words that can be the finite verb of a clause."""
    found = []
    for i, word in enumerate(words):
        low = word.lower()
        before = words[i - 1].lower() if i else ""
        after = words[i + 1].lower() if i + 1 < len(words) else ""
        if after == "by" and (low.endswith("ed") or low in _IRREGULAR_PAST):
            continue  # "funded by", "led by": a participle; a passive verb has its auxiliary
        if low in AUXILIARIES or low in _IRREGULAR_PAST:
            found.append(i)
        elif low.endswith("ed") and len(low) > 4 and i and before not in _NOT_SUBJECT_END and not word[0].isupper():
            found.append(i)
        elif i and before not in _NOT_SUBJECT_END and _verb_form(low) and not word[0].isupper():
            found.append(i)
        elif (
            i and before not in _NOT_SUBJECT_END and low.isalpha() and not word[0].isupper()
            and low not in _PREPOSITIONS and low not in _NO_SUBJECT and low not in _PRONOUNS and not low.endswith("ly")
            and i + 1 < len(words) and words[i + 1].lower() in _OBJECT_START
        ):
            found.append(i)
    return found


def _verb_form(word: str) -> bool:
    if word in VERB_BASES:
        return True
    for stem in (word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ies") else ""):
        if word.endswith("s") and stem in VERB_BASES:
            return True
    return False


def is_sentence(text: str) -> bool:
    """A capitalised start, a subject before a finite verb, and final punctuation."""
    stripped = text.strip().lstrip("\"“‘'(")
    if not stripped or not (stripped[0].isupper() or stripped[0].isdigit()) or not _FINAL.search(stripped):
        return False
    words = tokens(stripped, punctuation=True)
    if len([w for w in words if w[0].isalnum()]) < 3:
        return False
    verbs = finite_verbs(words)
    if not verbs:
        return False
    if words[0].lower() in _SUBORDINATORS:
        # "While X did Y, Z happened": the main clause needs a verb after the first comma.
        head, _, rest = stripped.partition(",")
        return bool(rest) and bool(finite_verbs(tokens(rest, punctuation=True))) and len(tokens(rest)) >= 2
    if words[-1].lower() in AUXILIARIES | _NOT_SUBJECT_END - {"more", "most", "less"}:  # "… benefited most." ends well
        return False  # "This work was." ends where its predicate should be
    subject = [w for w in words[: verbs[0]] if w[0].isalnum() and w.lower() not in _NO_SUBJECT]
    return bool(subject) or words[0].lower() in ("there", "here")
