"""What a sentence of a release is doing: this work's result, background, a next step, a funder …

The FAQ and the summary pick sentences by what they do, not by the words they share with a
question: "Researchers have previously shown …" mentions research but reports earlier work;
"Until now, little was known …" has "now" but is background; "About the institute: … is a
leading …" names patients but is promotion. Cues are general vocabulary of press releases in
English and German, so a sentence is read from its source or its translation, never tied to a
particular release, institution or topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .records import HEADLINE_SECTIONS, Aligned, Section

_NUM = r"\d[\d.,]*"
_NUMBER = r"(\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|half|a third|a quarter)"
_PERCENT = rf"{_NUM}\s*(%|percent|per cent|prozent|percentage points?|prozentpunkte)"


def _rx(*parts: str) -> tuple[re.Pattern[str], ...]:
    """Cues that start at a word start ("förder" matches "Förderung", not "aufgefördert").

    Each is its own pattern, so a sentence's strength in a role is how many different cues it has.
    """
    return tuple(re.compile(rf"(?<!\w)(?:{part})", re.IGNORECASE) for part in parts)


CUES: dict[str, tuple[re.Pattern[str], ...]] = {
    # This work's result.
    "result": _rx(
        r"(we|they|researchers|scientists|investigators|authors|team|study|studies|analysis|trial|data|results?|findings?)\b"
        r"[^.;]{0,60}\b(found|find|finds|show(s|ed)?|reveal(s|ed)?|demonstrat\w*|suggest(s|ed)?|indicat\w*|confirm\w*|report(s|ed)?|discover\w*|identif\w*)",
        r"(found|discovered|identified|showed|revealed|demonstrated) that", r"new (study|research|findings?|analysis|trial|review)",
        r"according to (a|the) (new|recent) (study|research|analysis|review)", r"(were|was|is|are) (significantly |much |far )?(more|less) likely",
        r"associated with", r"linked to", r"improv(ed|es)", r"reduc(ed|es)", r"increas(ed|es)", r"lower(ed)? (risk|rates?)",
        r"higher (risk|rates?)", r"no (significant )?difference", r"effective", r"fanden", r"zeig(t|en|te|ten)\b",
        r"entdeck\w*", r"nachgewiesen", r"festgestellt", r"herausgefunden", r"ergebnis\w*", r"belegen|belegt",
        r"resulted in|led to", r"significantly (less|more|lower|higher|better|worse|fewer|greater|reduced|improved|increased|decreased)",
        r"conclude[sd]?\b", r"first (time|to)\b", r"(decrease|reduction|increase|improvement|drop|rise|decline|difference) (in|of|between)\b",
        r"show(s|ed|ing)? (\w+ )?promise|promising", r"for the first time", r"erstmals",
    ),
    # Earlier work, general background and context figures are not this release's news.
    "earlier": _rx(
        r"previous(ly)?\b", r"earlier (stud|research|work|trial|find|report)\w*", r"prior (stud|research|work)\w*",
        r"past (stud|research)\w*", r"has long been", r"have long been", r"long been known", r"it is (well )?known",
        r"(a|an|one|the) (19|20)\d\d (study|trial|report|analysis|paper)", r"in (19|20)\d\d,? (a|an|researchers|scientists|the)\b",
        r"until now", r"had (previously )?(shown|found|suggested|reported)",
        r"(studies|research) (has|have) (shown|found|suggested|linked|reported)", r"(conflicting|mixed|inconsistent) results",
        r"little (is|was) known", r"until (recently|late|early|last)", r"remains? unclear", r"bisher\w*", r"frühere\w* (studie|arbeit|untersuchung)\w*",
        r"schon lange", r"seit langem", r"ist bekannt", r"bislang",
    ),
    "context": _rx(
        r"(each|every|per) year", r"annually", r"jährlich", r"pro jahr", r"leading cause", r"häufigste\w* ",
        r"affects? (about |around |nearly |more than |over |some )?(\d|one|an estimated|millions)", r"an estimated",
        r"(million|billion) (people|americans|adults|children|women|men|patients|deaths|cases)",
        r"will (be diagnosed|die|develop|affect)", r"are diagnosed", r"worldwide|weltweit", r"according to (the )?(national|american|world|centers|centres|u\.s\.|federal)",
        r"in the (united states|u\.s\.|us|uk|eu),? (alone|about|around|more|nearly|some|\d)", r"(is|are) (common|widespread|prevalent)",
        r"millionen menschen", r"erkranken (jedes|pro|jährlich)", r"(statistics|surveys?|estimates|figures|polls?) (show|indicate|suggest)",
        r"kill(s|ing)\b", r"median age at diagnosis", r"current(ly)? (available |on-the-market |approved )?(treatments?|therapies|therapy|options|drugs|medications|standard)",
        r"(is|are|has been|have been|remains?) (the |a )?(current )?(standard|mainstay|cornerstone|lifesaver)\b", r"(is|are) (typically|usually|commonly|routinely) (treated|used|given|recommended|prescribed)",
        r"routinely (recommended|used|given|prescribed)", r"(is|are) (widely )?(considered|regarded as) (one of|the|a)", r"(gilt|gelten) als",
    ),
    # Boilerplate: "About X: X is a …", "For more information visit …", mission statements, end markers.
    "boilerplate": _rx(
        r"about (the|us)\b[^.]{0,60}:", r"about [A-Z][\w&.-]*( [A-Z][\w&.-]*){0,6}\s*:",
        r"for more information", r"for further information", r"learn more", r"(please )?visit (us |our )?(at |www|http)",
        r"is (one of )?(the|a) (nation's|world's|country's)? ?(leading|largest|top|premier|foremost|renowned)",
        r"(is|are) ranked", r"our mission", r"mission is", r"non-?profit", r"founded in (19|20)\d\d", r"was established in",
        r"(employs|staff of|more than [\d,]+ (employees|staff|faculty|students))", r"follow us", r"copyright|©",
        r"weitere informationen", r"mehr (informationen|unter)", r"über (das|die|den|uns)\b[^.]{0,60}:", r"gehört zu den (führenden|größten)",
        r"(ist|sind) (eine?|der|die|das) (führende|größte)", r"beschäftigt (rund |über |mehr als )?\d",
        r"news release", r"media (contact|relations|inquiries)", r"press (contact|office)", r"pressekontakt", r"pressestelle",
    ),
    "attribution": _rx(
        r"led by", r"(lead|first|senior|corresponding|principal|co-?|study|last) (author|investigator)s?",
        r"(researchers?|scientists?|investigators?|team|group|doctors|physicians|experts?) (at|from|of|with|in|led)\b",
        r"(a|an) \w+ (researchers?|scientists?|professor|physician|team)", r"(professor|assistant professor|associate professor|director|chair|head) (of|at|in)\b",
        r"m\.d\.|md\b", r"ph\.\s?d\.|phd\b", r"dr\.\s", r"prof\.?\s", r"co-?authored|co-?authors?\b|authored by", r"et al\b",
        r"(professor|dr\.?|doctor) (?-i:[A-Z])", r"(research|study|work|analysis|team) (by|from|at|of) (the )?(?-i:[A-Z])", r"(department|division|school|faculty) of", r"researchers? (launched|conducted|studied|analy[sz]ed|examined|developed|created|designed|tested)", r"(created|developed|conducted|carried out|designed|invented|pioneered) by",
        r"\b(said|says|explains|explained|noted|adds|added)\b", r"according to (?-i:[A-Z])", r"forsch\w* (an|am|der|des|von)\b",
        r"(wissenschaftler|forscher|forschende)\w*(:innen)? (der|des|am|an|von|vom)\b", r"unter (der )?(leitung|federführung)",
        r"arbeitsgruppe|forschungsgruppe|research group|laboratory|\blab\b", r"erstautor\w*|letztautor\w*|studienleiter\w*",
        r"universit|institut|hospital|klinik|college|school of|center|centre|zentrum",
    ),
    "funding": _rx(
        r"fund(ed|ing|s)\b", r"(supported|financed|sponsored|paid for) (in part )?by", r"grants? (from|of|by|no)",
        r"\bgrants?\b", r"financial support", r"sponsor\w*", r"gefördert", r"förder\w*", r"finanziert", r"unterstützt (von|durch)",
        r"drittmittel", r"stiftung\w* (unterstützt|finanziert)",
    ),
    "publication": _rx(
        r"published (online )?(in|today|this week|on)\b", r"(appears?|appeared|reported|described) in (the )?(journal|issue|current)",
        r"(in|of) the journal", r"journal\b", r"(online|current|latest|recent) (issue|edition)", r"presented (\w+ ){0,4}(at|during)", r"(reported|unveiled|announced|shown) at (the )?[\w' ]{0,80}(conference|congress|meeting|symposium|forum|summit|sessions)",
        r"(in|of) (the )?([\w.,&-]+ ){0,6}(journal|proceedings)", r"in the ([\w.,]+ ){0,3}(issue|edition) of", r"(conference|congress|meeting|symposium|forum) (of|in|on)\b",
        r"annual (meeting|conference|congress)", r"doi\b", r"veröffentlicht", r"erschienen", r"fachzeitschrift|fachjournal|fachblatt",
        r"publiziert", r"vorgestellt (auf|beim|bei)",
    ),
    "method": _rx(
        rf"{_NUM} ([\w,-]+ ){{0,4}}(patients|participants|people|persons|adults|children|women|men|volunteers|subjects|mice|rats|animals|individuals|families|cases|hospitals|studies|trials|infants|babies|pregnancies|smokers|veterans|students|twins|samples|teilnehmende|patient\w*|probanden|personen|menschen|mäuse|ratten|frauen|männer|kinder)",
        r"(mean|median|average) age", r"(percent|%) (of them )?(were )?(male|female|women|men)\b",
        r"(enrolled|recruited|randomi[sz]ed|assigned|followed|tracked|surveyed|interviewed|analy[sz]ed|examined|studied|compared|measured|tested|screened|observed|reviewed|pooled)",
        r"(prospective|retrospective|randomi[sz]ed|controlled|double-blind|placebo|observational|cohort|case-control|cross-sectional|longitudinal|pilot|phase (i|ii|iii|iv|1|2|3|4)\b)",
        r"meta-?analys\w*", r"systematic review", r"(data|records) (from|of|on)", r"questionnaire|survey", r"in (mice|rats|animals|cell cultures?|the lab)",
        r"(untersucht|befragt|analysiert|verglichen|gemessen|ausgewertet|rekrutiert|randomisiert|begleitet|beobachtet|werteten|begleitete|befragten)\w*", r"(kohorte|metaanalyse|übersichtsarbeit|fragebogen|tierversuch|mäusen|ratten)\w*",
    ),
    "figure": _rx(
        _PERCENT, rf"{_NUM}[- ]?(fold|times|mal)\b", r"(hazard|odds|risk) ratio", r"relative risk", r"(doubled|tripled|halved|quadrupled)",
        r"(twice|three times|half) as", r"\w*fold\b", rf"{_NUM}\s*\S*\s*(versus|vs\.?|compared (with|to)) ([\w,-]+ ){{0,4}}{_NUM}", rf"averag\w* {_NUM}", rf"(from|von) {_NUM}\s*\S* (to|auf) {_NUM}", r"(median|mean|average)\b", r"durchschnittlich\w*",
        rf"{_NUM}\s*(months|years|weeks|days|monate|jahre|wochen|tage)\b (longer|shorter|more|less|länger|kürzer)",
        rf"(reduc|lower|increas|rais|cut|improv|decreas|drop|rose|fell|senk|steiger|erhöh|verringer|verbesser)\w* (\w+ ){{0,5}}by (about |around |approximately |nearly |almost |more than |up to )?{_NUMBER}\b",
        r"(um|by) (rund |etwa |fast |mehr als |bis zu )?\d[\d.,]*\s*(%|prozent|percent)",
    ),
    "meaning": _rx(
        r"(could|may|might|can|would) (\w+ ){0,2}(be used|help|lead|allow|enable|improve|change|benefit|influence|empower|provide|offer|open|pave|guide|inform|reduce|prevent|save|become|give|mean)",
        r"practice[- ]changing", r"(new|better|safer|more effective|cheaper|alternative|simple|easy) (options?|approach\w*|ways?|treatments?|therap\w+|targets?|tools?)",
        r"good news", r"should (be considered|provide|encourage|prompt|reassure)", r"incentive|reassur\w*|alleviat\w*",
        r"(implications?|important|significance) for", r"mean(s)? (that|for)", r"(patients|people|parents|doctors|clinicians|physicians|women|men|families|consumers|public) (should|can|could|may|need|might)",
        r"(doctors|clinicians|physicians|health care providers) (should|could|may|can)", r"(recommend|advise|urge|suggest)\w* (that|to|patients|people|doctors)",
        r"(clinical|everyday) practice", r"(treatment|care|therapy|prevention|screening|diagnosis) (options?|decisions?|strategies|guidelines)",
        r"(better|new|more effective|safer|cheaper) (treatment|therapy|therapies|drugs?|care|way|option|approach)", r"könnte\w*", r"(helfen|ermöglich)\w*",
        r"(patient|betroffene)\w* (können|sollten|könnten)", r"empfehl\w*", r"bedeutet",
    ),
    "risk": _rx(
        r"side[- ]effects?", r"adverse (events?|effects?|reactions?)", r"toxicit\w*|toxic\b", r"complications?", r"safety (concerns?|issues?|problems?|risks?|signals?)", r"(not|un)safe", r"well[- ]tolerated|tolerab\w*",
        r"withdr[ae]w\w*|dropped out|drop-?outs?", r"(is|are|was|were)(n't| not) (yet )?(known|clear|sure)", r"not (yet )?(known|clear) (whether|if|how|why)", r"too early",
        r"(did|does|do)(n't| not) (look at|examine|include|assess|measure|study|address|test)", r"no control (group|arm)|without a control|not include a control",
        r"conflicts? of interest|(served|serves) as (a )?(consultant|advisor|adviser)|received (\w+ )?(payment|compensation|fees|honoraria|grants?) from|disclos\w*",
        r"limitations?", r"(is|was|are|were) limited", r"caveat", r"cautio\w*", r"not without", r"(more|further|larger) (research|studies|trials|work) (is|are|will be)? ?(needed|required|necessary)",
        r"(cannot|can't|could not|does not|do not|did not) (prove|show|establish|determine|rule out|confirm)", r"causal\w*|cause and effect",
        r"(small|short|limited) (sample|number|study|trial|follow-up)", r"only (\d|a few|a small|one)", r"(harm|harms|harmful|risks) (of|to|from|associated)",
        r"drawbacks?|downsides?", r"nebenwirkung\w*", r"einschränkung\w*", r"vorsicht\w*", r"unerwünscht\w*", r"noch (nicht|unklar)", r"offen bleibt|bleibt offen", r"verträglich\w*",
    ),
    "availability": _rx(
        r"(is|are|will be|become|becomes|is not yet|are not yet|not yet|now|currently) (widely |commercially |publicly |freely )?(available|offered|approved|licensed|sold|marketed|covered)",
        r"(approved|cleared|authori[sz]ed) (by|for)", r"(fda|ema) (approv|clear)\w*", r"on the market", r"over[- ]the[- ]counter", r"(licen[cs]ed|approval|authori[sz]ation) (is|has been|was|in|for)", r"(download|order|buy|purchase)\w*",
        r"(free|free of charge|at no cost) (to|for|of)",
        r"(can|could) (now )?(receive|get|buy|use|order|access|ask for)", r"(insurance|medicare|medicaid|health plans?) (cover|pay)\w*", r"(cost|costs|price|priced) (of|about|around|\$|€)",
        r"clinics? (offer|use)\w*", r"(verfügbar|erhältlich|zugelassen|zulassung|auf dem markt|kassenleistung)\w*",
    ),
    "next": _rx(
        r"next (step|steps|phase|stage|study|trial|goal)", r"(plan|plans|planned|planning|intend|intends|aim|aims|hope|hopes|want|wants|hoping) to\b",
        r"(is|are|is now|are now|already) (underway|under way|ongoing|in progress|being (planned|tested|recruited|developed|conducted|prepared))",
        r"(currently|now) (recruiting|enrolling|testing|exploring|investigating|working|developing|conducting|planning|studying|seeking|designing|preparing|looking|running|validating|collecting|following)",
        r"will (now )?(next )?(be )?(test|study|investigate|explore|examine|evaluate|follow|expand|conduct|launch|begin|start|look|develop|assess|validate|continue|extend|run|recruit|enroll|analy[sz]e|compare|seek|work)",
        r"(further|future|larger|additional|follow-up|longer|more) (research|studies|study|trials?|work|investigation|evaluation)s? (is |are )?(will|would|should|could|need\w*|planned|to be|must|underway)",
        r"(is|are) (still )?needed to (confirm|determine|establish|test|see|understand|find out)", r"warrant\w*",
        r"in the (coming (months|years)|next (few )?(months|years))", r"(nächste|weitere|künftige|zukünftige|geplante)\w* (schritt|studie|untersuchung|phase|forschung)\w*",
        r"(planen|plant|wollen|möchten)\b", r"(läuft|laufen) (bereits|derzeit|gerade)", r"demnächst",
        r"(prüf|untersuch|erforsch|test|entwickel|arbeit|plan|rekrutier|such)\w* (\w+ )?(derzeit|gerade|aktuell|momentan|bereits)\b",
        r"(derzeit|aktuell|gerade) (wird|werden|läuft|laufen|prüf\w*|untersuch\w*|test\w*)", r"(are|is) (now )?(launching|launched|moving forward)", r"(has|have) (now )?(launched|begun|started)",
        r"(is|are|were) (now )?planning", r"(is|are) expected to (be )?(publish|complet|report|start|begin|finish)\w*",
    ),
    # The news set against earlier work ("Contrary to earlier reports, …") is still the news.
    "contrast": _rx(r"contrary to", r"unlike (earlier|previous|prior)", r"in contrast to", r"challeng\w* (the )?(previous|earlier|common|long-held)",
                    r"overturn\w*", r"im gegensatz zu", r"entgegen (früher|bisherig)\w*"),
    # "A previously unknown side effect" is new, whatever "previously" says.
    "novelty": _rx(r"(previously|hitherto|formerly) (un\w+|not (been )?(known|described|reported|recogni[sz]ed|seen))",
                   r"(bislang|bisher|zuvor) (kaum |nicht |wenig |noch nicht )?(unbekannt\w*|beschrieben\w*|erforscht\w*|bekannt\w*|untersucht\w*)",
                   r"(never|not) (before|previously) (been )?(seen|described|shown|reported|known)", r"erstmals|first time"),
    # A second or side result ("Researchers also found …") is not the headline.
    "addition": _rx(r"also\b", r"in addition", r"additionally", r"furthermore", r"moreover", r"as well\b", r"außerdem", r"zudem", r"ebenfalls", r"darüber hinaus"),
    "advice": _rx(r"\bshould\b", r"recommend\w*", r"advis\w*", r"talk (to|with) (your|their) (doctor|physician)", r"sollten", r"empfehl\w*", r"rat(en|et) "),
    "promotion": _rx(
        r"(leading|world-class|renowned|premier|top-ranked|award-winning|state-of-the-art|cutting-edge|internationally recognized)",
        r"(is|are) (proud|pleased|delighted)", r"(führend|renommiert|exzellent|spitzen)\w*",
    ),
    # "now"/"will" in a general or forecast sense: not a plan of this work.
    "general_future": _rx(r"until now", r"now known", r"(is|are) now (known|recogni[sz]ed|considered|thought|common|the)", r"will (be diagnosed|die|develop|affect|need|have|face|suffer|double|rise|increase)"),
}

_END_MARKER = re.compile(r"^\s*(#\s*){1,3}$|^\s*-\s*30\s*-\s*$|^\s*(ende|end)\s*$|^\s*\*{3}\s*$", re.IGNORECASE)

# A sentence whose subject points back needs the sentence it points to ("This limits …",
# "These findings …", "It was …", "The rate fell …" after the rate was introduced).
_POINTER = re.compile(r"^\s*[\"“„]?(this|these|that|those|it|its|they|their|such|both|he|she|his|her|dies\w*|diese\w*|es|sie|"
                      r"dabei|damit|dazu|deshalb|daher|dadurch|hierbei|hierfür|darüber|"
                      # "But don't rush out …", "And they …": the sentence continues the one before.
                      r"but|and|so|yet|or|nor|aber|und|doch|"
                      # "Of those who …", "Two-thirds of them …": a group named in an earlier sentence.
                      r"(?:of|among)\s+(?:those|them|these)|[\w-]+\s+of\s+(?:them|these|those)(?!\s+who))\b", re.IGNORECASE)
_DEFINITE = re.compile(r"^\s*[\"“„]?(the|der|die|das|den)\s+([\w-]+)(?:\s+([\w-]+))?", re.IGNORECASE)


# Never read for answers: headings, contact lines, links, footers ("About us" text), tables.
# Any other section that is not body (end matter, publication, funding) is read as notes, which
# answer only their own questions (the citation answers "where", the funding note "who paid").
UNREAD_SECTIONS = frozenset({*HEADLINE_SECTIONS, Section.CONTACT, Section.LINK, Section.FOOTER, Section.TABLE})


_SELF_EXPLAINING = frozenset(
    "study research researchers scientists team authors investigators trial analysis review findings results "
    "new latest current present studie forschende forscher wissenschaftler ergebnisse".split()
)


@dataclass(frozen=True, slots=True)
class Read:
    """One sentence and what it does: how many cues of each role it matches.

    `end_matter` marks notes after an end marker ("###") or in an end-matter section: they may
    say who paid or where it was published, never what the news is
    or who did the work: co-author lists and "to speak with the lead author" lines live there.
    """

    sentence: Aligned
    position: int
    strength: dict[str, int]
    quoted: bool
    end_matter: bool

    def of(self, role: str) -> int:
        return self.strength.get(role, 0)

    def has(self, *roles: str) -> bool:
        return any(self.strength.get(r, 0) for r in roles)

    @property
    def background(self) -> bool:
        """Earlier work, context figures or general statements about the future: not this work's news."""
        if (self.has("contrast") and self.has("result")) or self.has("novelty"):
            return self.has("context")
        return self.has("earlier", "context") or (self.has("general_future") and not self.has("next"))


def strengths(text: str) -> dict[str, int]:
    out = {}
    for name, patterns in CUES.items():
        hits = sum(1 for p in patterns if p.search(text))
        if hits:
            out[name] = hits
    return out


def names_who(text: str) -> bool:
    """The text says who did the work (a team, an institution, a study by someone), not just
    "the researchers"."""
    return strengths(text).get("attribution", 0) >= 2


def read(sentences: Sequence[Aligned], quoted: Iterable[str] = ()) -> list[Read]:
    """Sentences of the message and its notes with their roles; boilerplate left out.

    Everything after an end marker ("###", "-30-") is end matter, even where the reading stages
    left it labelled as body. Footers, "About us" text and contact lines are not read at all.
    """
    quoted_ids = set(quoted)
    out: list[Read] = []
    ended = False
    for position, sentence in enumerate(sentences):
        if _END_MARKER.match(sentence.en) or _END_MARKER.match(sentence.de):
            ended = True
            continue
        section = sentence.section
        if section in UNREAD_SECTIONS:
            continue
        text = sentence.en if sentence.de == sentence.en else f"{sentence.en} {sentence.de}"
        strength = strengths(text)
        if "boilerplate" in strength or not re.search(r"[A-Za-zÄÖÜäöüß]{3}", text):
            continue
        out.append(Read(sentence, position, strength, sentence.id in quoted_ids, ended or section != Section.BODY))
    return out


def opens_with_pointer(sentence: Aligned) -> bool:
    return _POINTER.match(sentence.en) is not None or _POINTER.match(sentence.de) is not None


def points_back(sentence: Aligned, earlier: Sequence[Aligned], kept: Sequence[Aligned], title: str = "") -> bool:
    """True when the sentence's subject refers to an earlier sentence that is not kept.

    A pronoun subject ("This …", "It …") always points back unless the sentence right before it
    is kept. A definite subject ("The rate …") points back when its noun was introduced in an
    earlier sentence that is not kept and the kept lines and title do not mention it.
    """
    text = sentence.en
    if opens_with_pointer(sentence):
        return not (earlier and kept and earlier[-1].id == kept[-1].id)
    definite = _DEFINITE.match(text)
    if not definite:
        return False
    nouns = [w.lower() for w in definite.groups()[1:] if w and len(w) > 2]
    # "The researchers …", "The study …" are clear in any summary of a study.
    if not nouns or nouns[0] in _SELF_EXPLAINING:
        return False
    noun = nouns[0]
    stem = noun.removesuffix("s")
    def mentions(s: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(stem)}", s, re.IGNORECASE) is not None
    introduced = any(mentions(s.en) for s in earlier)
    resolved = mentions(title) or any(mentions(s.en) for s in kept)
    return introduced and not resolved


_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{4,}")
_STOP = frozenset(
    "that this have been were will into than their them they also which what when where about after "
    "before more most over such only other some these those with from study studies research researchers "
    "new finds shows says could may might".split()
)


def content_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text)) - _STOP


def title_words(sentences: Sequence[Aligned]) -> frozenset[str]:
    """Words of the title and headings; without a recognised title, the release's first line if it reads like one."""
    headline = " ".join(s.en for s in sentences if s.section in HEADLINE_SECTIONS)
    if not any(s.section == Section.TITLE for s in sentences) and sentences:
        first = sentences[0].en.strip()
        if len(first.split()) <= 25 and not first.endswith((".", ":")):
            headline = f"{first} {headline}"
    return content_words(headline)


def news_score(read: Read, rank: int, title: frozenset[str]) -> float:
    """How well a sentence states the release's news: a result of this work, early, on the title's subject.

    Background and earlier work score nothing; quotes and caveats less than a plain statement.
    """
    if read.background or read.end_matter:
        return 0.0
    overlap = len(content_words(read.sentence.en) & title) / (len(title) ** 0.5 or 1.0)
    lead = 2.0 / (1 + rank) ** 0.7
    pointer = _POINTER.match(read.sentence.en) is not None
    return (min(read.of("result"), 2) + lead + 2 * overlap - 1.0 * read.quoted - 0.5 * read.has("addition") - 1.0 * pointer
            - 0.5 * read.has("risk") - 0.5 * read.has("funding", "publication") - 1.0 * read.has("next"))
