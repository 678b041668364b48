"""Events: one record per reported act, with who acted, against whom, where, when, and its toll.

A trigger word from the shipped lexicon (killed, the arrest, shelling, fled, protest...) opens an
event; the parse gives its roles in either voice ("soldiers killed 1,000 members" and "973
civilians have been killed by ..."), the entity and date extractors give its place and time, and
the figures in its clause give its toll. The event keeps whose words report it, and whether the
sentence denies it or only calls for it, so nothing is asserted that the source did not say.
"""

from __future__ import annotations

import json
import re

from spacy.tokens import Doc, Span, Token

from crosswire.data_files import Trigger, event_triggers
from crosswire.extract import text_of
from crosswire.extract.figures import acronyms_in, drives_from_home, expand_source
from crosswire.extract.speakers import PRONOUNS, SpeakerResolver, is_cue, noun_phrase, subject_of
from crosswire.extract.syntax import clause_verb
from crosswire.model import DateMention, Event, Figure, Mention, Quote
from crosswire.registry import Context, register

# Verbs under which an act is asked for, threatened or planned rather than reported as done.
_NOT_DONE = {
    "call",
    "urge",
    "ask",
    "appeal",
    "demand",
    "plead",
    "beg",
    "threaten",
    "plan",
    "want",
    "vow",
    "promise",
    "warn",
    "seek",
    "refuse",
}
_MODALS = {"could", "would", "might", "may", "will", "should", "can", "must"}
_DENIALS = {"deny", "reject", "refute", "dismiss"}
# Figure categories that can count an event of each kind.
_TOLLS = {
    "violence": {"killed", "injured", "detained", "missing"},
    "remote violence": {"killed", "injured"},
    "battle": {"killed", "injured", "displaced", "detained", "missing"},
    "detention": {"detained", "released", "missing"},
    "displacement": {"displaced"},
    "protest": {"killed", "injured", "detained", "other"},
    "policy": {"other", "released"},
}
_CIVILIAN_WORDS = {
    "civilian",
    "child",
    "woman",
    "resident",
    "villager",
    "family",
    "worker",
    "journalist",
    "patient",
    "market",
    "hospital",
    "school",
    "village",
    "home",
    "house",
}
_ARMED_WORDS = {
    "soldier",
    "troop",
    "force",
    "army",
    "fighter",
    "militia",
    "militiaman",
    "militant",
    "gunman",
    "rebel",
    "insurgent",
    "police",
    "officer",
    "jihadist",
    "regime",
}
_CLAUSE_CHILDREN = {"relcl", "acl", "advcl", "appos", "punct", "ccomp", "parataxis"}


def _trigger(tok: Token) -> Trigger | None:
    t = event_triggers().get(tok.lemma_.lower()) or event_triggers().get(tok.lower_)
    is_verb, is_noun = tok.pos_ == "VERB", tok.pos_ in {"NOUN", "PROPN"}
    if t is None and is_verb and drives_from_home(tok):
        return Trigger("displacement", None, "verb")  # "forced thousands from their homes"
    if t is None or not (is_verb or is_noun):
        return None
    if (t.pos == "verb" and not is_verb) or (t.pos == "noun" and not is_noun):
        return None
    if tok.lemma_.lower() == "strike" and not _attack_strike(tok):
        return None  # a workers' strike is not an air strike
    if tok.lemma_.lower() == "refuge" and tok.head.lemma_.lower() not in {"take", "seek", "find"}:
        return None
    return t


def _attack_strike(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in {"on", "against"}:
            return True
        if c.dep_ in {"compound", "amod"} and c.lemma_.lower() in {
            "air",
            "drone",
            "missile",
            "rocket",
            "artillery",
            "israeli",
            "russian",
        }:
            return True
        if c.dep_ == "poss":
            return True
    return False


def _np(tok: Token) -> str:
    """A noun phrase's words less the clauses hanging off it ('people abducted by ...')."""
    drop = {t.i for c in tok.children if c.dep_ in _CLAUSE_CHILDREN for t in c.subtree}
    # "militia gunmen in Dalsk": where they were is the event's place, not part of who.
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in {"in", "at", "near"}:
            obj = _child(c, "pobj")
            if obj is not None and obj.ent_type_ in {"GPE", "LOC", "FAC"}:
                drop |= {t.i for t in c.subtree}
    toks = [t for t in tok.subtree if t.i not in drop]
    while toks and (toks[0].is_punct or toks[0].dep_ == "cc"):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    if not toks:
        return tok.text
    doc = tok.doc
    return text_of(doc)[toks[0].idx : toks[-1].idx + len(toks[-1].text)]


def _party(tok: Token | None, resolver: SpeakerResolver) -> str | None:
    if tok is None:
        return None
    if tok.lower_ in PRONOUNS | {"it"}:
        name, _person = resolver.resolve(noun_phrase(tok))
        return None if name.lower() in PRONOUNS | {"it"} else name
    if tok.tag_ in {"WP", "WDT"}:
        return _np(tok.head.head) if tok.head.dep_ == "relcl" else None
    return _np(tok)


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _pobj(tok: Token, *preps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in {"prep", "agent"} and c.lower_ in preps:
            obj = _child(c, "pobj")
            if obj is not None:
                return obj
    return None


def _roles(tok: Token, kind: str) -> tuple[Token | None, Token | None]:
    """(actor, target) tokens for a trigger, in either voice."""
    if tok.pos_ == "VERB":
        agent = _pobj(tok, "by")
        passive = _child(tok, "nsubjpass")
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            return agent, tok.head  # "people abducted by gunmen"
        if tok.i > 0 and tok.doc[tok.i - 1].like_num and tok.tag_ in {"VBN", "JJ"}:
            return None, tok.doc[tok.i - 1]  # "between 60 and 70 wounded"
        if passive is not None:
            return agent, passive
        subj = _child(tok, "nsubj")
        if subj is None and tok.dep_ in {"conj", "xcomp"}:
            # "forces stormed the village and killed ...": a shared subject. Not for "when"
            # clauses: "He was referring to the massacre when forces killed ..."
            subj = _child(tok.head, "nsubj")
        obj = _child(tok, "dobj")
        if obj is None:
            # "killed between 2,000 and 3,000 villagers": the count sits in a preposition
            obj = next(
                (
                    g
                    for c in tok.children
                    if c.dep_ == "prep" and c.lower_ in {"between", "over", "about", "around"}
                    for g in c.children
                    if g.dep_ == "pobj" and (g.like_num or any(x.like_num for x in g.children))
                ),
                None,
            )
            if obj is not None and obj.head.dep_ == "prep":
                obj = obj.head  # keep "between" in the phrase
        if tok.lemma_.lower() in {"flee", "escape"}:
            return None, subj  # "4,500 people fled Tarvin": Tarvin is where from, not a victim
        if kind in {"displacement"} and obj is None:
            return agent, subj  # "4,500 people fled": the displaced are who it happened to
        if kind in {"battle"} and obj is None:
            return subj, _pobj(tok, "with", "against")
        return subj, obj
    # A noun: "the arrest of 2,000 people", "Tuesday's strike on the market", "fighting between
    # the army and the VLF", "took refuge at the airbase".
    if tok.lemma_.lower() == "refuge":
        return None, _child(tok.head, "nsubj")
    poss = _child(tok, "poss")
    actor = _pobj(tok, "by")
    if actor is None and poss is not None and poss.ent_type_ not in {"DATE", "TIME"}:
        actor = poss
    if actor is None:
        actor = _pobj(tok, "between")
    if actor is None:
        named = [c for c in tok.children if c.dep_ in {"compound", "amod"} and c.ent_type_]
        actor = named[0] if named and named[0].ent_type_ in {"NORP", "ORG", "GPE"} else None
    target = _pobj(tok, "of", "on", "against")
    return actor, target


def _acled_type(trigger: Trigger, actor: str | None, target: str | None) -> str | None:
    if trigger.acled_type is not None:
        return trigger.acled_type
    if trigger.kind != "violence":
        return None
    words = {w.rstrip("s") for w in re.findall(r"[a-z]+", (target or "").lower())}
    actor_words = {w.rstrip("s") for w in re.findall(r"[a-z]+", (actor or "").lower())}
    if words & _CIVILIAN_WORDS:
        return "Violence against civilians"
    if words & _ARMED_WORDS and actor_words & _ARMED_WORDS:
        return "Battles"
    return None  # the sentence does not say who was hit: no type is guessed


def _flags(tok: Token) -> tuple[bool, bool]:
    """(negated, hypothetical) from the trigger's own words and the verbs above it."""
    negated = any(c.dep_ == "neg" for c in tok.children)
    hypothetical = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in tok.children)
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in tok.children):
        hypothetical = True
    node = tok
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        lemma = node.lemma_.lower()
        if lemma in _DENIALS:
            negated = True
        if lemma in _NOT_DONE:
            hypothetical = True
        if is_cue(node):
            break
    return negated, hypothetical


def _reported_by(
    tok: Token, quotes: list[Quote], resolver: SpeakerResolver, acronyms: dict[str, str]
) -> str | None:
    for q in quotes:
        if q.start <= tok.idx < q.end and not q.scare:
            return expand_source(q.speaker, acronyms) if q.speaker else None
    node = tok
    for _ in range(6):
        if node.head.i == node.i:
            break
        node = node.head
        if is_cue(node):
            subj, _via = subject_of(node)
            if subj is not None and node.lemma_.lower() not in _DENIALS:
                if subj.lower_ == "it":
                    name = resolver.organisation_before(subj.idx)
                    return expand_source(name, acronyms) if name else None
                name, _person = resolver.resolve(noun_phrase(subj))
                return expand_source(name, acronyms)
            break
    m = re.search(r"\b[Aa]ccording to (?:the )?([^,.;]{2,80}?)(?:,|\.|;|$)", tok.sent.text)
    return expand_source(m.group(1), acronyms) if m else None


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _when(tok: Token, sent: Span, dates: list[DateMention]) -> tuple[str | None, str | None]:
    own = {t.i for t in tok.subtree}
    verb = clause_verb(tok)
    for d in dates:
        if not (sent.start_char <= d.start < sent.end_char) or d.value is None:
            continue
        root = _token_at(tok.doc, d.start, d.end)
        if root is None:
            continue
        dverb = clause_verb(root)
        if root.i in own or (dverb is not None and verb is not None and dverb.i == verb.i):
            if dverb is not None and is_cue(dverb) and dverb.i != tok.i:
                continue  # "said on Thursday": when it was said
            return d.value, d.text
    return None, None


def _place(tok: Token, sent: Span, mentions: list[Mention]) -> str | None:
    """A place named inside the act's own clause ("killed ... in Dalsk"), nearest first.

    Places elsewhere in the sentence (where a source is based, whom an appeal went to) are not
    the act's place; unknown stays unknown.
    """
    doc = tok.doc
    text = text_of(doc)
    # "took refuge in schools in Oskara", "carried out a massacre in Dalsk": a noun that is the
    # object of a light verb shares that verb's clause.
    scope = tok.head if tok.pos_ != "VERB" and tok.dep_ == "dobj" else tok
    own = {t.i for t in scope.subtree}
    # Not inside a reporting clause above the act, nor "to Israel" (an addressee).
    candidates = []
    for m in mentions:
        if m.type != "place" or not (sent.start_char <= m.start < sent.end_char):
            continue
        if text[m.end : m.end + 6].startswith("-based"):
            continue  # "the London-based Observatory": where a source sits
        root = _token_at(doc, m.start, m.end)
        if root is None or root.i not in own:
            continue
        if root.head.lower_ in {"to", "from"} and root.head.head.i == scope.i:
            continue
        candidates.append(m)
    if not candidates:
        return None
    # "Russia's Hmeimim airbase": the possessor only says whose the place is.
    own_places = [m for m in candidates if text[m.end : m.end + 2] not in {"'s", "’s"}]
    return min(own_places or candidates, key=lambda m: abs(m.start - tok.idx)).name


def events_in(
    doc: Doc,
    mentions: list[Mention],
    dates: list[DateMention],
    quotes: list[Quote],
    figures: list[Figure],
    resolver: SpeakerResolver | None = None,
) -> list[Event]:
    resolver = resolver or SpeakerResolver(doc)
    acronyms = acronyms_in(doc)
    found: list[tuple[Token, Trigger]] = []
    for tok in doc:
        trig = _trigger(tok)
        if trig is not None:
            found.append((tok, trig))
    # "killed in an attack", "Shelling of the market kills dozens": a trigger that is only an
    # argument inside another trigger's clause names the same act. The more specific kind wins
    # (the shelling makes the killing remote violence).
    merged: dict[int, Trigger] = {}
    dropped: set[int] = set()
    for t, trig in found:
        nominal = t.pos_ != "VERB" or t.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}
        if not nominal:
            continue
        host = next(
            (
                (v, vt)
                for v, vt in found
                if v.i != t.i
                and v.pos_ == "VERB"
                and v.i not in dropped
                and t in v.subtree
                and v.sent.start == t.sent.start
            ),
            None,
        )
        if host is None:
            continue
        dropped.add(t.i)
        v, vt = host
        if vt.kind == "violence" and trig.kind == "remote violence":
            merged[v.i] = trig
    kept = [(t, merged.get(t.i, trig)) for t, trig in found if t.i not in dropped]
    tolls = _assign_figures(doc, kept, figures)
    out = []
    for tok, trig in kept:
        sent = tok.sent
        actor_tok, target_tok = _roles(tok, trig.kind)
        actor, target = _party(actor_tok, resolver), _party(target_tok, resolver)
        negated, hypothetical = _flags(tok)
        when, when_text = _when(tok, sent, dates)
        spans = [[f.start, f.end] for f in tolls.get(tok.i, [])]
        out.append(
            Event(
                start=tok.idx,
                end=tok.idx + len(tok.text),
                text=tok.text,
                kind=trig.kind,
                acled_type=_acled_type(trig, actor, target),
                trigger=tok.lemma_.lower(),
                actor=actor,
                target=target,
                place=_place(tok, sent, mentions),
                when=when,
                when_text=when_text,
                figure_spans=json.dumps(spans),
                reported_by=_reported_by(tok, quotes, resolver, acronyms),
                negated=negated,
                hypothetical=hypothetical,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
            )
        )
    return out


def _assign_figures(
    doc: Doc, triggers: list[tuple[Token, Trigger]], figures: list[Figure]
) -> dict[int, list[Figure]]:
    """Each figure goes to the event whose clause holds it, else the nearest fitting one."""
    out: dict[int, list[Figure]] = {}
    for f in figures:
        if f.unit != "people" or f.category in {"population"}:
            continue
        fit = [
            (t, trig)
            for t, trig in triggers
            if t.sent.start_char <= f.start < t.sent.end_char
            and f.category in _TOLLS.get(trig.kind, set())
        ]
        if not fit:
            continue
        num = _token_at(doc, f.start, f.end)

        # The trigger whose clause holds the number wins; then the nearest one.
        best = min(
            fit,
            key=lambda item, num=num, f=f: (
                0 if num is not None and num in item[0].subtree else 1,
                abs(item[0].idx - f.start),
            ),
        )[0]
        out.setdefault(best.i, []).append(f)
    return out


class EventExtractor:
    name = "events.v1"
    requires = ("parse", "mentions", "dates", "quotes", "figures")
    provides = ("events",)

    def __call__(self, ctx: Context) -> Context:
        found = ctx.found
        ctx.found.events.extend(
            events_in(
                ctx.parsed,
                found.mentions,
                found.dates,
                found.quotes,
                found.figures,
                SpeakerResolver.shared(ctx),
            )
        )
        return ctx


@register("events.v1")
def make_events() -> EventExtractor:
    return EventExtractor()
