"""German sentence splitting, gender forms, long sentences and English passages."""

from __future__ import annotations

import pytest

from summariser.clean import clean
from summariser.gender import normalise_gender
from summariser.split import guard_length, sentences_of, split


def test_abbreviations_titles_and_dates_do_not_end_sentences():
    text = (
        "Prof. Dr. Anna Beispiel leitet die Studie Nr. 12, die am 24. November 2026 begann. "
        "Untersucht werden z. B. Dipl.-Ing. Berufe bzw. Ausbildungen, u. a. in Leipzig. "
        "Der 3. Platz ging an Dr. med. Jonas Muster vom Verein e. V. in Bonn. "
        "Die Kosten stiegen um ca. 3,5 Prozent auf 2,4 Mio. Im Vorjahr waren es weniger."
    )
    assert sentences_of(text) == [
        "Prof. Dr. Anna Beispiel leitet die Studie Nr. 12, die am 24. November 2026 begann.",
        "Untersucht werden z. B. Dipl.-Ing. Berufe bzw. Ausbildungen, u. a. in Leipzig.",
        "Der 3. Platz ging an Dr. med. Jonas Muster vom Verein e. V. in Bonn.",
        "Die Kosten stiegen um ca. 3,5 Prozent auf 2,4 Mio.",
        "Im Vorjahr waren es weniger.",
    ]


def test_sentence_ending_in_a_number_is_split_before_a_sentence_opener():
    assert sentences_of("Die Zahl der Teilnehmenden stieg auf 250. Das ist ein Rekord.") == [
        "Die Zahl der Teilnehmenden stieg auf 250.",
        "Das ist ein Rekord.",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Moffitt is the No. 6 cancer hospital in the nation. It treats many patients.",
         ["Moffitt is the No. 6 cancer hospital in the nation.", "It treats many patients."]),
        ("See Fig. 3 for details. The effect was large.", ["See Fig. 3 for details.", "The effect was large."]),
        ("Muster A, Beispiel B. Fasting and liver fat. Cell Metab. 38(4), 512-527. DOI: 10.5555/cm.2026.1",
         ["Muster A, Beispiel B. Fasting and liver fat.", "Cell Metab. 38(4), 512-527. DOI: 10.5555/cm.2026.1"]),
        ("Teilnehmen können Personen im Alter von 18 bis 65 J. Bei Fragen hilft das Studienteam.",
         ["Teilnehmen können Personen im Alter von 18 bis 65 J.", "Bei Fragen hilft das Studienteam."]),
        ("Die Grabkammer stammt aus der Zeit von Ramses II. Die Forschenden fanden dort Papyri.",
         ["Die Grabkammer stammt aus der Zeit von Ramses II.", "Die Forschenden fanden dort Papyri."]),
        ("Das Kloster entstand im 12. Jh. Danach wuchs die Stadt rasch.",
         ["Das Kloster entstand im 12. Jh.", "Danach wuchs die Stadt rasch."]),
        ("He moved to Bonn. 25 patients were treated there.", ["He moved to Bonn.", "25 patients were treated there."]),
    ],
)
def test_abbreviations_citations_numerals_and_units(text, sentences):
    assert sentences_of(text) == sentences


def test_quotes_stay_with_their_attribution():
    assert sentences_of("„Das ist ein Durchbruch“, sagt Beispiel. Die Arbeit geht weiter.") == [
        "„Das ist ein Durchbruch“, sagt Beispiel.",
        "Die Arbeit geht weiter.",
    ]


@pytest.mark.parametrize(
    ("inclusive", "model_form"),
    [
        ("Wissenschaftler:innen der Universität", "Wissenschaftler der Universität"),
        ("47 Patient*innen", "47 Patienten"),
        ("die behandelnden Ärzt_innen", "die behandelnden Ärzte"),
        ("alle MitarbeiterInnen", "alle Mitarbeiter"),
        ("Ihre Ansprechpartner:in", "Ihre Ansprechpartner"),
        ("eine:n Teilnehmer:in", "einen Teilnehmer"),
        ("Expert*innen und Kolleg:innen", "Experten und Kollegen"),
        ("Hochrisiko-Patient*innen", "Hochrisiko-Patienten"),
        ("Die Innenstadt und die Kollegin", "Die Innenstadt und die Kollegin"),
        ("Folgen Sie uns auf LinkedIn", "Folgen Sie uns auf LinkedIn"),
        ("der CheckIn am Flughafen", "der CheckIn am Flughafen"),
        ("ein:e Expert:in", "ein Experte"),
        ("eine:n Expert:in", "einen Experten"),
        ("Die Expert:in erklärt", "Der Experte erklärt"),
        ("mit einer Kolleg:in", "mit einem Kollegen"),
        ("eine neue Professor:in", "ein neuer Professor"),
        ("die Biolog*in", "der Biologe"),
        ("Bauer:innen und Nachbar:innen", "Bauern und Nachbarn"),
        ("Biobauer:innen", "Biobauern"),
        ("Ingenieur:innen und Kommissar:innen", "Ingenieure und Kommissare"),
        ("Bürger:innenbeteiligung", "Bürgerbeteiligung"),
        ("Ärzt:innenkammer", "Ärztekammer"),
        ("MitarbeiterInnenbefragung", "Mitarbeiterbefragung"),
        ("Patient*Innen", "Patienten"),
        ("Lehrer(innen)", "Lehrer"),
        ("Student(inn)en", "Studenten"),
        ("LehrerIn und StudentIn", "Lehrer und Student"),
    ],
)
def test_gender_forms_are_normalised_for_the_model(inclusive, model_form):
    assert normalise_gender(inclusive) == model_form


def test_original_wording_is_kept_and_only_the_model_input_is_normalised():
    doc, _ = clean("Titel der Mitteilung\n\nDie Wissenschaftler:innen haben 47 Patient*innen untersucht.\n")
    body = [s for s in split(doc, "de") if s.section == "body"][0]
    assert body.text == "Die Wissenschaftler:innen haben 47 Patient*innen untersucht."
    assert body.chunks == ("Die Wissenschaftler haben 47 Patienten untersucht.",)


def test_long_sentence_is_split_at_clause_boundaries_not_truncated():
    clause = "die Forschenden untersuchten die Proben im Labor über mehrere Wochen hinweg sehr genau"
    sentence = ", und ".join([clause] * 12) + "."
    chunks = guard_length(sentence, lambda s: len(s.split()), max_tokens=40)
    assert len(chunks) > 1
    assert all(len(c.split()) <= 40 for c in chunks)
    assert " ".join(chunks).split() == sentence.split()  # nothing dropped


def test_english_sentences_in_a_german_release_are_not_translated():
    doc, _ = clean(
        "Kooperation beschlossen\n\n"
        "Das Institut und die Firma arbeiten künftig bei der Entwicklung neuer Batterien zusammen. "
        "„We are excited to build this together with our partners in Saxony“, sagt die Geschäftsführerin.\n"
        "\nWe are looking forward to many years of joint research on sodium batteries.\n"
    )
    langs = {s.text[:12]: s.lang for s in split(doc, "de") if s.section == "body"}
    assert langs["Das Institut"] == "de"
    assert langs["We are looki"] == "en"


def test_ids_are_stable_paragraph_and_sentence_numbers():
    doc, _ = clean("Titel\n\nErster Satz hier. Zweiter Satz hier.\n\nDritter Satz im zweiten Absatz.\n")
    assert [s.id for s in split(doc, "de")] == ["p1.s1", "p2.s1", "p2.s2", "p3.s1"]
