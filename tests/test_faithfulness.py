"""Facts in a summary or answer must appear in the release; invented ones are flagged."""

from __future__ import annotations

from summariser.faithfulness import Reference, check, check_drafts
from summariser.records import FaqItem, Summary, SummaryLine

REFERENCE = Reference.of([
    "Bei 47 Patient*innen, also bei ca. 3,5 Prozent, trat nach 41 Tagen eine Neuropathie auf. "
    "Insgesamt wurden 1.342 Patient*innen in Leipzig untersucht.",
    "In 47 patients, about 3.5 percent, neuropathy occurred after 41 days. "
    "A total of 1,342 patients were examined in Leipzig.",
])


def test_numbers_in_german_or_english_format_match_the_release():
    assert check("About 3.5 percent of 1342 patients in Leipzig developed neuropathy.", REFERENCE) == ()


def test_invented_number_journal_and_date_are_flagged():
    flags = check("Of 48 patients, the study in Nature Medicine on 12 May 2025 found 47 cases.", REFERENCE)
    found = {(f.kind, f.value) for f in flags}
    assert ("number", "48") in found
    assert ("name", "Nature") in found and ("name", "Medicine") in found
    assert ("date", "2025") in found
    assert all(value != "47" for _, value in found)


def test_summary_that_adds_a_number_is_flagged_on_that_line_only():
    summary = Summary(
        lines=(SummaryLine("Neuropathy occurred in 47 patients.", ("p1.s1",)),
               SummaryLine("The therapy cured 90 percent of patients.", ("p1.s2",))),
        words=12, grade=None, source_grade=None,
    )
    item = FaqItem("q1", "Who did the research?", "A team from Heidelberg.", ("p1.s1",), "release")
    checked, (checked_item,) = check_drafts(summary, [item], REFERENCE)
    assert checked.lines[0].flags == ()
    assert [f.value for f in checked.lines[1].flags if f.kind == "number"] == ["90"]
    assert [f.value for f in checked_item.flags] == ["Heidelberg"]
