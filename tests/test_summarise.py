"""The lay summary: short, plain, made of the release's sentences, quotes left out."""

from __future__ import annotations

from summariser.clean import clean
from summariser.records import Aligned
from summariser.settings import SummarySettings
from summariser.split import split
from summariser.summarise import summarise

RELEASE = """Rare nerve damage after cell therapy

A new study has found that a rare form of nerve damage can follow treatment for haematological malignancies. The damage appeared on average six weeks after the infusion in a small share of patients. “This side effect is rare. But doctors should ask about numbness after discharge,” says the lead author. The team recommends short neurological check-ups in the first eight weeks after treatment.

The study was carried out at nine hospitals between 2021 and 2025, and it included more than a thousand patients who had been treated with the new therapy.
"""


def _aligned(text: str) -> list[Aligned]:
    doc, _ = clean(text)
    return [Aligned(s.id, s.text, s.text, s.section, s.lang, False) for s in split(doc, "en")]


def test_summary_is_short_plain_and_cites_its_sentences():
    summary = summarise(_aligned(RELEASE), "finding", SummarySettings())
    assert 2 <= len(summary.lines) <= 4
    assert summary.words <= 80
    # "A new study has found that" is an attribution the lay line does without; the record keeps it.
    assert summary.lines[0].text.startswith("A rare form of nerve damage")
    assert summary.lines[0].original.startswith("A new study has found that a rare form of nerve damage")
    assert "blood cancers" in summary.text and "haematological malignancies" not in summary.text
    assert all(len(line.evidence) == 1 for line in summary.lines)
    assert summary.grade is not None and summary.source_grade is not None


def test_every_sentence_of_a_multi_sentence_quote_is_left_out():
    summary = summarise(_aligned(RELEASE), "finding", SummarySettings(max_sentences=4, max_words=200))
    assert "side effect is rare" not in summary.text
    assert "doctors should ask" not in summary.text


def test_word_budget_is_respected():
    summary = summarise(_aligned(RELEASE), "finding", SummarySettings(max_words=30, min_sentences=1))
    assert summary.words <= 30


PLAIN_AND_HARD = """Short walks ease back pain

Short daily walks eased back pain in office workers, according to a study published in the journal Spine and Work Today by researchers at the Northtown Institute.

Multivariable analyses demonstrated a 30 percent reduction in pain intensity (hazard ratio 0.70) compared with sedentary comparators, notwithstanding considerable interindividual heterogeneity in baseline musculoskeletal symptomatology.

The walkers had 30 percent less pain after six weeks than the workers who did not walk.

The workers walked for twenty minutes at lunchtime.
"""


def test_a_plain_line_is_chosen_over_a_hard_one_that_says_the_same():
    summary = summarise(_aligned(PLAIN_AND_HARD), "finding", SummarySettings())
    assert summary.lines[0].text.startswith("Short daily walks eased back pain in office workers")
    # No other line says who did the work, and the summary still reads below the target with
    # it, so the news line keeps its attribution.
    assert "Northtown Institute" in summary.lines[0].text
    assert "30 percent less pain" in summary.text
    # The hard line has more figures, but a lay reader would stumble on it: the plain one is told.
    assert "heterogeneity" not in summary.text
    assert summary.grade is not None and summary.grade <= SummarySettings().target_grade


def test_the_word_budget_counts_the_line_as_printed():
    # The news line has 26 words as written and 9 once its attribution tail is cut: the figure fits.
    summary = summarise(_aligned(PLAIN_AND_HARD), "finding", SummarySettings(max_words=30, min_sentences=1))
    assert summary.lines[0].text == "Short daily walks eased back pain in office workers."
    assert "30 percent less pain" in summary.text
    assert summary.words <= 30


ONLY_THE_NEWS_IS_PLAIN = """New pill lowers blood pressure in older people

A new pill lowers blood pressure in older people, a study by the University of Nordstadt has found.

The multicentre, randomised, double-blind, placebo-controlled investigation enrolled hypertensive individuals characterised by pharmacologically refractory cardiovascular comorbidities and concomitant polypharmacy.

Pharmacokinetic characterisation demonstrated dose-proportional bioavailability notwithstanding considerable interindividual variability in hepatic metabolism.
"""


def test_the_minimum_number_of_lines_holds_when_every_other_line_is_hard():
    settings = SummarySettings()
    summary = summarise(_aligned(ONLY_THE_NEWS_IS_PLAIN), "finding", settings)
    assert summary.lines[0].text.startswith("A new pill lowers blood pressure in older people")
    assert len(summary.lines) >= settings.min_sentences
    assert summary.words <= settings.max_words
