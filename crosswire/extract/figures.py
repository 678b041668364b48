"""Counts of people: value, qualifier, category, group, credited source and time window."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from crosswire.data_files import casualty_terms, known_names, normalise_name, people_nouns
from crosswire.extract import text_of
from crosswire.extract.dates import looks_like_date, resolve
from crosswire.extract.numbers import NumberExpr, find_numbers
from crosswire.extract.speakers import SpeakerResolver, noun_phrase, person_like, subject_of
from crosswire.extract.syntax import clause_verb
from crosswire.model import CASUALTY_CATEGORIES, Figure, Quote
from crosswire.registry import Context, register

_UNIT_AFTER = re.compile(
    r"^\s*(?:sq\b|square|km\b|kilomet|miles?\b|metres?\b|meters?\b|kg\b|tons?\b|tonnes?\b|"
    r"dollars?\b|euros?\b|years?\b|days?\b|hours?\b|minutes?\b|weeks?\b|months?\b|"
    r"times\b|th\b|st\b|nd\b|rd\b|-(?:year|day|strong|month|week|km|mile))",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"[$€£]\s*$|\b(?:USD|EUR|GBP|US\$)\s*$")
_POPULATION_VERBS = {"live", "number", "represent", "boast", "inhabit", "comprise", "account"}
_POPULATION_NOUNS = {"population", "resident", "inhabitant"}
_FIGHTER_WORDS = {
    "armed",
    "militia",
    "militiaman",
    "fighter",
    "militant",
    "gunman",
    "insurgent",
    "rebel",
    "combatant",
    "jihadist",
}
_FORCE_WORDS = {
    "soldier",
    "troop",
    "force",
    "army",
    "regime",
    "police",
    "policeman",
    "officer",
    "security",
    "military",
    "government",
}
_SOURCE_CUES = {
    "report",
    "say",
    "estimate",
    "claim",
    "document",
    "confirm",
    "announce",
    "tell",
    "count",
    "record",
    "put",
    "state",
    "add",
    "note",
    "according",
    "accord",
}
_HISTORY_YEARS = 2
_LEADING_NP = re.compile(r"^(?:(?:the|a|an)\s+)?(?:[\w-]+-based\s+)?", re.IGNORECASE)


def _number_head(doc: Doc, n: NumberExpr) -> Token | None:
    """The last token of the number itself ('1,000' in 'over 1,000')."""
    span = doc.char_span(n.num_start, n.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    toks = [
        t
        for t in span
        if t.like_num
        or t.lower_ in {"thousands", "hundreds", "dozens", "millions", "scores", "dozen", "several"}
    ]
    return toks[-1] if toks else span[-1]


_VAGUE_HEADS = {"dozens", "hundreds", "thousands", "millions", "scores", "dozen", "tens", "several"}


def _counted_noun(num: Token) -> Token:
    """The noun a number counts: its head for '973 civilians', itself for 'thousands'."""
    if num.dep_ in {"nummod", "quantmod"} and num.head.pos_ in {"NOUN", "PROPN"}:
        return num.head
    if num.dep_ == "amod" and num.lower_ in _VAGUE_HEADS and num.head.pos_ == "NOUN":
        return num.head  # "several attackers"
    if num.head.like_num and num.head.dep_ == "nummod" and num.head.head.pos_ in {"NOUN", "PROPN"}:
        return num.head.head
    if num.lower_ in _VAGUE_HEADS:
        # "dozens of militia fighters", "hundreds of families": the people are after "of".
        for prep in (c for c in num.children if c.dep_ == "prep" and c.lower_ == "of"):
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in {"NOUN", "PROPN"}:
                return pobj
    return num


def _people_group(noun: Token, known_groups: set[str]) -> str | None:
    """The group a counted noun names, or None when it does not count people."""
    # Clauses hanging off the noun say what happened, not who: "people abducted by gunmen".
    clauses = {t.i for c in noun.children if c.dep_ in {"acl", "relcl", "advcl"} for t in c.subtree}
    words = [
        t
        for t in noun.subtree
        if t.i not in clauses
        and (t.i <= noun.i or t.dep_ in {"prep", "pobj", "compound", "amod", "conj", "cc"})
    ]
    lemmas = {t.lemma_.lower() for t in words}
    of_words = {t.lemma_.lower() for c in noun.children if c.dep_ == "prep" for t in c.subtree}
    lem = noun.lemma_.lower()
    groups = [
        t.text
        for t in words
        if normalise_name(t.text) in known_groups
        and t.ent_type_ in {"NORP", "GPE", "PERSON", "ORG", ""}
    ]
    is_people = (
        lem in people_nouns()
        or (_term_category(noun) not in {None, "population", "other"} and noun.pos_ == "NOUN")
        or normalise_name(noun.text) in known_groups
        or bool(groups and noun.like_num)
        or noun.ent_type_ == "NORP"
    )
    if not is_people:
        return None
    if lemmas & _FIGHTER_WORDS:
        return "fighters"
    if lem in {"civilian"} or "civilian" in lemmas or "unarmed" in lemmas:
        return "civilians"
    if lemmas & _FORCE_WORDS or (lem == "member" and of_words & _FORCE_WORDS):
        return "security forces"
    if lem in people_nouns() and people_nouns()[lem] not in {"unspecified"}:
        return people_nouns()[lem]
    if groups:
        seen: list[str] = []
        for g in groups:
            k = known_names().get(normalise_name(g))
            name = k.canonical if k else g
            if name not in seen:
                seen.append(name)
        return " and ".join(seen)
    return "unspecified"


def _term_category(tok: Token) -> str | None:
    terms = casualty_terms()
    return terms.get(tok.lemma_.lower()) or terms.get(tok.lower_)


def _category(noun: Token, num: Token) -> tuple[str | None, Token | None]:
    """The category from the governing verb or noun, in either voice; (None, None) if none."""
    own = _term_category(noun)
    if own and own not in {"population"} and noun.i != num.i:
        return own, noun
    for child in noun.children:  # "150 wounded people", "the displaced families"
        if child.dep_ in {"amod", "acl", "compound"} and child.i != num.i:
            cat = _term_category(child)
            if cat and cat not in {"population", "other"}:
                return cat, child
    tok = noun
    for _ in range(5):
        # Climb out of conjunctions first: "250 militia men and 973 civilians have been killed".
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        head = tok.head
        if head.i == tok.i:
            break
        cat = _term_category(head)
        if cat:
            return cat, head
        if head.pos_ in {"NOUN", "PROPN"}:
            # "the numbers of casualties, estimated to have reached almost 1,000"
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                    cat = _term_category(pobj)
                    if cat and cat != "population":
                        return cat, pobj
        if head.pos_ in {"VERB", "AUX"} and drives_from_home(head):
            return "displaced", head
        if head.pos_ in {"VERB", "AUX"}:
            for child in head.children:
                if child.i == tok.i or child.dep_ not in {
                    "dobj",
                    "acomp",
                    "attr",
                    "nsubj",
                    "conj",
                    "oprd",
                    "xcomp",
                }:
                    continue
                cat = _term_category(child)
                if cat and cat != "population" and child.pos_ != "PROPN":
                    return cat, child
        tok = head
        if tok.dep_ in {"ROOT", "ccomp", "parataxis"} and tok.pos_ in {"VERB", "AUX"}:
            break
    return None, None


_HOME_WORDS = {"home", "house", "village", "town", "city", "land", "neighbourhood", "neighborhood"}
_DRIVE_VERBS = {"force", "drive", "push", "chase", "expel", "uproot", "evict", "flee", "run"}


def drives_from_home(verb: Token) -> bool:
    """'forced thousands from their homes': a verb of driving out with 'from' a home."""
    if verb.lemma_.lower() not in _DRIVE_VERBS:
        return False
    return any(
        c.dep_ == "prep"
        and c.lower_ in {"from", "out"}
        and any(g.lemma_.lower() in _HOME_WORDS for g in c.subtree)
        for c in verb.children
    )


def _population(noun: Token) -> bool:
    lem = noun.lemma_.lower()
    if lem in _POPULATION_NOUNS:
        return True
    tok = noun
    for _ in range(3):
        head = tok.head
        if head.i == tok.i:
            break
        if head.lemma_.lower() in _POPULATION_VERBS or head.lemma_.lower() in _POPULATION_NOUNS:
            return True
        if head.lemma_ == "make" and any(c.lower_ == "up" for c in head.children):
            return True
        if head.lemma_ == "be" and any(c.dep_ == "expl" for c in head.children):
            return True
        tok = head
    return False


def clean_source(text: str) -> str:
    name = _LEADING_NP.sub("", text.strip()).strip(" ,")
    name = re.sub(r"\s*\([A-Z]{2,6}\)$", "", name)  # "Northern Rights Monitor (NRM)"
    known = known_names().get(normalise_name(name))
    if known is not None and known.type in {"organization", "person"}:
        return known.canonical
    return name


def acronyms_in(doc: Doc) -> dict[str, str]:
    """Acronyms the document defines or whose initials spell one of its organisations."""
    out: dict[str, str] = {}
    for m in re.finditer(
        r"([A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|of|for|and|the|al-\w+))+)\s*"
        r"\(([A-Z]{2,6})\)",
        text_of(doc),
    ):
        out[m.group(2)] = m.group(1)
    ents = doc.ents  # built anew on every access: read once
    orgs = [e.text for e in ents if e.label_ == "ORG" and " " in e.text]
    for e in ents:
        if e.label_ == "ORG" and re.fullmatch(r"[A-Z]{2,6}", e.text) and e.text not in out:
            for org in orgs:
                caps = "".join(w[0] for w in _LEADING_NP.sub("", org).split() if w[0].isupper())
                if caps == e.text:
                    out[e.text] = _LEADING_NP.sub("", org)
                    break
    return out


def _source(
    sent: Span,
    noun: Token,
    resolver: SpeakerResolver,
    acronyms: dict[str, str],
    quotes: list[Quote],
    start: int,
) -> str | None:
    """Who the sentence credits with the figure; None when the outlet says it itself."""
    for q in quotes:
        if q.kind == "direct" and q.start <= start < q.end and not q.scare:
            return q.speaker
    # The reporting verb that governs the figure's clause wins over others in the sentence.
    tok = noun
    for _ in range(8):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        credited = _credited_by(tok, noun, resolver, acronyms)
        if credited:
            return credited
    m = re.search(r"\b[Aa]ccording to (?:the )?([^,.;]{2,80}?)(?:,|\.|;|$)", sent.text)
    if m:
        return expand_source(m.group(1), acronyms)
    ancestors = {a.i for a in noun.ancestors}
    for tok in sent:
        if tok.dep_ == "conj" and tok.head.i in ancestors and noun not in tok.subtree:
            continue  # "thousands sheltered, and the agency said 5,000 fled": another clause
        if noun not in tok.subtree or tok.i > noun.i:
            credited = _credited_by(tok, noun, resolver, acronyms)
            if credited:
                return credited
    return None


def _credited_by(
    tok: Token, noun: Token, resolver: SpeakerResolver, acronyms: dict[str, str]
) -> str | None:
    """The party a reporting verb names: its agent when passive, else its subject."""
    if tok.lemma_.lower() not in _SOURCE_CUES or tok.pos_ != "VERB":
        return None
    if tok.lemma_ == "put" and any(c.dep_ == "prt" for c in tok.children):
        return None  # "to put down an uprising" credits nobody
    if tok.tag_ == "VBN":
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
        if pobj is not None:
            return expand_source(noun_phrase(pobj).text, acronyms)
    subj, _via = subject_of(tok)
    if subj is not None and subj.lower_ == "it" and subj.dep_ == "nsubj":
        # "Some 130 people were injured, it said": the organisation named before.
        name = resolver.organisation_before(subj.idx)
        return expand_source(name, acronyms) if name else None
    if subj is None or subj.lower_ in {"it", "there"} or noun in subj.subtree:
        return None
    if subj.i >= noun.i and tok.i < noun.i:
        return None
    speaker, _person = resolver.resolve(noun_phrase(subj))
    return expand_source(speaker, acronyms)


def expand_source(name: str, acronyms: dict[str, str]) -> str:
    bare = _LEADING_NP.sub("", name.strip())
    if bare in acronyms:
        return clean_source(acronyms[bare])
    return clean_source(name)


def _event_verbs(noun: Token) -> list[Token]:
    """The figure's verb and the clauses above it, stopping at a reporting verb.

    A date on "said" says when it was said, not what period was counted.
    """
    verbs: list[Token] = []
    verb = clause_verb(noun)
    while verb is not None and len(verbs) < 4:
        if verb.lemma_.lower() in _SOURCE_CUES and verb.i not in {v.i for v in verbs}:
            break
        verbs.append(verb)
        if verb.head.i == verb.i or verb.dep_ in {"ccomp", "parataxis"}:
            break
        verb = clause_verb(verb.head)
    return verbs


def _under_other_count(tok: Token, num: Token) -> bool:
    """Whether a date hangs off another number on its way up to its verb."""
    for _ in range(6):
        if tok.head.i == tok.i or tok.pos_ in {"VERB", "AUX"}:
            return False
        tok = tok.head
        if tok.i == num.i:
            return False
        if tok.like_num and tok.ent_type_ not in {"DATE", "TIME"}:
            return True
    return False


def _opens_period(before: str, after: str) -> bool:
    """'since March 6', 'from May 2': a period that starts then. 'the toll from Tuesday's
    strike' names an event, not the start of a period."""
    if after[:2] in {"'s", "’s"} or re.search(r"['’]s$", after):
        return False
    return bool(re.search(r"\b(since|from)\s+(the\s+)?$", before))


def _time_window(
    noun: Token, num: Token, published: str | None, doc_year: int | None
) -> tuple[str | None, str | None, str | None, bool]:
    """(since, until, the words that say so, historical) from the figure's own clause.

    Only dates attached to the counted noun or to the verbs of its clause count: in "thousands
    fled, and dozens were killed since Saturday" the fleeing has no start date.
    """
    sent = num.sent
    own = {t.i for t in noun.subtree} | {t.i for t in num.subtree}
    verbs = _event_verbs(noun)
    rank = {v.i: n for n, v in enumerate(verbs)}
    # "Since the offensive began on October 2, 4,500 people have fled": the clause that opens
    # with "since" dates the start of the period.
    opens = {
        c.i
        for v in verbs
        for c in v.children
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children)
    }
    rank.update({i: len(verbs) for i in opens})
    best: tuple[int, Span] | None = None
    for ent in sent.ents:
        if (
            ent.label_ != "DATE"
            or not looks_like_date(ent.text)
            or num.i in range(ent.start, ent.end)
        ):
            continue
        if _under_other_count(ent.root, num):
            continue  # "12,000 now, up from 6,000 in May": May dates the other count
        if ent.root.i in own:
            score = -1
        else:
            verb = clause_verb(ent.root)
            if verb is None or verb.i not in rank:
                continue
            score = rank[verb.i]
        if best is None or score < best[0]:
            best = (score, ent)
    if best is None:
        return None, None, None, False
    ent = best[1]
    before = text_of(sent.doc)[max(sent.start_char, ent.start_char - 12) : ent.start_char].lower()
    r = resolve(ent.text, published)
    if r.value is None:
        # "since March 6th" in an undated report: no year to resolve it to, but the words
        # still say the count runs over an open period.
        opens_period = _opens_period(before, text_of(sent.doc)[ent.end_char : ent.end_char + 2])
        return None, None, (f"since {ent.text}" if opens_period else ent.text), False
    year = int(r.value[:4]) if r.value[:4].isdigit() else None
    verb = clause_verb(ent.root)
    after = text_of(sent.doc)[ent.end_char : ent.end_char + 2]
    if _opens_period(before, after) or (verb is not None and verb.i in opens):
        # An open period runs to the report's day: never historical.
        return r.value, None, f"since {ent.text}", False
    if re.search(r"\b(until|by|through)\s+$", before):
        return None, r.value, f"until {ent.text}", False
    historical = bool(year and doc_year and year <= doc_year - _HISTORY_YEARS)
    return r.value, r.value, ent.text, historical


def _doc_year(doc: Doc, published: str | None) -> int | None:
    """The publication year, else the latest year the report mentions (a lower bound)."""
    if published and published[:4].isdigit():
        return int(published[:4])
    years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", text_of(doc))]
    return max(years) if years else None


def figures_in(
    doc: Doc,
    published: str | None,
    quotes: list[Quote],
    resolver: SpeakerResolver | None = None,
) -> list[Figure]:
    """Every count of people in a parsed document."""
    known_groups = {k for k, v in known_names().items() if v.type == "group"}
    if resolver is None:
        resolver = SpeakerResolver(doc)
    for q in quotes:
        # Who was quoted is who "she said" can refer to, even where the parser found no subject.
        if q.speaker and not q.scare:
            resolver.add(q.start, q.speaker, person_like(q.speaker))
    acronyms = acronyms_in(doc)
    year = _doc_year(doc, published)
    out: list[Figure] = []
    text = text_of(doc)
    for n in find_numbers(text):
        if _UNIT_AFTER.match(text[n.end : n.end + 12]) or _CURRENCY_BEFORE.search(
            text[max(0, n.start - 5) : n.start]
        ):
            continue
        num = _number_head(doc, n)
        # QUANTITY is left in: the tagger gives it to "between 2,000 and 3,000 villagers"; real
        # measures are caught by the unit that follows them.
        if num is None or num.ent_type_ in {"TIME", "MONEY", "ORDINAL"}:
            continue
        # "at least 1987 civilians" is a count the tagger may read as a year; a qualifier says so.
        if num.ent_type_ == "DATE" and n.qualifier == "exact" and looks_like_date(_ent_text(num)):
            continue
        noun = _counted_noun(num)
        if noun.i == num.i and num.i + 1 < len(doc):
            nxt = doc[num.i + 1]
            if nxt.pos_ == "NOUN":
                noun = nxt  # "between 2,000 and 6,000 people" parsed as coordination
            elif nxt.tag_ in {"VBN", "JJ"} and _term_category(nxt) not in {None, "population"}:
                noun = nxt  # "between 60 and 70 wounded", "12 dead": the state names the people
        lo, hi = sorted((num.idx, noun.idx))
        if "\n" in text[lo:hi]:
            noun = num  # a heading's number ("Report 2") never counts the next line's noun
        group = _people_group(noun, known_groups)
        category, _term = _category(noun, num)
        if noun.tag_ in {"VBN", "JJ"} and noun.i == num.i + 1:
            group = group or "unspecified"
        if group == "residents" and category in CASUALTY_CATEGORIES:
            group = "civilians"  # villagers or residents killed, hurt or taken are civilians
        if n.percent:
            if not _population(noun) and "population" not in noun.sent.text.lower():
                continue
            category, group = "population", group or _percent_group(noun, known_groups)
        elif group is None:
            # A bare number ("reached almost 1,000") counts people only next to a casualty word.
            if (
                noun.i != num.i
                or category is None
                or num.dep_ not in {"dobj", "nsubj", "nsubjpass", "pobj", "attr", "appos"}
                or (
                    n.value is not None
                    and 1900 <= n.value <= 2100
                    and "," not in text[n.num_start : n.end]
                )
            ):
                continue
            group = "unspecified"
        if category is None:
            category = "population" if _population(noun) else "other"
        elif (
            category in {"population"}
            and not _population(noun)
            and noun.lemma_ not in {"resident", "inhabitant"}
        ):
            category = "other"
        sent = num.sent
        since, until, time_text, historical = _time_window(noun, num, published, year)
        source = _source(sent, noun, resolver, acronyms, quotes, n.start)
        span_end = n.end
        if noun.i != num.i and noun.idx + len(noun.text) > span_end and noun.idx - n.end < 60:
            span_end = noun.idx + len(noun.text)
        out.append(
            Figure(
                start=n.start,
                end=span_end,
                text=text[n.start : span_end],
                category=category,
                group=group,
                value=n.value,
                high=n.high,
                qualifier=n.qualifier,
                unit="percent" if n.percent else "people",
                vague_word=n.vague_word,
                source=source,
                since=since,
                until=until,
                time_text=time_text,
                historical=historical,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
            )
        )
    return out


def _ent_text(tok: Token) -> str:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent.text
    return tok.text


def _percent_group(noun: Token, known_groups: set[str]) -> str:
    for tok in noun.sent:
        if normalise_name(tok.text) in known_groups:
            k = known_names().get(normalise_name(tok.text))
            return k.canonical if k else tok.text
    return "unspecified"


class FigureExtractor:
    name = "figures.v1"
    requires = ("parse", "quotes", "dates")
    provides = ("figures",)

    def __call__(self, ctx: Context) -> Context:
        resolver = SpeakerResolver.shared(ctx)
        found = figures_in(ctx.parsed, ctx.document.published, ctx.found.quotes, resolver)
        ctx.found.figures.extend(found)
        return ctx


@register("figures.v1")
def make_figures() -> FigureExtractor:
    return FigureExtractor()
