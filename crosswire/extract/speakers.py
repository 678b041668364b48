"""Who a stretch of speech belongs to: the subject of its cue verb, resolved to a full form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from crosswire.data_files import cue_lemmas, normalise_name, people_nouns
from crosswire.extract import text_of
from crosswire.extract.entities import split_title

if TYPE_CHECKING:
    from crosswire.registry import Context

PRONOUNS = {"he", "she", "him", "her", "they", "them", "i", "we"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
# Children of a subject noun that describe it rather than name it.
_KEEP_RIGHT = {"compound", "flat", "nummod", "case", "poss", "amod"}
_INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$")  # "E.", "R.T.": a name withheld
_ANON = re.compile(
    r"\b(not to be named|anonymity|unnamed|anonymous|who declined|withheld|a source|sources)\b",
    re.IGNORECASE,
)
# Nouns that describe a person, so "he" can refer back to "a Syrian journalist".
_PERSON_HEADS = {
    "journalist",
    "doctor",
    "man",
    "woman",
    "official",
    "spokesman",
    "spokeswoman",
    "witness",
    "resident",
    "activist",
    "source",
    "minister",
    "president",
    "leader",
    "commander",
    "soldier",
    "father",
    "mother",
    "son",
    "daughter",
    "brother",
    "sister",
    "contractor",
    "analyst",
    "expert",
    "alawite",
    "druze",
    "kurd",
    "civilian",
    "survivor",
    "farmer",
    "teacher",
    "student",
    "cleric",
    "sheikh",
    "head",
    "chief",
    "director",
    "officer",
    "refugee",
    "villager",
    "reporter",
    "nurse",
    "medic",
    "paramedic",
    "volunteer",
    "worker",
    "coordinator",
    "governor",
    "mayor",
    "spokesperson",
    "priest",
    "imam",
    "lawyer",
    "judge",
    "eyewitness",
    "engineer",
    "driver",
}


# Verbs by which a group puts its name to a text, and the texts it can put it to.
_AUTHOR_VERBS = {"send", "write", "pen", "sign", "issue", "publish", "draft", "release"}
_DOCUMENT_NOUNS = {"letter", "statement", "petition", "declaration", "communique", "appeal"}


@dataclass(frozen=True)
class SpeakerNP:
    text: str
    start: int
    end: int
    role: str | None
    person: bool  # reads as one human being (for "he"/"she")


def is_cue(tok: Token) -> bool:
    return tok.lemma_.lower() in cue_lemmas() and tok.pos_ in {"VERB", "AUX"}


def noun_phrase(subj: Token) -> SpeakerNP:
    """The subject's words less appositions, relative clauses and trailing prepositions."""
    left = subj.left_edge.i
    right = subj.i
    for child in subj.rights:
        if child.dep_ in _KEEP_RIGHT or (child.dep_ == "prep" and child.lower_ == "of"):
            right = max(right, child.right_edge.i)
        elif (
            child.dep_ == "prep"
            and child.lower_ in {"at", "from"}
            and subj.pos_ in {"NOUN", "PROPN"}
            and not subj.ent_type_
            and child.i == right + 1
        ):
            # "Medics at the Oskara field hospital": where a common noun works says who it is
            # ("in Syria" only says where they are, and is left out).
            right = max(right, child.right_edge.i)
        else:
            break
    doc = subj.doc
    if subj.ent_iob_ in {"B", "I"}:
        # A name is never cut short: "the Syrian Observatory for Human Rights". Token IOB
        # tags are used because Doc.ents builds a new tuple on every access.
        start = subj.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = subj.i
        while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
            end += 1
        left, right = min(left, start), max(right, end)
    while left < right and doc[left].is_punct:
        left += 1
    span = doc[left : right + 1]
    role = None
    for child in subj.children:
        if child.dep_ == "appos":
            appos = doc[child.left_edge.i : child.right_edge.i + 1]
            names = child.ent_type_ == "PERSON" or bool(_INITIAL.match(child.text))
            if names and subj.ent_type_ != "PERSON":
                # "A spokesman for the front, Tomas Verel, said": the name speaks.
                role = span.text.strip(" ,")
                span = appos
            else:
                role = appos.text.strip(" ,")
            break
    text = span.text.strip(" ,")
    return SpeakerNP(text, span.start_char, span.start_char + len(text), role, looks_person(span))


def looks_person(span: Span) -> bool:
    if any(t.ent_type_ == "PERSON" for t in span):
        return True
    if _INITIAL.match(span.text.strip()):
        return True
    head = span.root.lemma_.lower()
    return head in _PERSON_HEADS or span.root.text.lower() in _PERSON_PRONOUNS


def subject_of(verb: Token) -> tuple[Token | None, Token | None]:
    """(speaker token, via token) for a cue verb, climbing from participles to their clause.

    "Bild quoted Senator Marco Rubio as saying" gives (Rubio, Bild).
    """
    if verb.lemma_ == "quote":
        saying = next((c for c in verb.subtree if c.lemma_ == "say" and c.i != verb.i), None)
        quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if saying is not None and quoted is not None:
            via = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            return quoted, via
    tok: Token | None = verb
    for _ in range(4):
        if tok is None:
            break
        if tok.lemma_ == "say" and tok.head.lemma_ == "quote" and tok.head.i != tok.i:
            quoted = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
            via = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if quoted is not None:
                return quoted, via
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None and tok.lemma_ == "quote":
            continue
        if subj is not None and subj.dep_ == "nsubjpass":
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
            subj = pobj if pobj is not None else subj
        if subj is not None and subj.tag_ in {"WP", "WDT"}:
            subj = None  # "those who said": the relative pronoun is nobody in particular
            break
        if subj is not None:
            return subj, None
        if tok.dep_ in {"advcl", "xcomp", "conj", "acl", "ccomp", "pcomp"} and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    return None, None


def is_anonymous(speaker: str) -> bool:
    s = speaker.strip()
    return bool(_INITIAL.match(s) or _ANON.search(s) or re.match(r"^(a|an)\s", s, re.I))


class SpeakerResolver:
    """Resolves pronouns, short names and definite descriptions against what came before."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # Full person names in the document, in order, with any title before them.
        self.persons: list[tuple[int, str]] = []
        ents = doc.ents  # built anew on every access: read once
        for ent in ents:
            if ent.label_ == "PERSON":
                title_text = text_of(doc)[max(0, ent.start_char - 40) : ent.start_char]
                self.persons.append((ent.start_char, _with_title(title_text, ent.text)))
        self.candidates: list[tuple[int, str, bool]] = []  # (offset, resolved name, person)
        # Organisations, so "the monitor" can find "the Kessar Civil Monitor".
        self.orgs = [(e.start_char, e.text) for e in ents if e.label_ == "ORG"]
        # Who wrote a letter, statement or petition, so "the letter's signatories" has a referent.
        self.authors: list[tuple[int, str, str]] = []  # (offset, resolved name, document noun)
        for tok in doc:
            # The subject of every reporting verb is a possible antecedent for "he"/"she",
            # whether or not its words are in quotation marks. Each is stored resolved, so a
            # later "he" reaches "a Syrian journalist" through "the journalist".
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            usable = (
                subj is not None and subj.lower_ not in PRONOUNS and subj.tag_ not in {"WP", "WDT"}
            )
            if usable and is_cue(tok):
                np = noun_phrase(subj)
                self.candidates.append((np.start, *self.resolve(np)))
            elif usable and tok.lemma_ in _AUTHOR_VERBS:
                written = next(
                    (c for c in tok.children if c.dep_ == "dobj" and c.lemma_ in _DOCUMENT_NOUNS),
                    None,
                )
                if written is not None:
                    np = noun_phrase(subj)
                    name, person = self.resolve(np)
                    self.candidates.append((np.start, name, person))
                    self.authors.append((np.start, name, written.lemma_))
            if tok.dep_ in {"nsubj", "nsubjpass"} and tok.text.lower() not in PRONOUNS:
                np = noun_phrase(tok)
                if np.person and (tok.ent_type_ == "PERSON" or _INITIAL.match(np.text)):
                    self.candidates.append((np.start, self._full_name(np), True))

    def add(self, offset: int, name: str, person: bool) -> None:
        self.candidates.append((offset, name, person))

    def resolve(self, np: SpeakerNP) -> tuple[str, bool]:
        """(resolved speaker, whether it reads as a person)."""
        low = np.text.lower()
        if low == "it":
            # "it said": the organisation named last, never a person
            return self.organisation_before(np.start) or np.text, False
        if low in PRONOUNS:
            want_person = low in _PERSON_PRONOUNS or low in {"i"}
            for off, name, person in sorted(self.candidates, reverse=True):
                if off < np.start and (person or not want_person):
                    return name, person
            return np.text, want_person
        if low.startswith("the ") or (np.text.islower() and " " not in np.text):
            found = self._definite(np)
            if found is not None:
                return found
        full = self._full_name(np)
        return full, np.person or full != np.text

    def organisation_before(self, offset: int) -> str | None:
        """The last organisation named before an offset (what "it said" refers to)."""
        before = [(off, org) for off, org in self.orgs if off < offset]
        for off, name, person in sorted(self.candidates, reverse=True):
            if off < offset and not person:
                if not before or off >= before[-1][0]:
                    return name
                break
        return before[-1][1] if before else None

    def _definite(self, np: SpeakerNP) -> tuple[str, bool] | None:
        """A definite description refers back: to a name or description given earlier."""
        words = normalise_name(np.text).split()
        head = words[-1:]
        # "the journalist" -> "a Syrian journalist"; "the monitor" -> "the Kessar Civil Monitor";
        # "the network" -> "the Varnian Network for Rights" (the latest one named before).
        orgs = sorted(
            self.orgs, key=lambda o: (o[0] >= np.start, -o[0] if o[0] < np.start else o[0])
        )
        for _off, org in orgs:
            org_words = normalise_name(org).split()
            if len(org_words) > 1 and len(words) <= 2 and head and head[0] in org_words:
                return org, False
        earlier = [c for c in sorted(self.candidates) if c[0] < np.start]
        for _off, name, person in earlier:
            definite = name.lower().startswith("the ")
            if not definite and _head_word(name) == head:
                return name, person
        # "the letter's signatories" -> whoever the text says wrote or sent the letter.
        m = re.match(r"^the (\w+)'s? (signatories|authors|signers|writers|senders)$", low(np.text))
        if m:
            for _off, name, noun in sorted(self.authors, reverse=True):
                if _off < np.start and noun == m.group(1):
                    return name, False
        # "the Alawite sheikhs" -> "Alawite leaders": people described by the same community.
        span = self.doc.char_span(np.start, np.end, alignment_mode="expand")
        if span is not None and span.root.tag_ in {"NNS", "NNPS"}:
            marks = {
                normalise_name(t.text)
                for t in span
                if t.i != span.root.i and (t.ent_type_ == "NORP" or t.pos_ == "PROPN")
            }
            for _off, name, person in reversed(earlier):
                name_words = set(normalise_name(name).split())
                if (
                    marks & name_words
                    and not name.lower().startswith("the ")
                    and normalise_name(name).split()[-1:] != words[-1:]
                    and _plural_people(name)
                ):
                    return name, person
        return None

    def _full_name(self, np: SpeakerNP) -> str:
        """'Abdel Rahman' -> 'Rami Abdel Rahman': the first longer name ending the same way."""
        title, bare = split_title(np.text)
        key = normalise_name(bare).split()
        if not key or len(key) > 3:
            return np.text
        for name, nkey, stripped in self._person_keys:
            if len(nkey) > len(key) and (nkey[-len(key) :] == key or stripped[-len(key) :] == key):
                return name
        return np.text

    @cached_property
    def _person_keys(self) -> list[tuple[str, list[str], list[str]]]:
        out = []
        for _off, name in self.persons:
            nkey = normalise_name(split_title(name)[1]).split()
            out.append((name, nkey, [w for w in nkey if w not in {"al", "el"}]))
        return out

    @classmethod
    def shared(cls, ctx: Context) -> SpeakerResolver:
        """One resolver per document, shared by the extractors that run on it: what the quotes
        extractor learnt about speakers serves the figures and events extractors too."""
        resolver = ctx.scratch.get("speakers")
        if resolver is None:
            resolver = ctx.scratch["speakers"] = cls(ctx.parsed)
        return resolver


def person_like(name: str) -> bool:
    """Whether a resolved speaker reads as one person: a name, initials or a person noun."""
    words = name.replace("’", "'").split()
    if not words:
        return False
    if _INITIAL.match(words[-1]) or words[-1].lower().rstrip(",") in _PERSON_HEADS:
        return True
    capitalised = [w for w in words if w[:1].isupper()]
    return len(capitalised) >= 2 and words[0].lower() not in {"the", "a", "an"}


def _head_word(name: str) -> list[str]:
    """'Medics at the field hospital' -> ['medics']: the noun before any trailing phrase."""
    first = re.split(r"\s+(?:of|at|from|in)\s+", name, maxsplit=1)[0]
    return normalise_name(first).split()[-1:]


def low(text: str) -> str:
    return text.lower().replace("’", "'")


def _plural_people(name: str) -> bool:
    """'Alawite leaders', 'Leaders of the community': a plural noun for people heads it."""
    first = name.split(" of ")[0]
    last = normalise_name(first).split()[-1:]
    if not last or not last[0].endswith("s"):
        return False
    stem = last[0][:-1]
    return stem in _PERSON_HEADS or stem in people_nouns() or last[0] in people_nouns()


def _with_title(before: str, name: str) -> str:
    from crosswire.data_files import titles

    for t in titles():
        if before.endswith(t + " "):
            return f"{t} {name}"
    return name
