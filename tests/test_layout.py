"""A release reads the same whatever its layout: blank lines, single newlines, Markdown or HTML.

Hypothesis writes every sample (and the German cases below) in the layouts people paste, and
each must give the same sentences, sections, dateline, summary evidence and FAQ evidence as
the blank-line original.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from layouts import Style, render

from summariser.clean import clean
from summariser.errors import InputError
from summariser.pipeline import summarise_text
from summariser.records import HEADLINE_SECTIONS, Section
from summariser.settings import Settings
from summariser.split import split

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# German layouts written for these tests: a subtitle and place-only dateline, a dateline with
# "den", a short note with a label line and an "Über …" footer after an end marker.
GERMAN_CASES = {
    "dateline_place_only": """Neue Studie zu Bienen

Bienen sehen polarisiertes Licht besser als gedacht

Wien – Honigbienen erkennen das Muster des polarisierten Himmelslichts auch bei dichter Bewölkung. Das berichten Forschende der Universität Donaustadt nach Versuchen mit 240 Tieren.

Die Tiere fanden in 87 Prozent der Flüge zurück zum Stock. „Wir waren selbst überrascht“, sagt Projektleiterin Dr. Hanna Obermayr.

Kontakt:
Dr. Hanna Obermayr
Telefon: +43 1 4277-5500
hanna.obermayr@example.org
""",
    "dateline_den": """Stadtwerke und Hochschule testen Wasserstoffbusse

Kassel, den 12.05.2027 – Die Stadtwerke Kassel-Nord und die Technische Hochschule Fulda-Süd testen ein Jahr lang zwei Busse mit Brennstoffzelle im Linienverkehr. Gemessen werden Verbrauch, Reichweite im Winter und die Kosten je Kilometer.

Wie geht es weiter?

Die Ergebnisse sollen Ende 2028 vorliegen und in die Ausschreibung neuer Busse einfließen. Die Bürger:innenbeteiligung beginnt im Herbst.

Förderung:
Das Vorhaben wird vom Land Hessen mit 800.000 Euro gefördert.

###

Über die Technische Hochschule Fulda-Süd

Die Hochschule bildet rund 9.000 Studierende in Technik, Wirtschaft und Gesundheit aus.
""",
}


class EchoTranslator:
    """A stand-in model: marks each German sentence as translated, deterministically."""

    def signature(self) -> str:
        return "model:echo"

    def count_tokens(self, text: str) -> int:
        return 2 * len(text.split()) + 1

    def translate(self, texts, on_progress=None):
        return [f"[en] {t}" for t in texts]


def _text(name: str) -> str:
    return GERMAN_CASES[name] if name in GERMAN_CASES else (SAMPLES / name).read_text(encoding="utf-8")


def _shape(data: str, fmt: str | None):
    result = summarise_text(data.encode("utf-8"), Settings(), translator=EchoTranslator(), name="release", fmt=fmt)
    return {
        "sentences": [(s.id, s.section, s.lang, s.de) for s in result.sentences],
        "dateline": result.metadata.get("dateline"),
        "summary": [line.evidence for line in result.summary.lines],
        "faq": [(item.question, item.evidence, item.needs_input) for item in result.faq],
        "lang": result.lang,
    }


@cache
def _original(name: str):
    return _shape(render(_text(name), Style("blank")), None)


RELEASES = sorted(p.name for p in SAMPLES.glob("*.txt")) + sorted(GERMAN_CASES)

styles = st.builds(
    Style,
    layout=st.sampled_from(["single", "markdown", "html"]),
    heading_level=st.integers(2, 4),
    bold_headings=st.booleans(),
    crlf=st.booleans(),
    trailing_spaces=st.booleans(),
    extra_blank_lines=st.booleans(),
)


@pytest.mark.parametrize("name", RELEASES)
@settings(max_examples=5, deadline=None, derandomize=True)
@given(style=styles)
def test_every_layout_gives_the_same_sentences_sections_and_evidence(name, style):
    variant = render(_text(name), style)
    assert _shape(variant, "html" if style.layout == "html" else None) == _original(name)


@pytest.mark.parametrize("name", RELEASES)
def test_no_sentence_keeps_markup_or_glues_a_heading(name):
    original = _original(name)
    for _, section, _, text in original["sentences"]:
        assert section in set(Section)
        assert not text.startswith(("#", "**", "- ", "|")), text
        assert "**" not in text
    headings = {text for _, section, _, text in original["sentences"] if section in HEADLINE_SECTIONS}
    for _, section, _, text in original["sentences"]:
        if section == "body":
            assert not any(text.startswith(h + " ") for h in headings), text


def test_single_newline_paste_keeps_title_subtitle_and_dateline_apart():
    doc, metadata = clean(
        "Neue Studie zu Bienen\nBienen sehen polarisiertes Licht besser als gedacht\n"
        "Leipzig, 3. März 2026 – Bienen sehen das Muster des Himmelslichts auch bei Wolken. Das zeigt ein Versuch.\n"
        "Kontakt:\nDr. Alex Muster\nTel. 0341 97-12345\nalex.muster@example.de\n"
    )
    assert [(b.section, b.text.split("\n")[0]) for b in doc.blocks] == [
        ("title", "Neue Studie zu Bienen"),
        ("heading", "Bienen sehen polarisiertes Licht besser als gedacht"),
        ("body", "Bienen sehen das Muster des Himmelslichts auch bei Wolken. Das zeigt ein Versuch."),
        ("contact", "Kontakt:"),
    ]
    assert metadata["dateline"] == "Leipzig, 3. März 2026"


@pytest.mark.parametrize(
    ("first_line", "dateline", "body_start"),
    [
        ("TAMPA, Fla. (July 17, 2017) - Cancer center researchers launched a study.", "TAMPA, Fla. (July 17, 2017)", "Cancer"),
        ("New Haven, Conn. -- Researchers have developed a new vaccine for mice.", "New Haven, Conn.", "Researchers"),
        ("PHILADELPHIA -- Labor is an intensely strenuous activity for the body.", "PHILADELPHIA", "Labor"),
        ("CHICAGO (January 26, 2017): Patients who undergo the operation recover faster.", "CHICAGO (January 26, 2017)", "Patients"),
        ("Leipzig, 3. März 2026 – Forschende haben eine neue Methode vorgestellt.", "Leipzig, 3. März 2026", "Forschende"),
        ("Wien – Forschende der Universität haben eine neue Methode vorgestellt.", "Wien", "Forschende"),
        ("Greifswald – Ein Team der Universität hat eine neue Methode vorgestellt.", "Greifswald", "Ein Team"),
        ("06.12.2026/Kiel. Um den Meeresboden zu schützen, braucht es neue Regeln.", "06.12.2026/Kiel.", "Um den"),
    ],
)
def test_datelines_of_both_traditions_become_metadata(first_line, dateline, body_start):
    doc, metadata = clean(f"Eine Überschrift\n\n{first_line} Das ist ein zweiter Satz.\n")
    assert metadata["dateline"] == dateline
    body = next(b.text for b in doc.blocks if b.section == "body")
    assert body.startswith(body_start)


def test_a_dash_pair_in_the_first_sentence_is_not_a_dateline():
    doc, metadata = clean("Titel\n\nBienen – Tiere, die wir alle kennen – sind für die Bestäubung wichtig.\n")
    assert "dateline" not in metadata
    assert doc.blocks[1].text.startswith("Bienen –")


def test_footers_end_markers_and_notes_get_their_own_labels():
    doc, _ = clean(
        "Fasting lowers liver fat in mice\n\n"
        "Researchers at the Example Institute found that fasting lowers liver fat in mice by a third.\n\n"
        "This work was supported by the Example Foundation grant 1234.\n\n"
        "Reference\nMuster A, Beispiel B. Fasting and liver fat. Cell Metab. 38(4), 512-527 (2026). DOI: 10.5555/cm.1\n\n"
        "###\n\n"
        "The authors report no conflicts of interest.\n\n"
        "Other authors include Jane Doe and John Roe of the Example Institute.\n\n"
        "About the Example Institute\n\n"
        "The Example Institute studies metabolism and ageing in more than forty laboratories.\n\n"
        "Follow us: Twitter, Facebook\n\n"
        "Leave a Reply\n\nGreat article, thanks for sharing it with us!\n"
    )
    assert [b.section for b in doc.blocks] == [
        "title", "body", "funding", "publication", "endmatter", "endmatter", "footer", "footer", "endmatter", "endmatter",
    ]
    citation = next(b.text for b in doc.blocks if b.section == "publication")
    assert "Cell Metab. 38(4), 512-527 (2026). DOI: 10.5555/cm.1" in citation.split("\n")[1]


def test_markdown_units_stay_apart_and_lose_their_markup():
    doc, _ = clean(
        "# Titel der Mitteilung\n\n"
        "## FAQ\n\n**1. Was wurde untersucht?**\nDas Team hat 200 Proben untersucht.\n"
        "**2. Was kam heraus?**\nDie Werte sanken deutlich.\n\n"
        "| Gruppe | Wert |\n|---|---|\n| A | 3,1 |\n| B | 2,4 |\n\n"
        "- Erstens **sank** der Wert.\n- Zweitens stieg die [Zahl](https://example.org).\n\n---\n\n"
        "Mehr unter [der Projektseite](https://www.example.org/projekt) im Netz, sagt das Team heute.\n"
    )
    assert [(b.section, b.text) for b in doc.blocks] == [
        ("title", "Titel der Mitteilung"),
        ("heading", "FAQ"),
        ("heading", "1. Was wurde untersucht?"),
        ("body", "Das Team hat 200 Proben untersucht."),
        ("heading", "2. Was kam heraus?"),
        ("body", "Die Werte sanken deutlich."),
        ("table", "Gruppe | Wert"),
        ("table", "A | 3,1"),
        ("table", "B | 2,4"),
        ("body", "Erstens sank der Wert."),
        ("body", "Zweitens stieg die Zahl (https://example.org)."),
        ("body", "Mehr unter der Projektseite (https://www.example.org/projekt) im Netz, sagt das Team heute."),
    ]


def test_gender_stars_in_markdown_are_not_read_as_emphasis():
    doc, _ = clean("# Titel\n\nDie Patient*innen und Ärzt*innen wurden **gemeinsam** befragt.\n")
    assert doc.blocks[1].text == "Die Patient*innen und Ärzt*innen wurden gemeinsam befragt."


def test_german_in_an_english_release_is_translated_and_english_in_a_german_one_is_not():
    doc, _ = clean((SAMPLES / "en_with_german_original.txt").read_text(encoding="utf-8"))
    sentences = split(doc, "en")
    german = [s for s in sentences if s.text.startswith(("Forschende", "Die Grippeviren"))]
    assert len(german) == 2 and all(s.lang == "de" and s.translatable for s in german)
    assert all(s.lang == "en" for s in sentences if s.text.startswith(("Researchers", "The method")))
    doc, _ = clean(
        "Titel\n\nDer Titel der Studie lautet „Deep learning predicts tumour growth in mice“. "
        "We are proud to share these results with the scientific community today.\n"
    )
    langs = [s.lang for s in split(doc, "de") if s.section == "body"]
    assert langs == ["de", "en"]


def test_release_language_is_what_most_of_the_body_is_written_in():
    result = summarise_text((SAMPLES / "en_with_german_original.txt").read_bytes(), Settings(), translator=EchoTranslator())
    assert result.lang == "en"
    translated = [s for s in result.sentences if s.translated]
    assert [s.en[:20] for s in translated] == ["[en] Forschende des ", "[en] Die Grippeviren"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Neue Studie\n\n## Hintergrund\n\n## Ergebnisse\n", "only headings"),
        ("Neue Studie\nHintergrund\nErgebnisse\n", "only headings"),
        ("Kontakt:\nDr. Alex Muster\nTel. 0341 12345\nalex@example.de\n", "no sentences left to summarise; it holds only a contact block"),
        ("# \n\n---\n\n**  **\n\n| | |\n|---|---|\n\n- \n", "no prose: .*markup"),
    ],
)
def test_release_without_running_text_gets_a_clear_error(text, message):
    with pytest.raises(InputError, match=message):
        summarise_text(text, Settings(), translator=EchoTranslator())


def test_markdown_sample_keeps_its_structure_and_labels_what_follows_the_end_marker():
    doc, metadata = clean((SAMPLES / "de_markdown_forschung.md").read_text(encoding="utf-8"))
    sections = [b.section for b in doc.blocks]
    assert metadata["dateline"] == "Leipzig, 3. März 2027"
    assert doc.blocks[0].text == "Wärmepumpen im Altbau: Feldtest übertrifft Erwartungen"
    assert doc.blocks[1].text.startswith("Ein Team des Instituts")
    assert sections.count("heading") == 2
    assert [b.text for b in doc.blocks if b.text.startswith("In 29")] == ["In 29 von 37 Häusern reichte die vorhandene Heizkörperfläche aus."]
    assert "Gründerzeit | 14 | 3,0" in [b.text for b in doc.blocks]
    assert sections[-4:] == ["funding", "contact", "footer", "endmatter"]


def test_a_release_pasted_as_one_line_is_read_not_refused_as_a_contact_block():
    one_line = " ".join((SAMPLES / "en_finding_institute.txt").read_text(encoding="utf-8").split())
    result = summarise_text(one_line, Settings(), translator=EchoTranslator())
    body = " ".join(s.de for s in result.sentences if s.section == "body")
    assert "Honeybees can orient themselves using patterns of polarised light" in body
    assert result.summary.lines


def test_a_markdown_table_answers_no_question_and_is_not_summarised():
    text = (
        "# Bees find their way home under clouds\n\n"
        "| Metric | Old | New |\n|---|---|---|\n| Return rate | 78 % | 86 % |\n\n"
        "Honey bees find their way home under full cloud cover, researchers at the Example Institute "
        "found after tracking 214 foragers with radar. The bees use faint ultraviolet light that passes through clouds.\n"
    )
    result = summarise_text(text, Settings(), translator=EchoTranslator())
    table = {s.id for s in result.sentences if s.section == "table"}
    assert len(table) == 2
    assert not any(set(line.evidence) & table for line in result.summary.lines)
    assert not any(set(item.evidence) & table for item in result.faq)
    about = next(item for item in result.faq if item.question == "What is this about?")
    assert "Metric" not in about.answer
