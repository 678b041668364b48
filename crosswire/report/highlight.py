"""Document text as HTML with findings highlighted; every piece of text escaped."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # figure, quote, scare, entity, sentence
    anchor: str
    title: str


def highlight(text: str, marks: list[Mark]) -> Markup:
    """Split the text at every mark boundary; each piece carries the classes that cover it.

    Overlapping marks (a figure inside a quote) nest correctly because pieces never cross a
    boundary. Anchors sit at each mark's start so links land on the sentence.
    """
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        for m in starts.get(a, []):
            out.append(f'<a class="anchor" id="{escape(m.anchor)}"></a>')
        piece = escape(text[a:b])
        covering = [m for m in marks if m.start <= a and m.end >= b and m.start < m.end]
        if covering:
            classes = " ".join(
                sorted(
                    {f"hl-{m.kind}" for m in covering}
                    # A sentence's pieces share its anchor as a class, so a link to one figure
                    # can light up the whole sentence it came from.
                    | {m.anchor for m in covering if m.kind == "sentence"}
                )
            )
            title = " | ".join(m.title for m in covering if m.title)
            attr = f' title="{escape(title)}"' if title else ""
            out.append(f'<span class="{escape(classes)}"{attr}>{piece}</span>')
        else:
            out.append(str(piece))
    return Markup("".join(out).replace("\n", "<br>\n"))
