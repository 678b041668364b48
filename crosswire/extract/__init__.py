"""Per-document extractors: each a pure function of one document and its parse."""

from spacy.tokens import Doc


def text_of(doc: Doc) -> str:
    """The document's text, built once: spaCy's Doc.text rebuilds the string on every access."""
    text = doc.user_data.get("crosswire_text")
    if text is None:
        text = doc.user_data["crosswire_text"] = doc.text
    return text
