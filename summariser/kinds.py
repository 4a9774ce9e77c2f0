"""What kind of release this is: finding, trial, appointment, event, grant or partnership.

The kind picks the FAQ questions. When the cues do not tell one kind clearly from another, the
kind is `general` and the FAQ asks what every release can answer, rather than asking "Who does
what in the partnership?" of a review article. Cues are general vocabulary of each kind of announcement,
in German and English, so a release is recognised from either its source or its translation.
"""

from __future__ import annotations

import re

from .records import Kind

# The kinds a release is recognised as, in the order that breaks a tie.
KINDS = (Kind.FINDING, Kind.TRIAL, Kind.APPOINTMENT, Kind.EVENT, Kind.GRANT, Kind.PARTNERSHIP)
# The winning kind needs this much evidence, and this lead over the runner-up, to be trusted.
MIN_SCORE = 1.0
MIN_LEAD = 1.25

CUES: dict[Kind, tuple[str, ...]] = {
    Kind.FINDING: (
        r"stud(y|ie)", r"veröffentlich", r"publi(shed|ziert)", r"journal", r"fachzeitschrift",
        r"ergebnis(se)?", r"results?", r"found", r"entdeckt", r"discover", r"zeigen", r"show(s|ed|n)?",
        r"forschende", r"researchers", r"untersucht", r"analys", r"originalpublikation",
    ),
    Kind.TRIAL: (
        r"klinische studie", r"clinical (trial|study)", r"randomi[sz]", r"teilnehmende", r"participants?",
        r"proband", r"rekrutier", r"recruit", r"studienteilnahme", r"placebo", r"kontrollgruppe",
        r"control group", r"teilnehmen", r"take part", r"studienzentr", r"study (centre|center|site)",
    ),
    Kind.APPOINTMENT: (
        r"beruf(en|ung)", r"appoint", r"ernannt", r"named", r"direktor(in)?", r"director",
        r"leitung", r"head of", r"übernimmt", r"takes over", r"nachfolge", r"successor", r"amtsantritt",
        r"takes office", r"lehrstuhl", r"professur", r"chair",
    ),
    Kind.EVENT: (
        r"veranstaltung", r"event", r"vortrag", r"lecture", r"\buhr\b", r"\b\d{1,2}[:.]\d{2}\b",
        r"eintritt", r"admission", r"anmeldung", r"registration", r"register", r"hörsaal", r"lecture hall",
        r"tag der offenen tür", r"open day", r"symposium", r"konferenz", r"conference", r"workshop",
        r"preisverleihung", r"ceremony", r"livestream",
    ),
    Kind.GRANT: (
        r"förder(t|ung|mittel)", r"fund(s|ed|ing)", r"grant", r"bewillig", r"approved", r"millionen euro",
        r"million euros?", r"mio\. euro", r"dfg", r"sonderforschungsbereich", r"collaborative research",
        r"\berc\b", r"verbund", r"consortium", r"exzellenz", r"stipendi",
    ),
    Kind.PARTNERSHIP: (
        r"kooperation", r"cooperation", r"partnerschaft", r"partnership", r"vertrag", r"agreement",
        r"zusammenarbeit", r"collaborat", r"unternehmen", r"company", r"gmbh", r"\bag\b", r"industrie",
        r"industry", r"ausgründung", r"spin-?off", r"lizenz", r"licen[cs]e",
    ),
}

_COMPILED = {kind: tuple(re.compile(cue, re.IGNORECASE) for cue in cues) for kind, cues in CUES.items()}


def scores(text: str) -> dict[Kind, float]:
    """Hits of each kind's cues, normalised by how many cues the kind has."""
    return {
        kind: sum(len(p.findall(text)) for p in patterns) / len(patterns) ** 0.5
        for kind, patterns in _COMPILED.items()
    }


def classify(title: str, body: str) -> Kind:
    """The title says what a release is about more reliably than the body, so it counts thrice."""
    combined = {k: 3 * v for k, v in scores(title).items()}
    for kind, value in scores(body).items():
        combined[kind] += value
    ranked = sorted(KINDS, key=lambda kind: (combined[kind], -KINDS.index(kind)), reverse=True)
    best, runner_up = combined[ranked[0]], combined[ranked[1]]
    if best < MIN_SCORE or best < MIN_LEAD * runner_up:
        return Kind.GENERAL
    return ranked[0]
