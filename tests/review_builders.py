"""A small reviewed-or-not release result, built directly from records, for review and export tests."""

from __future__ import annotations

from pathlib import Path

from summariser.records import Aligned, FaqItem, Kind, Origin, Result, Section, Summary, SummaryLine
from summariser.store import save_result

Q1 = "What did the researchers develop?"
Q2 = "How well does the test work?"
Q3 = "Where are the results published?"
Q4 = "When will the test be available?"
NOT_SAID = "The release does not say."


def sentences() -> tuple[Aligned, ...]:
    return (
        Aligned("p0.s1", "Neuer Test erkennt Parkinson früh", "New test detects Parkinson's early",
                Section.TITLE, "de", True),
        Aligned(
            "p1.s1",
            "Forschende der Universität Heidelberg haben einen Bluttest zur Früherkennung von Parkinson entwickelt.",
            "Researchers at Heidelberg University have developed a blood test for the early detection of Parkinson's disease.",
            Section.BODY, "de", True,
        ),
        Aligned(
            "p1.s2",
            "In einer Studie mit 120 Patientinnen und Patienten erkannte der Test die Krankheit in 87 Prozent "
            "der Fälle; die Ergebnisse erscheinen in der Fachzeitschrift Brain.",
            "In a study with 120 patients, the test detected the disease in 87 percent of cases; the results "
            "appear in the journal Brain.",
            Section.BODY, "de", True,
        ),
    )


def faq() -> tuple[FaqItem, ...]:
    return (
        FaqItem("q1", Q1, "A blood test for the early detection of Parkinson's disease.", ("p1.s1",), Origin.RELEASE),
        FaqItem("q2", Q2, "In a study with 120 patients, it detected the disease in 87 percent of cases.",
                ("p1.s2",), Origin.RELEASE),
        FaqItem("q3", Q3, "In the journal Brain.", ("p1.s2",), Origin.RELEASE),
        FaqItem("q4", Q4, NOT_SAID, (), Origin.NONE, needs_input=True),
    )


def make_result(items: tuple[FaqItem, ...] | None = None, name: str = "parkinson.txt") -> Result:
    summary_text = "Researchers in Heidelberg have developed a blood test that finds Parkinson's disease early."
    return Result(
        source_name=name,
        source_sha256="0" * 64,
        title="Neuer Test erkennt Parkinson früh",
        kind=Kind.FINDING,
        lang="de",
        sentences=sentences(),
        summary=Summary((SummaryLine(summary_text, ("p1.s1",)),), words=13, grade=None, source_grade=None),
        faq=faq() if items is None else items,
        signature="test",
        doc_key="doc-key",
    )


def write_result(path: Path, result: Result | None = None) -> Path:
    save_result(path, result or make_result())
    return path


def reviewed(**statuses: str) -> Result:
    """The standard result with some items decided, e.g. `reviewed(q1="approved", q3="rejected")`."""
    items = tuple(
        item.with_changes(status=statuses[item.id], reviewer="tester", decided_at="2025-01-02T03:04:05Z")
        if item.id in statuses else item
        for item in faq()
    )
    return make_result(items)
