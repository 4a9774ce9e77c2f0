"""FAQ drafts: questions fit the kind of release, answers cite sentences, gaps are flagged."""

from __future__ import annotations

import pytest

from summariser.clean import clean
from summariser.faq import NOT_SAID, draft_faq
from summariser.ingest import read_path
from summariser.kinds import classify
from summariser.records import HEADLINE_SECTIONS, Aligned, Kind, Origin, Section
from summariser.settings import FaqSettings, Settings
from summariser.split import split


def _aligned(text: str, lang: str = "en") -> list[Aligned]:
    doc, _ = clean(text)
    return [Aligned(s.id, s.text, s.text, s.section, s.lang, False) for s in split(doc, lang)]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("de_befund_klinik.txt", "finding"),
        ("de_befund_umwelt.txt", "finding"),
        ("de_studie_fraunhofer.txt", "trial"),
        ("de_berufung_mpi.txt", "appointment"),
        ("de_veranstaltung_uni.txt", "event"),
        ("de_foerderung_dfg.txt", "grant"),
        ("de_partnerschaft_industrie.txt", "partnership"),
        ("en_finding_institute.txt", "finding"),
    ],
)
def test_kind_of_release_is_recognised(samples, name, kind):
    doc, _ = clean(read_path(samples / name, Settings().max_input_bytes).text)
    title = " ".join(b.text for b in doc.blocks if b.section in HEADLINE_SECTIONS)
    body = " ".join(b.text for b in doc.blocks if b.section == Section.BODY)
    assert classify(title, body) == kind


EVENT = """Public lecture on sleep research

The University of Talheim invites the public to a lecture on sleep and memory. The lecture takes place on 12 March 2027 at 18:00 in Lecture Hall 2 of the main building. Admission is free and no registration is required. Everyone interested is welcome.
"""


def test_event_questions_are_answered_from_the_release():
    faq = {i.question: i for i in draft_faq(_aligned(EVENT), Kind.EVENT, FaqSettings())}
    assert "12 March 2027" in faq["When does it take place?"].answer
    assert "Lecture Hall 2" in faq["Where does it take place?"].answer
    assert "free" in faq["Does it cost anything, and do I need to register?"].answer
    contact = faq["Whom can I contact for more information?"]
    assert contact.answer == NOT_SAID and contact.needs_input and contact.evidence == ()


def test_glossary_term_is_explained_and_marked_as_glossary():
    text = ("Study reveals rare side effect\n\nResearchers found that CAR T-cell therapy can damage nerves "
            "weeks after treatment in a small number of patients.\n")
    items = draft_faq(_aligned(text), Kind.FINDING, FaqSettings())
    term = next(i for i in items if i.origin == Origin.GLOSSARY)
    assert term.question == "What does “CAR T-cell therapy” mean?"
    assert "immune cells" in term.answer
    assert term.evidence == ("p2.s1",)


def test_item_count_follows_the_settings(samples):
    # A release that answers many questions is cut to the maximum; a one-line release is filled
    # up to the minimum with the gaps the reviewer must fill.
    rich = _aligned(read_path(samples / "de_befund_klinik.txt", 10**6).text)
    assert len(draft_faq(rich, Kind.FINDING, FaqSettings())) == 8
    assert len(draft_faq(rich, Kind.FINDING, FaqSettings(min_items=3, max_items=4))) == 4
    short = _aligned("New sensor measures soil moisture\n\nA new sensor measures the moisture of soil.\n")
    items = draft_faq(short, Kind.FINDING, FaqSettings(min_items=6, max_items=8))
    assert len(items) == 6 and sum(i.needs_input for i in items) >= 2
    assert [i.id for i in items] == [f"q{n}" for n in range(1, 7)]
