"""FAQ answers and summary lines chosen by what a sentence does, in German and in English.

The release below is written for these tests: a finding with background, earlier work, a plan,
a funder, a citation, a contact block and an "About" footer left in the body. Each case runs on
the German source alone (as the reading stages see it before translation) and with an English
translation beside it, so the cues are proven on both languages.
"""

from __future__ import annotations

import pytest

from summariser.faq import NOT_SAID, draft_faq
from summariser.faq_questions import CATEGORIES, category
from summariser.kinds import classify
from summariser.records import Aligned, Kind
from summariser.roles import points_back, read
from summariser.settings import FaqSettings, SummarySettings
from summariser.summarise import summarise

RELEASE = [
    ("p1.s1", "title", "Tägliches Gehen nach Herzinfarkt senkt Rückfallrisiko",
     "Walking every day after a heart attack lowers the risk of another one"),
    ("p2.s1", "body", "Bereits frühere Studien hatten gezeigt, dass Bewegung das Herz stärkt.",
     "Earlier studies had already shown that exercise strengthens the heart."),
    ("p2.s2", "body", ("Forschende der Universität Talheim haben nun herausgefunden, dass tägliches Gehen nach einem "
                       "Herzinfarkt das Risiko eines zweiten Infarkts deutlich senkt."),
     ("Researchers at the University of Talheim have now found that walking every day after a heart attack "
      "clearly lowers the risk of a second attack.")),
    ("p2.s3", "body", "Für die Studie begleitete das Team 640 Patientinnen und Patienten über drei Jahre.",
     "For the study, the team followed 640 patients for three years."),
    ("p3.s1", "body", "In der Gruppe, die täglich ging, sank die Rate erneuter Infarkte von 12 auf 7 Prozent.",
     "In the group that walked daily, the rate of repeat heart attacks fell from 12 to 7 percent."),
    ("p3.s2", "body", "Nebenwirkungen traten nicht auf, allerdings war die Studie nicht randomisiert.",
     "No side effects occurred, but the study was not randomised."),
    ("p3.s3", "body", "Patientinnen und Patienten sollten nach Rücksprache mit ihrer Ärztin täglich gehen, empfehlen die Autorinnen.",
     "Patients should walk every day after talking to their doctor, the authors recommend."),
    ("p3.s4", "body", "Als Nächstes plant das Team eine größere Studie mit 2.000 Teilnehmenden.",
     "Next, the team is planning a larger study with 2,000 participants."),
    ("p3.s5", "body", "Die Studie wurde von der Herzstiftung Talheim gefördert.",
     "The study was funded by the Talheim Heart Foundation."),
    ("p4.s1", "body", ("Über die Universität Talheim: Die Universität Talheim ist eine der führenden "
                       "Forschungsuniversitäten und beschäftigt 5.000 Menschen."),
     ("About the University of Talheim: The University of Talheim is one of the leading research universities "
      "and employs 5,000 people.")),
    ("p5.s1", "publication", "Müller A, Sommer B. Walking after myocardial infarction. Journal of Cardiac Rehabilitation (2026).",
     "Müller A, Sommer B. Walking after myocardial infarction. Journal of Cardiac Rehabilitation (2026)."),
    ("p6.s1", "contact", "Dr. Anna Müller, Telefon 0123 456789", "Dr. Anna Müller, Telefon 0123 456789"),
]

# The sentence that answers each question of a finding.
EXPECTED = {"news": "p2.s2", "who": "p2.s2", "method": "p2.s3", "effect": "p3.s1", "risks": "p3.s2",
            "meaning": "p3.s3", "next": "p3.s4", "funding": "p3.s5", "where": "p5.s1"}


def _aligned(rows, language: str) -> list[Aligned]:
    if language == "de":  # the German source on both sides, as before translation
        return [Aligned(i, de, de, section, "de", False) for i, section, de, _ in rows]
    return [Aligned(i, de, en, section, "de", True) for i, section, de, en in rows]


@pytest.mark.parametrize("language", ["de", "en"])
def test_each_question_is_answered_by_the_sentence_that_does_what_it_asks(language):
    items = draft_faq(_aligned(RELEASE, language), "finding", FaqSettings())
    assert 5 <= len(items) <= 8
    asked = {category(i.question): i for i in items if category(i.question)}
    assert {"news", "who", "where"} <= set(asked)
    for name, item in asked.items():
        assert EXPECTED[name] in item.evidence, (name, item.answer)
    # Earlier work and the "About" footer answer nothing; the contact block answers "whom to contact".
    used = {e for i in items for e in i.evidence}
    assert not used & {"p2.s1", "p4.s1"}
    contact = next(i for i in items if "contact" in i.question)
    assert contact.evidence == ("p6.s1",) and "0123 456789" in contact.answer


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_two_optional_questions_share_a_sentence(language):
    items = draft_faq(_aligned(RELEASE, language), "finding", FaqSettings())
    optional = [i for i in items if category(i.question) not in (None, "news", "who", "where")]
    evidence = [e for i in optional for e in i.evidence]
    assert len(evidence) == len(set(evidence))


def test_must_haves_the_release_leaves_open_stay_in_as_gaps():
    rows = [r for r in RELEASE if r[0] not in ("p5.s1", "p6.s1", "p2.s2")]
    items = draft_faq(_aligned(rows, "en"), "finding", FaqSettings())
    gaps = {category(i.question) or i.question: i for i in items if i.answer == NOT_SAID}
    assert "where" in gaps and "Whom can I contact for more information?" in gaps
    assert all(i.needs_input and i.evidence == () for i in gaps.values())
    # Never a guess from the funder: the funding sentence does not say who did the research.
    who = next(i for i in items if category(i.question) == "who")
    assert "p3.s5" not in who.evidence


@pytest.mark.parametrize("language", ["de", "en"])
def test_summary_states_the_news_first_and_leaves_out_background(language):
    summary = summarise(_aligned(RELEASE, language), "finding", SummarySettings(max_words=200))
    assert summary.lines[0].evidence == ("p2.s2",)
    used = [line.evidence[0] for line in summary.lines]
    assert "p2.s1" not in used and "p4.s1" not in used
    assert len(used) == len(set(used))


def test_summary_never_repeats_a_repeated_paragraph():
    rows = RELEASE + [("p7.s1", "body", RELEASE[2][2], RELEASE[2][3])]
    summary = summarise(_aligned(rows, "en"), "finding", SummarySettings(max_words=200))
    texts = [line.text for line in summary.lines]
    assert len(texts) == len(set(texts))


def test_summary_line_that_points_back_needs_the_line_it_points_to():
    rows = RELEASE[:3] + [
        ("p2.s8", "body", "Frühere Studien hatten nur einen kleinen Nutzen gefunden.",
         "Earlier studies had found only a small benefit."),
        ("p2.s9", "body", "Diese Senkung um 40 Prozent war in allen Altersgruppen deutlich.",
         "This reduction by 40 percent was clear in all age groups."),
    ]
    for language in ("de", "en"):
        summary = summarise(_aligned(rows, language), "finding", SummarySettings(max_words=200))
        # The figure line would point back to earlier work the summary leaves out.
        assert "p2.s9" not in [line.evidence[0] for line in summary.lines]
        assert "p2.s8" not in [line.evidence[0] for line in summary.lines]


def _one(text_de: str, text_en: str, section: str = "body") -> Aligned:
    return Aligned("p1.s1", text_de, text_en, section, "de", True)


@pytest.mark.parametrize(
    ("de", "en", "role", "expected"),
    [
        ("Bisher gab es dazu kaum Forschung.", "Until now, there has been little research on this.", "next", False),
        ("Bisher gab es dazu kaum Forschung.", "Until now, there has been little research on this.", "background", True),
        ("Eine Folgestudie läuft bereits.", "A follow-up study is already underway.", "next", True),
        ("Die Forschenden prüfen derzeit, ob das auch bei Kindern wirkt.",
         "The researchers are currently exploring whether it also works in children.", "next", True),
        ("Frühere Studien hatten das bereits nahegelegt.", "Researchers have previously shown this in mice.", "background", True),
        ("Die Methode wurde von Jana Roth, MD, entwickelt.", "The method was created by Jana Roth, MD.", "attribution", True),
        ("Die Arbeit wurde von der Stiftung Talheim gefördert.", "The work was funded by the Talheim Foundation.", "funding", True),
        ("Im Jahr 2030 werden schätzungsweise 2 Millionen Menschen erkranken.",
         "An estimated 2 million people will be diagnosed in 2030.", "background", True),
        ("Weitere Informationen unter www.example.org", "For more information visit www.example.org", "boilerplate", True),
    ],
)
def test_roles_read_the_same_on_the_source_and_its_translation(de, en, role, expected):
    for sentence in (_one(de, de), _one(en, en)):
        reads = read([sentence])
        if role == "boilerplate":
            assert (not reads) is expected
            continue
        (r,) = reads
        value = r.background if role == "background" else r.has(role)
        assert value is expected, (sentence.en, r.strength)


def test_pronoun_subject_points_back_unless_its_sentence_comes_right_before():
    first = Aligned("p1.s1", "x", "The drug lowered blood pressure in 300 adults.", "body", "en", False)
    second = Aligned("p1.s2", "x", "This effect lasted a year.", "body", "en", False)
    assert points_back(second, [first], [])
    assert not points_back(second, [first], [first])


def test_a_cue_list_is_never_read_letter_by_letter():
    weather = [Aligned("p1.s1", "The weather was nice.", "The weather was nice.", "body", "en", False)]
    items = draft_faq(weather, "partnership", FaqSettings())
    roles_q = [i for i in items if i.question == "Who does what in the partnership?"]
    assert all(i.answer == NOT_SAID for i in roles_q)


def test_unclear_kind_gets_general_questions():
    assert classify("Neues aus dem Haus", "Heute gibt es Neuigkeiten.") == Kind.GENERAL
    items = draft_faq(_aligned(RELEASE, "en"), Kind.GENERAL, FaqSettings())
    assert items[0].question == "What is this about?"
    assert all(category(i.question) in (*CATEGORIES, None) for i in items)


def test_notes_answer_only_their_own_questions_and_footers_nothing():
    rows = [r for r in RELEASE if r[0] != "p3.s5"] + [
        ("p8.s1", "end-matter", "Die Arbeit wurde von der Herzstiftung Talheim gefördert.",
         "The work was funded by the Talheim Heart Foundation."),
        ("p8.s2", "end-matter", "Die Ergebnisse zeigen, dass Patientinnen und Patienten davon profitieren könnten.",
         "The results show that patients could benefit."),
        ("p9.s1", "footer", "Die Klinik hilft Patientinnen und Patienten seit 1950 mit neuen Therapien.",
         "The clinic has helped patients with new therapies since 1950."),
    ]
    for language in ("de", "en"):
        items = draft_faq(_aligned(rows, language), "finding", FaqSettings())
        by_category = {category(i.question): i for i in items}
        assert by_category["funding"].evidence == ("p8.s1",)
        used = {e for i in items for e in i.evidence}
        assert not used & {"p8.s2", "p9.s1"}
