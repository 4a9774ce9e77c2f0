"""Shorter summary lines by deletion only: the parts a lay reader does not need.

Each rule removes a part the release states elsewhere: a dateline, an attribution ("According
to the researchers, …", "…, according to a study in X."), a title or affiliation after a name, a
bracketed or dashed aside, a non-defining relative clause, a funding tail. A cut is kept only if
the result is still a sentence (`sentence.is_sentence`) that keeps the sentence's main verb;
otherwise the line keeps its original wording. `simplify.py` splits and re-words what is left.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from .jargon import RARE_ZIPF, zipf
from .sentence import finite_verbs, is_sentence, tokens

_NAME = r"(?:[A-Z][\w.'’&-]*|of|the|and|for|de|von|van|at|in)"
_DATELINE = re.compile(r"^\s*(?:[-–—]+\s*)?(?:[A-Z0-9][\w.'’]*[,.)]?\s+){0,5}?[A-Z0-9][\w.'’)]*\s*[-–—]{1,3}\s+(?=[A-Z\"“])")
_LEADING_DASH = re.compile(r"^\s*[-–—]+\s*")
_ATTRIBUTION_LEAD = re.compile(
    r"^(?:according to [^,]{3,150}"
    r"|(?:in|for|as reported in|writing in|reporting in|publishing in) [^,]{0,150}?"
    r"\b(?:journal|published|publication|appearing|presented|reported)\b[^,]{0,120}"
    r"|(?:in|for) (?:the|this|their|our|a) (?:new |recent )?(?:study|analysis|research|trial|paper|work)"
    r"|as [^,]{3,80}?\b(?:report|reports|reported|write|writes|wrote|describe|describes|described)\b[^,]{0,120})"
    r",\s+",
    re.IGNORECASE,
)
_ATTRIBUTION_TAIL = re.compile(
    r",\s+(?:according to|(?:reports?|suggests?|concludes?|finds?|shows?|says?) (?:a|an|the)\b"
    r"|(?:the )?(?:researchers?|scientists?|investigators?|authors?|experts?|a team|the team)\b[^,.;]{0,150}?"
    r"\b(?:reported|report|reports|said|say|says|found|find|announced|concluded|conclude|write|wrote)\b)"
    # Not "…, the researchers also found that X": there the tail is the main clause.
    r"(?!\s+that\b)(?![^;]*?\bthat\b)[^;]*?(?=[.!?][\"”’)]*$)",
    re.IGNORECASE,
)
_FUNDING = re.compile(
    r",\s+(?:(?:which|that) (?:was|were) )?(?:funded|supported|sponsored|financed|paid for) by\b|"
    r"\s+with (?:funding|support|a grant|grants) from\b",
    re.IGNORECASE,
)
_DEGREES = re.compile(
    r"(\b[A-Z][\w'’-]*[a-z])(?:,\s+(?:M\.?D\.?|Ph\.?\s?D\.?|MPH|M\.?Sc\.?|D\.?Sc\.?|DPhil|RN|FRCP|MBBS))+"
    r"(?=,|\s+(?:of|at|from|and|is|was|has|who|said|says)\b)(?:,(?=\s+(?:of|at|from)\b))?"
)
_TITLES = (
    r"(?:professor|director|researcher|scientist|author|head|chair|lecturer|student|fellow|physician|"
    r"doctor|dean|president|chief|member|leader|investigator|specialist|expert|surgeon|oncologist|"
    r"neurologist|cardiologist|psychologist|epidemiologist|biologist|chemist|physicist|engineer|manager|"
    r"spokesperson|spokesman|spokeswoman|founder|coordinator|candidate|postdoc)"
)
# After a name: ", a professor of …, " or, without an article, ", director of …, ".
_TITLE_APPOSITION = re.compile(
    r"(?<=[A-Za-z.])\s*,\s+(?:(?:a|an|the|who is|who was)\s+[^,;]{0,160}?\b" + _TITLES + r"\b"
    r"|(?:(?:senior|associate|assistant|lead|deputy|managing|executive|vice|co-)\s*)*" + _TITLES + r"\b)"
)
_TITLE_MORE = re.compile(r",\s+and\s+(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,3}" + _TITLES + r"\b")
_AFFILIATION = re.compile(
    r"\b((?i:researchers|scientists|investigators|experts|a team|the team|a group|doctors|physicians)) "
    rf"(?:from|at|of) (?:the )?[A-Z][\w.'’&-]*(?:,? {_NAME})* (?!(?:of|the|and|for|de|von|van|at|in)\b)(?=[a-z])"
)
_REPORTED_THAT = re.compile(
    r"^(?!(?:while|although|though|if|because|since|when|as|whereas|unless)\b)"
    r"(?:(?:now|today|here|overall),\s+)?[^,]{0,120}?"
    r"\b(?:study|studies|research|researchers|scientists|investigators|authors|team|results|findings|analysis|trial|data)\b"
    r"[^,]{0,100}?\s+(?:have\s+|has\s+|had\s+)?(?:also\s+)?"
    r"(?:found|finds|find|showed|shows|show|shown|revealed|reveals|demonstrated|demonstrates|discovered|confirmed|confirms"
    r"|(suggested|suggests|suggest|indicated|indicates|indicate))\s+that\s+",
    re.IGNORECASE,
)
# Discourse markers and method lead-ins: the main clause states the fact without them.
_LEAD_IN = re.compile(
    r"^(?:however|now|today|overall|in addition|additionally|moreover|furthermore|for example|for instance|"
    r"in fact|indeed|meanwhile|importantly|notably|specifically|in particular|by (?:contrast|comparison)|"
    r"what's more|what is more|interestingly|surprisingly|crucially|similarly|likewise|in short|in other words|"
    r"in conclusion|in summary|ultimately|as expected|"
    r"by [a-z]+ing\b[^,]{3,120}|using\b[^,]{3,120}),\s+",
    re.IGNORECASE,
)
# A discourse marker set off by commas inside the sentence: "Taking it longer, however, may …".
_MID_MARKER = re.compile(r",\s+(?:however|though|therefore|thus|for example|for instance|in fact|in turn|in addition|moreover|furthermore|"
                         r"indeed|of course|in particular|notably|importantly|interestingly|surprisingly),\s+", re.IGNORECASE)
# Who led the work, set off by commas: ", led by Jane Doe, MD, a professor of …, found …".
_LED_BY = re.compile(r",\s+(?:co-)?(?:led|headed|directed|supervised|coordinated) by\s+(?=[A-Z])")
# A label before the sentence ("WHAT: A new study shows …"), as some agencies write releases.
_LABEL = re.compile(r"^[A-Z]{2,}(?:\s[A-Z]{2,})?:\s+(?=[A-Z])")
# "Despite …, " and "In a randomised, controlled trial, …": the main clause states the fact.
_PHRASE_LEAD = re.compile(
    r"^(?:despite|in spite of)\b[^,;]{3,150},\s+"
    r"|^(?:in|for) (?:a|an|the|this|their|our|its) [^.;:,]{0,60}?\b(?:study|studies|trial|trials|analysis|review|survey|experiment|paper)s?\b[^,.;:]{0,60},\s+",
    re.IGNORECASE,
)
# A title in quotation marks set off by commas: 'The study, "Title of the paper," found …'.
_QUOTED_TITLE = re.compile(r"\s*,\s+[\"“](?=[A-Z])[^\"“”]{3,250}?(?:,[\"”]|[\"”],|[\"”](?=[.!?]$))")
# Another name for what was just named: ", known as GERD," / ", called X,". Both commas go,
# so a relative clause after it keeps its defining role ("patients with X who undergo …").
_ALIAS = re.compile(r",\s+(?:also |commonly |better |sometimes )?(?:known as|called|referred to as|dubbed)\s+[^,;]{1,60}?(?:,\s*|(?=[.!?][\"”’)]*$))")
_ASIDE_OPENERS = frozenset(
    "along together with without of in on at for by from as into about than over under after before during between among".split()
)
# Examples and emphasis after a comma: ", such as tremors and poor muscle control".
_EXAMPLES = re.compile(r"()(?<=\w),\s+(?:including|such as|like|e\.g\.,?|particularly|especially|notably|mainly|mostly)\s+")
# A participle phrase that ends the sentence: ", showing that the tool could soon …".
_PARTICIPLE_TAIL = re.compile(r",\s+(?:thus\s+|thereby\s+)?([a-z]{3,}ing)\s+[^;]*?(?=[.!?][\"”’)]*$)")
_ING_NOUNS = frozenset(
    """during according including regarding concerning following nothing something everything anything
    morning evening spring string thing sibling offspring ceiling building funding training screening
    bleeding swelling feeling hearing setting finding reading meeting being""".split()
)
_HONORIFIC = re.compile(r"\b(?:Dr|Prof|Professor)\.?\s+(?=[A-Z][a-z])")
_APPOSITION = re.compile(r"(\w[\w'’-]*),\s+(?:a|an)\s+")
_QUOTES_AND_BRACKETS = (("(", ")"), ("[", "]"), ("“", "”"), ("‘", "’"), ('"', None), ("„", None))
_RELATIVE = re.compile(r",\s+(?:which|who|whose|where)\s+")
_PAREN = re.compile(r"\s*\([^()]*\)")
_DASH_PAIR = re.compile(r"\s*(?:\s[-–—]{1,2}\s|--|—)[^-–—]{1,160}?(?:\s[-–—]{1,2}\s|--|—)\s*")
_DASH_TAIL = re.compile(r"\s+[-–—]{1,2}\s+[^-–—]{1,200}?(?=[.!?][\"”’)]*$)")
_CONJUNCTIONS = frozenset({"and", "or", "nor", "but", "as"})
_NOT_OPENERS = frozenset(
    """that which who whom whose to in on at by for from with of as so if when while because although
    though since whether than where how why what also then often usually still even just only""".split()
)
_MAX_SHARE_CUT = 0.6
# How many words a subject may have before its verb in the second half of a split ("the tissue
# around the main body of the tumor may …").
_SUBJECT_WORDS = 5


def _resume(text: str, start: int) -> int:
    """Where a comma-led aside that starts at `start` ends: at the comma after which the main
    clause resumes with its verb ("The tablet, which …, lowered …"), else at the final
    punctuation. A comma inside a list ("the eyes, kidneys, nerves") is not the end."""
    for match in re.finditer(r",\s+(\S+)\s*(\S*)", text[start:]):
        word = match.group(1)
        if word[:1].islower() and finite_verbs(["it", word.strip(",;"), match.group(2) or "."])[:1] == [1]:
            return start + match.start()
    final = re.search(r"[.!?][\"”’)]*$", text)
    return final.start() if final else len(text)


_SPEECH_AFTER = re.compile(r"\s*(?:said|says|explained|explains|added|adds|noted|notes|wrote|writes|commented|comments)\b")


def _cut(text: str, start: int, end: int, before_speech: bool = True) -> str:
    """Remove text[start:end]; an aside opened by a comma takes its closing comma with it,
    except before an inverted "…, explained Chang." when `before_speech` keeps it."""
    following = text[end + 1:].lstrip()[:1]
    if text[start:start + 1] == "," and text[end:end + 1] == "," and following.islower() and not (
        before_speech and _SPEECH_AFTER.match(text, end + 1)
    ):
        end += 1  # the main clause resumes: "The study, funded by X, was …"
    return text[:start] + text[end:]


def _comma_asides(pattern: re.Pattern[str]) -> Callable[[str], Iterable[str]]:
    def rule(text: str) -> Iterable[str]:
        for match in pattern.finditer(text):
            yield _cut(text, match.start(), _resume(text, match.end()))
    return rule


def _regex(pattern: re.Pattern[str], keep: str = "") -> Callable[[str], Iterable[str]]:
    def rule(text: str) -> Iterable[str]:
        for match in pattern.finditer(text):
            yield text[: match.start()] + match.expand(keep) + text[match.end():]
    return rule


def _explains_rare_word(word: str) -> bool:
    """An aside right after a rare word is likely its definition: the reader needs it."""
    return word.isalpha() and zipf(word.lower()) < RARE_ZIPF


# An aside that denies or limits ("which was not approved", "only in mice") qualifies the
# claim: without it the sentence says more than the release.
_QUALIFYING = re.compile(r"\b(not|no|never|none|only|except|without|unless|yet|nicht|kein\w*|nur|nie)\b|n't\b", re.IGNORECASE)


def _aside(pattern: re.Pattern[str]) -> Callable[[str], Iterable[str]]:
    """A comma aside without numbers or a qualification that does not follow (and so define) a
    rare word."""
    def rule(text: str) -> Iterable[str]:
        for match in pattern.finditer(text):
            start = match.start() + len(match.group(1)) if match.groups() else match.start()
            end = _resume(text, match.end())
            before = re.findall(r"[\w'’-]+", text[:start])
            if re.search(r"\d", text[start:end]) or _QUALIFYING.search(text[start:end]) or (before and _explains_rare_word(before[-1])):
                continue
            yield _cut(text, start, end)
    return rule


def _reported_that(text: str) -> Iterable[str]:
    """"The researchers found that X." → "X."; not "The findings build on a study that showed
    that X", where the reporting verb belongs to a relative clause."""
    match = _REPORTED_THAT.match(text)
    if match:
        subject = tokens(match.group(0))[:-2]
        while subject and subject[-1].lower() in ("have", "has", "had", "also"):
            subject.pop()
        # "suggest that X can …" keeps its hedge in the modal; "suggest that X is …" would lose it.
        hedged = match.group(1) is None or re.search(r"\b(?:may|might|could|can|would)\b", text[match.end():], re.IGNORECASE)
        if hedged and not re.search(r"\b(?:that|which|who|whose)\b", " ".join(subject), re.IGNORECASE) and not finite_verbs(subject):
            yield text[match.end():]


def _dash_tail(text: str) -> Iterable[str]:
    """"… cost - in dollars and side effects." loses its tail; not the second dash of a pair,
    nor a clause that goes on ("-- but also can lead to …")."""
    match = _DASH_TAIL.search(text)
    if match and not re.search(r"\s[-–—]{1,2}\s|--|—", text[: match.start()]):
        first = tokens(match.group(0))[:1]
        if first and first[0].lower() not in _CONJUNCTIONS | {"yet", "so", "then"}:
            yield text[: match.start()] + text[match.end():]


def _affiliation(text: str) -> Iterable[str]:
    """"Researchers from the University of X found …" → "Researchers found …", where a verb
    follows the name (a name in another language can have lowercase words inside)."""
    for match in _AFFILIATION.finditer(text):
        following = tokens(text[match.end():])[:1]
        if following and finite_verbs([match.group(1), *following, "the"]) or following[:1] in (["today"], ["now"], ["also"], ["recently"]):
            yield text[: match.start()] + match.group(1) + " " + text[match.end():]


def _alias(text: str) -> Iterable[str]:
    for match in _ALIAS.finditer(text):
        tail = text[match.end():]
        following = tokens(tail)[:1]
        # "A procedure, called X, along with Y, is …": the comma opens the next aside and stays.
        joint = ", " if following and following[0].lower() in _ASIDE_OPENERS else " "
        yield text[: match.start()] + ("" if re.match(r"[.!?]", tail) else joint) + tail


def _quoted_title(text: str) -> Iterable[str]:
    for match in _QUOTED_TITLE.finditer(text):
        yield text[: match.start()] + " " + text[match.end():]


def _phrase_lead(text: str) -> Iterable[str]:
    """A lead phrase goes only where what follows opens a clause with its own subject."""
    match = _PHRASE_LEAD.match(text)
    if match and opens_clause(text[match.end():]):
        yield text[match.end():]


def _participle_tail(text: str) -> Iterable[str]:
    """", showing that …" at the end goes; not a list (", swimming and cycling."), a figure, or a
    word in -ing that is a noun or preposition ("during", "funding")."""
    for match in _PARTICIPLE_TAIL.finditer(text):
        word = match.group(1)
        segment = re.split(r"[,;:]\s", text[: match.start()])[-1]
        listed = re.search(r"\b(?:and|or)\s+\w+ing\b", match.group(0))  # ", walking and swimming."
        if word in _ING_NOUNS or listed or len(tokens(segment)) < 4 or re.search(r"\d", match.group(0)):
            continue
        yield text[: match.start()] + text[match.end():]


def _title_apposition(text: str) -> Iterable[str]:
    for match in _TITLE_APPOSITION.finditer(text):
        before = re.findall(r"[\w'’.-]+", text[: match.start()])
        if before and before[-1][:1].isupper():  # only after a name
            end = _next_comma(text, match.start() + 2)
            # ", director of X, chief of Y and the study's senior author, said": one run of titles.
            while (_TITLE_APPOSITION.match(text, end) or _TITLE_MORE.match(text, end)) and _next_comma(text, end + 2) > end:
                end = _next_comma(text, end + 2)
            yield _cut(text, match.start(), end, before_speech=False)


def _next_comma(text: str, start: int) -> int:
    """A title ends at the next comma (a list of people goes on after it) or the final stop."""
    found = text.find(",", start)
    if found >= 0:
        return found
    final = re.search(r"[.!?][\"”’)]*$", text)
    return final.start() if final else len(text)


# Order matters only for speed: each rule is retried until none applies. The flag says whether
# the rule could remove the core of a sentence, so that its cut may not take most of it; a
# dateline, a title or a funding tail is never the core however long it is.
_CUT_ATTRIBUTION_LEAD = _regex(_ATTRIBUTION_LEAD)
_CUT_ATTRIBUTION_TAIL = _regex(_ATTRIBUTION_TAIL)
# The cuts that can take away who did the work ("…, a study by X has found"): skipped for a
# line that is the summary's only mention of who (`shorten(..., keep_who=True)`).
_WHO_CUTS = frozenset({_CUT_ATTRIBUTION_LEAD, _CUT_ATTRIBUTION_TAIL, _reported_that})
_RULES: tuple[tuple[Callable[[str], Iterable[str]], bool], ...] = (
    (_regex(_DATELINE), False),
    (_regex(_LEADING_DASH), False),
    (_CUT_ATTRIBUTION_LEAD, False),
    (_CUT_ATTRIBUTION_TAIL, False),
    (_regex(_PAREN), False),
    (_comma_asides(_LED_BY), False),
    (_regex(_DEGREES, r"\1"), False),
    (_title_apposition, False),
    (_affiliation, False),
    (_comma_asides(_FUNDING), False),
    (_regex(_LABEL), False),
    (_quoted_title, False),
    (_alias, False),
    (_regex(_LEAD_IN), True),
    (_regex(_MID_MARKER, " "), False),
    (_phrase_lead, True),
    (_regex(_HONORIFIC), False),
    (_reported_that, True),
    (_aside(_RELATIVE), True),
    (_aside(_APPOSITION), True),
    (_regex(_DASH_PAIR, " "), True),
    (_dash_tail, True),
    (_aside(_EXAMPLES), True),
    (_participle_tail, True),
)


def tidy_cut(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r",\s*([.!?])", r"\1", text)
    text = text.strip(" ,;")
    return text[:1].upper() + text[1:]


_BOUNDARY = re.compile(r"(\S+)[.!?*]\s+(?=[A-Z])")


def _boundaries(text: str) -> int:
    """Sentence ends inside a line (left by the splitter), not abbreviations like "Prof." or "U.S."."""
    return sum(1 for m in _BOUNDARY.finditer(text) if not (m.group(1)[:1].isupper() and len(m.group(1)) <= 4 or "." in m.group(1)))


def _balanced(original: str, shortened: str) -> bool:
    """A cut removes an opening quote or bracket only together with its closing one."""
    for opening, closing in _QUOTES_AND_BRACKETS:
        removed = original.count(opening) - shortened.count(opening)
        if closing is None:
            if removed % 2:
                return False
        elif removed != original.count(closing) - shortened.count(closing):
            return False
    return True


def _keeps_main_verb(original: str, shortened: str) -> bool:
    """The first finite verb of the sentence's main clause must survive the cut."""
    words = tokens(original)
    verbs = finite_verbs(words)
    if not verbs:
        return True
    kept = {w.lower() for w in tokens(shortened)}
    return any(words[i].lower() in kept for i in verbs)


def shorten(sentence: str, keep_who: bool = False) -> str:
    """The sentence with every removable part removed, or unchanged if no cut leaves a sentence;
    with `keep_who`, an attribution that says who did the work stays."""
    text = tidy_cut(sentence)
    original_words = len(tokens(text))
    changed = True
    while changed:
        changed = False
        for rule, guarded in _RULES:
            if keep_who and rule in _WHO_CUTS:
                continue
            for candidate in rule(text):
                candidate = tidy_cut(candidate)
                if (
                    candidate != text
                    and len(candidate) < len(text)
                    and is_sentence(candidate)
                    and (not guarded or len(tokens(candidate)) >= (1 - _MAX_SHARE_CUT) * original_words)
                    and _keeps_main_verb(text, candidate)
                    and _balanced(text, candidate)
                    and _boundaries(candidate) == _boundaries(text)
                ):
                    text, changed = candidate, True
                    break
    return text


def opens_clause(text: str) -> bool:
    """The second half of a split starts with its own subject, soon followed by its verb:
    "the team will …", "patients have …"; not "urinary incontinence, said …", "to find …"."""
    words = tokens(text, punctuation=True)
    verbs = finite_verbs(words)
    if not verbs or verbs[0] > _SUBJECT_WORDS:
        return False
    head = [w.lower() for w in words[: verbs[0]]]
    if any(not w[0].isalnum() for w in head):
        return False
    return (
        bool(head) and head[0] not in _NOT_OPENERS and not head[0].endswith("ly")
        and not finite_verbs(["they", head[0], "the"])  # a verb first: the subject is missing
        and not any(w in ("and", "or", "by", "to") for w in head)
    )
