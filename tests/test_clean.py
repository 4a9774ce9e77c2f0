"""Cleaning sets aside contact blocks, publication lines, links and footers, keeping them."""

from __future__ import annotations

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
