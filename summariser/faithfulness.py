"""Check that a text adds no fact the release does not contain: the one checker.

`summarise` and `review` use it on summary lines and FAQ items through one policy (what is checked
against what: `release_reference`, `check_summary_line`, `check_faq_item`), `check` on any draft. Every
number (in digits or words: "three", "twenty-five", "seventh"), date, person, institution and
journal name in the text must appear in the release, in German or in its translation; so must
its content words, and a text with several content words the release never uses is flagged,
because that is how a draft that drifts into its own story shows. The check is deliberately
literal and fast: it cannot judge meaning, but it reliably catches invented figures, names and
journals. German and English number formats are compared by their digit groups, so "3,5" in the
release matches "3.5" in the translation; spelled numbers are read with `text2num` in both
languages, so "drei" in the release supports "three".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .glossary import entries as glossary_entries
from .glossary import find_terms
from .records import Aligned, FaqItem, Flag, FlagKind, Origin, Result, Summary

_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
# A word, with its hyphen and apostrophe parts: "Fraunhofer-Institut", "Abe's".
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ABBREVIATIONS = frozenset("dr prof mr mrs ms st sen gov gen lt sgt col capt rev hon".split())
# After these (or at the start) a capital letter says nothing about a name.
_OPENERS = frozenset(".!?:;…-–—•*#(\"“„‘'»")
_MONTHS = frozenset(
    (
        "january february march april may june july august september october november december "
        "januar februar märz mai juni juli oktober dezember"
    ).split()
)
_DAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag".split()
)

# Capitalised words that carry no fact of their own: sentence openers and function words
# that stand capitalised after a colon or in a title-cased question.
_NEUTRAL = frozenset(
    """i a an the this that these those it its he she they we you our their his her in on at
    for of to and or but with by from as is are was were be been will would can could may
    might should not no yes what who whom where when why how which there here more most
    also further according however""".split()
)

# Function words and words any summary may use without the release using them.
_FUNCTION = _NEUTRAL | frozenset(
    """about above across after again against all almost along already although always am
    among amongst another any anyone anything around because before behind being below
    between both did do does doing done down during each either else enough even ever every
    few first had has have having her hers herself him himself into itself just last least
    less let like made make makes many me mine much must my myself near neither never next
    nor now off often once one only onto other others otherwise ours ourselves out over own
    per quite rather same several shall since so some something such than them themselves
    then thereby therefore thus too toward towards under unless until up upon us very via
    was whether while whose within without yet yours yourself said says say new also get
    got still way ways well us upon whom whose mr mrs ms dr""".split()
)

_UNITS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth sixtieth "
    "seventieth eightieth ninetieth hundredth thousandth millionth billionth"
).split()
_NUMBER_WORDS = frozenset(_UNITS + _TENS + _ORDINALS + "hundred thousand million billion trillion".split())
# "One" and "first" are too often idiom ("one of the", "for the first time") to be claims.
_IDIOMATIC_NUMBERS = frozenset({"1", "1st"})

# Titles and roles are capitalised before a name ("Prime Minister", "Professor") but are no name.
_TITLES = frozenset(
    """prime minister president vice professor prof chancellor secretary director chief executive
    manager coach chairman chairwoman chair mayor king queen prince princess sir dame lord lady
    judge justice senator governor general captain officer spokesman spokeswoman spokesperson
    leader head founder author editor dean doctor former deputy assistant senior junior""".split()
)

# Capitalised words in a row, with the small words names keep inside ("Secretary of State").
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and|the|on|in)\s+)?[A-Z][\w'’-]*)+")

# A text with this many content words that appear nowhere in the release is flagged.
MIN_UNSUPPORTED_WORDS = 3
# Words this common in English (Zipf 5: once in 100,000 words, such as "man", "went", "based",
# "form") are how any writer paraphrases; an invented detail is rarer ("lymphoma", "secede"),
# so only rarer words count towards the rule above.
COMMON_ZIPF = 5.0
_MIN_STEM = 4
_SUFFIXES = (
    "ational", "ations", "ation", "ments", "ment", "ingly", "ings", "ing", "edly", "ies", "ied",
    "ers", "er", "est", "ed", "es", "ly", "s", "e", "y",
)


@dataclass(frozen=True, slots=True)
class Reference:
    """The release's own text, prepared once for repeated checks."""

    text: str
    numbers: frozenset[tuple[str, ...]]
    words: frozenset[str]
    # Abbreviations the release uses ("IMF", "EU"), so a draft may write them out.
    acronyms: frozenset[str] = frozenset()

    @classmethod
    def of(cls, texts: Iterable[str]) -> Reference:
        joined = "\n".join(texts)
        numbers = set(number_keys(joined))
        # Spelled numbers in either language: "drei" or "three" in the release supports "3".
        # Hyphens are spaces here, so "second-degree" in the release supports "second" in a draft.
        spaced = joined.replace("-", " ")
        for lang in ("en", "de"):
            numbers.update(number_keys(_spelled_as_digits(spaced, lang)))
        words = {stem(part) for token in _TOKEN.findall(joined) for part in _parts(token)}
        acronyms = {token for token in _TOKEN.findall(joined) if len(token) >= 2 and token.isupper()}
        return cls(joined, frozenset(numbers), frozenset(words), frozenset(acronyms))

    def supports_word(self, word: str) -> bool:
        return all(stem(part) in self.words for part in _parts(word))


def check(text: str, reference: Reference, allowed: Iterable[str] = ()) -> tuple[Flag, ...]:
    """Flags for facts in `text` that the release does not contain.

    `allowed` is extra text the writer may use without evidence in the release, such as the
    team's glossary explanation of a term.
    """
    extra = _allowed_reference(tuple(allowed))
    known = reference.numbers | extra.numbers if extra.numbers else reference.numbers
    flags: list[Flag] = []
    for value, start, end in sorted(_numbers(text), key=lambda n: n[1]):
        if _number_known(value, known):
            continue
        kind: FlagKind = "date" if _near_month(text, start, end) else "number"
        flags.append(Flag(kind, text[start:end], f"{text[start:end]!r} does not appear in the release"))
    unsupported: list[str] = []
    spelled_out = _spelled_out_acronyms(text, reference.acronyms)

    def supported(word: str) -> bool:
        return reference.supports_word(word) or (bool(extra.words) and extra.supports_word(word))

    for word, is_name, next_word in _words(text):
        # A given name before a surname the release has ("Tony" in "Tony Abbott") adds no new person.
        if supported(word) or word in spelled_out or (is_name and next_word is not None and supported(next_word)):
            continue
        lowered = word.lower().removesuffix("'s").removesuffix("’s")
        if lowered in _MONTHS or lowered in _DAYS:
            flags.append(Flag("date", word, f"{word!r} does not appear in the release"))
        elif is_name:
            flags.append(Flag("name", word, f"{word!r} does not appear in the release"))
        elif not _common(lowered):
            unsupported.append(word)
    if len(set(unsupported)) >= MIN_UNSUPPORTED_WORDS:
        flags.extend(Flag("word", w, f"{w!r} appears nowhere in the release") for w in unsupported)
    return tuple(dict.fromkeys(flags))


# ------------------------------------------------------------------------------- the policy
# What the pipeline and the review check, against what: one set of rules, so an answer a reviewer
# writes gets the flags the same text would get had the pipeline drafted it.

# `Result.metadata` keys that describe the file, not the release: no fact may lean on them.
_FILE_METADATA = frozenset({"encoding", "format"})


def release_reference(sentences: Sequence[Aligned], metadata: Iterable[str]) -> Reference:
    """The release's own words: the German and English text of every sentence, then its
    metadata (the dateline, which is no sentence)."""
    return Reference.of([s.de for s in sentences] + [s.en for s in sentences] + list(metadata))


def reference_for(result: Result) -> Reference:
    """`release_reference` of a finished result."""
    metadata = [str(value) for key, value in result.metadata.items() if key not in _FILE_METADATA]
    return release_reference(result.sentences, metadata)


def check_summary_line(text: str, reference: Reference) -> tuple[Flag, ...]:
    """A summary line may use the glossary's plain words, which carry no names or numbers."""
    return check(text, reference, allowed=_plain_words())


def check_faq_item(question: str, answer: str, origin: str, reference: Reference) -> tuple[Flag, ...]:
    """Flags for a FAQ item's question and answer.

    A glossary answer may use the glossary's explanation of the terms its question asks about,
    since the release does not contain the glossary. A question asserts nothing with its
    wording, so only its numbers, dates and names count (the tool's own questions have none the
    release lacks; a reviewer's may).
    """
    allowed = [e.explain for e in find_terms(question)] if origin == Origin.GLOSSARY else []
    asked = tuple(f for f in check(question, reference, allowed) if f.kind != "word")
    return tuple(dict.fromkeys(asked + check(answer, reference, allowed)))


def check_drafts(summary: Summary, faq: Sequence[FaqItem], reference: Reference) -> tuple[Summary, tuple[FaqItem, ...]]:
    """The drafted summary and FAQ with the flags of this policy."""
    lines = tuple(replace(line, flags=check_summary_line(line.text, reference)) for line in summary.lines)
    items = tuple(
        item.with_changes(flags=check_faq_item(item.question, item.answer, item.origin, reference)) for item in faq
    )
    return replace(summary, lines=lines), items


@lru_cache(maxsize=1)
def _plain_words() -> tuple[str, ...]:
    return tuple(e.plain for e in glossary_entries() if e.plain)


def _spelled_out_acronyms(text: str, acronyms: frozenset[str]) -> set[str]:
    """Capitalised words whose initials spell an abbreviation of the release: "International
    Monetary Fund" when the release says "IMF", "Equality and Human Rights Commission" for "EHRC"."""
    found: set[str] = set()
    if not acronyms:
        return found
    for run in _CAPITALISED_RUN.finditer(text):
        caps = [w for w in re.findall(r"[^\W\d_][\w'’-]*", run.group()) if w[0].isupper()]
        for i in range(len(caps)):
            for j in range(i + 2, len(caps) + 1):
                if "".join(w[0] for w in caps[i:j]) in acronyms:
                    found.update(caps[i:j])
    return found


def numbers_missing(text: str, reference_text: str) -> list[str]:
    """Numbers in `text` that `reference_text` does not contain, in either language's format."""
    known = frozenset(number_keys(reference_text))
    return [m.group() for m in _NUMBER.finditer(text) if _digit_groups(m.group()) not in known]


def number_keys(text: str) -> Iterable[tuple[str, ...]]:
    for match in _NUMBER.finditer(text):
        groups = _digit_groups(match.group())
        yield groups
        # "1.342" (German thousands) and "1342"/"1,342" (English) are the same number.
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
            yield ("".join(groups),)
        for i in range(1, len(groups)):
            yield groups[:i]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem, so "treated", "treatment" and "treats" meet at "treat"."""
    w = word.lower().replace("’", "'")
    w = w.removesuffix("'s")
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= _MIN_STEM:
            return w[: -len(suffix)]
    return w


def _common(word: str) -> bool:
    # Zipf is log10 of the frequency per billion words; the raw table skips wordfreq's tokenizer,
    # which costs more than the rest of the check.
    return _english_frequencies().get(word, 0.0) >= 10 ** (COMMON_ZIPF - 9)


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    # Imported here: wordfreq takes a fifth of a second to import, and `--help` or a review that
    # checks nothing should not wait for it.
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="small")  # every word of Zipf 3 and above


def _digit_groups(number: str) -> tuple[str, ...]:
    # Only the leading group loses its zeros: "50,000" keeps "000", so it never looks like "500".
    first, *rest = re.split(r"[.,:/]", number)
    return (first.lstrip("0") or "0", *rest)


def _number_known(value: str, known: frozenset[tuple[str, ...]]) -> bool:
    return all(_digit_groups(m.group()) in known for m in _NUMBER.finditer(value))


def _numbers(text: str) -> Iterator[tuple[str, int, int]]:
    """(digits, start, end) for each number in `text`, written in digits or in English words."""
    for match in _NUMBER.finditer(text):
        yield match.group(), match.start(), match.end()
    for start, end in _spelled_runs(text):
        if text[:start].rstrip()[-1:].isdigit():
            continue  # "7.5 million": the digits are the claim, compared above
        digits = _spelled_as_digits(text[start:end], "en").strip()
        if _NUMBER.search(digits) and digits not in _IDIOMATIC_NUMBERS:
            yield digits, start, end


def _spelled_runs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of consecutive English number words: "twenty-five", "two hundred and ten"."""
    start: int | None = None
    end = 0
    for match in _TOKEN.finditer(text):
        lowered = match.group().lower()
        if all(part in _NUMBER_WORDS for part in lowered.split("-")):
            if start is not None and re.fullmatch(r"\s+(?:and\s+)?", text[end : match.start()]):
                end = match.end()
                continue
            if start is not None:
                yield start, end
            start, end = match.start(), match.end()
        elif lowered == "and" and start is not None and not text[end : match.start()].strip():
            continue
        elif start is not None:
            yield start, end
            start = None
    if start is not None:
        yield start, end


@lru_cache(maxsize=4096)
def _spelled_as_digits(text: str, lang: str) -> str:
    from text_to_num import alpha2digit

    return alpha2digit(text, lang, threshold=0)


@lru_cache(maxsize=64)
def _allowed_reference(allowed: tuple[str, ...]) -> Reference:
    return Reference.of(allowed)


def _near_month(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 12) : end + 12].lower()
    return any(month in window for month in _MONTHS)


def _parts(token: str) -> list[str]:
    """The parts of a hyphenated or possessive word, without the possessive "s"."""
    parts = re.split(r"[-'’]", token)
    return [p for p in parts if p and p.lower() not in ("s", "t")] or parts[:1]


def _words(text: str) -> Iterator[tuple[str, bool, str | None]]:
    """Words that could carry a claim: (word, whether it reads as a name, the name right after it).

    A capitalised word is a name unless it opens a sentence or is a title; an opener counts as an
    ordinary word, since "Researchers found" is no name. Function words and number words are
    skipped (numbers are compared by value).
    """
    tokens = list(_TOKEN.finditer(text))
    for i, match in enumerate(tokens):
        word = match.group().strip("'’-")
        lowered = word.lower()
        if len(word) < 2 or lowered in _FUNCTION or all(p in _NUMBER_WORDS for p in lowered.split("-")):
            continue
        if _is_name(word, text, match.start()):
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            adjacent = following is not None and not text[match.end() : following.start()].strip()
            named = following is not None and adjacent and _is_name(following.group(), text, following.start())
            next_name = following.group() if following is not None and named else None
            yield word, True, next_name
        elif len(word) >= 3:
            yield word, False, None


def _is_name(word: str, text: str, start: int) -> bool:
    capitals = sum(map(str.isupper, word))
    if capitals > 1:
        return True  # an acronym or a name such as "McIlroy"
    if not word[:1].isupper() or word.lower() in _TITLES:
        return False
    before = text[:start].rstrip()
    if before.endswith(".") and before[:-1].rsplit(None, 1)[-1:] and before[:-1].rsplit(None, 1)[-1].lower() in _ABBREVIATIONS:
        return True  # "Dr. Quist": the full stop ends an abbreviation, not a sentence
    return bool(before) and before[-1] not in _OPENERS
