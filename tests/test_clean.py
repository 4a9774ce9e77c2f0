"""Cleaning sets aside contact blocks, publication lines, links and footers, keeping them."""

from __future__ import annotations

import pytest

from summariser.clean import clean

RELEASE = """Neues Verfahren erkennt Pilzbefall früh

Freiburg, 3. März 2027 – Forschende des Instituts für Pflanzenschutz haben ein Verfahren entwickelt, das Pilzbefall an Weizen früh erkennt. Die Methode nutzt Bilder von Drohnen.

Hintergrund

Pilzkrankheiten verursachen jedes Jahr große Ernteverluste.

Originalpublikation:
Muster A, Beispiel B. Early detection of fungal disease. Journal of Plant Imaging (2027). DOI: 10.5555/jpi.1

Weitere Informationen: https://www.example.org/pflanzenschutz

Ansprechpartner:in:
Dr. Alex Muster
Telefon: +49 761 123-4567
E-Mail: alex.muster@example.de

Über das Institut für Pflanzenschutz
Das Institut erforscht seit vielen Jahren gesunde Nutzpflanzen und nachhaltige Landwirtschaft in ganz Europa.
"""


def test_paragraphs_are_labelled_by_what_they_are():
    doc, metadata = clean(RELEASE)
    sections = [(b.section, b.text.split("\n")[0][:25]) for b in doc.blocks]
    assert sections == [
        ("title", "Neues Verfahren erkennt P"),
        ("body", "Forschende des Instituts "),
        ("heading", "Hintergrund"),
        ("body", "Pilzkrankheiten verursach"),
        ("publication", "Originalpublikation:"),
        ("link", "Weitere Informationen: ht"),
        ("contact", "Ansprechpartner:in:"),
        ("footer", "Über das Institut für Pfl"),
        ("footer", "Das Institut erforscht se"),  # a heading line is a block of its own in every layout
    ]
    assert doc.title == "Neues Verfahren erkennt Pilzbefall früh"
    assert metadata["dateline"] == "Freiburg, 3. März 2027"


def test_contact_block_without_a_label_is_recognised_by_phone_and_mail():
    doc, _ = clean("Titel hier\n\nEin Satz mit Inhalt, der lang genug ist, um Text zu sein.\n\n"
                   "Pressestelle\nTel. 030 1234567\npresse@example.de\n")
    assert doc.blocks[-1].section == "contact"


def test_bullet_list_items_become_their_own_paragraphs():
    doc, _ = clean("Titel\n\nDie wichtigsten Ergebnisse:\n- Erstens sank der Wert.\n- Zweitens stieg die Zahl.\n")
    assert [b.text for b in doc.blocks if b.section == "body"] == [
        "Die wichtigsten Ergebnisse:", "Erstens sank der Wert.", "Zweitens stieg die Zahl."]


LEAD = "Honey bees find their way home under full cloud cover, a study of 214 foragers shows"


@pytest.mark.parametrize(
    "paragraph",
    [
        f"{LEAD} (https://example.org/study).",
        f"{LEAD}, as reported at www.example.org in 2026.",
        f"# Bees find home under clouds\n\n{LEAD}. [Read more](https://example.org/news/bees)",
        "Researchers at the Example Institute, reachable at info@example.org, found that bees find home under clouds in 2026.",
        "Forschende der Universität Musterstadt, erreichbar unter info@example.org, haben gezeigt, dass Bienen auch unter Wolken heimfinden.",
        ("The Example Institute for Marine Research in Northport (www.example.org) and the University of Northport "
         "led the Deep Sea Expedition 2026."),
    ],
)
def test_prose_that_mentions_a_web_address_or_mail_stays_in_the_message(paragraph):
    text = paragraph if paragraph.startswith("#") else f"Bees find home under clouds\n\n{paragraph}"
    doc, _ = clean(f"{text}\n\nThe team tracked the bees with radar.\n")
    assert [b.section for b in doc.blocks] == ["title", "body", "body"]
    assert doc.blocks[1].text.startswith(("Honey bees", "Researchers", "Forschende", "The Example"))


@pytest.mark.parametrize(
    "line",
    [
        "For more information, please contact the press office of the university at press@example.org or call +49 30 1234567.",
        "Journalists can reach Jane Doe, the university's press officer, at jane.doe@example.org or on +1 555 123 4567.",
        "Für Rückfragen wenden Sie sich bitte an die Pressestelle der Universität unter presse@example.de oder Tel. 0341 12345.",
        "Jane Doe, Department of Insect Navigation, Institute for Sensory Ecology, phone +49 931 3180-472",
    ],
)
def test_a_line_that_asks_the_reader_to_get_in_touch_is_still_contact(line):
    doc, _ = clean(f"Bees find home under clouds\n\n{LEAD}.\n\n{line}\n")
    assert doc.blocks[-1].section == "contact"


def test_table_rows_and_code_are_set_aside_from_the_message():
    doc, _ = clean(
        f"# Bees find home under clouds\n\n{LEAD}.\n\n"
        "| Metric | Old | New |\n|---|---|---|\n| Return rate | 78 % | 86 % |\n\n"
        "```\nimport radar\nradar.track(bees)\n```\n\nThe team tracked the bees with radar.\n"
    )
    assert [(b.section, b.text) for b in doc.blocks if b.section != "body"] == [
        ("title", "Bees find home under clouds"),
        ("table", "Metric | Old | New"),
        ("table", "Return rate | 78 % | 86 %"),
        ("table", "import radar"),
        ("table", "radar.track(bees)"),
    ]
