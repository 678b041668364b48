"""`crosswire watch`: new feed items become documents once; unsafe XML is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.ingest.feeds import parse_feed, parse_interval
from crosswire.ingest.readers import IngestError
from crosswire.store import Store

runner = CliRunner()
BODY = (
    "<p>At least {n} people were killed in Dalsk on Monday, the Dalsk Rights Monitor said, "
    "and dozens were injured when shells hit the market square.</p><p>Residents said the "
    "shelling lasted for hours. Aid groups asked for a pause to reach the wounded, and the "
    "governor said schools would stay closed until the end of the week.</p><p>The monitor "
    "said it had confirmed every name with relatives and hospital staff in the city.</p>"
)


def rss(items: list[tuple[str, int]]) -> str:
    entries = "".join(
        f"<item><guid>{guid}</guid><title>Shelling {n}</title><link>https://x.example/{guid}"
        f"</link><pubDate>Tue, 12 May 2031 08:00:00 GMT</pubDate><description><![CDATA["
        f"{BODY.format(n=n)}]]></description></item>"
        for guid, n in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Dalsk Daily</title>'
        f"<link>https://x.example/</link>{entries}</channel></rss>"
    )


@pytest.mark.model
def test_watch_takes_each_new_item_once(tmp_path: Path):
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([("a1", 12)]))
    db = tmp_path / "cw.db"
    first = runner.invoke(app, ["watch", str(feed), "--once", "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "1 new document" in first.output
    feed.write_text(rss([("a2", 19), ("a1", 12)]))
    second = runner.invoke(app, ["watch", str(feed), "--once", "--db", str(db)])
    assert "1 new document" in second.output
    third = runner.invoke(app, ["watch", str(feed), "--once", "--db", str(db)])
    assert "0 new document" in third.output
    with Store(db) as store:
        docs = store.documents()
        figures = store.rows("figures")
    assert len(docs) == 2
    assert {d.outlet for d in docs} == {"Dalsk Daily"} and docs[0].published == "2031-05-12"
    assert {f["value"] for f in figures if f["category"] == "killed"} == {12, 19}


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
    ']><rss version="2.0"><channel><title>&e;</title></channel></rss>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<rss version="2.0"><channel><title>&x;</title></channel></rss>'
)


@pytest.mark.parametrize(
    "data,reason",
    [
        (BOMB, "unsafe XML"),
        (EXTERNAL, "unsafe XML"),
        ("<html><body>not a feed</body></html>", "not"),
        ("", "empty feed"),
        ("<rss><channel><item>", "broken XML"),
    ],
)
def test_unsafe_or_broken_feeds_are_refused(data, reason):
    with pytest.raises(IngestError, match=reason):
        parse_feed(data.encode(), "feed")


def test_watch_names_a_bad_feed_and_goes_on(tmp_path: Path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(BOMB)
    db = tmp_path / "cw.db"
    result = runner.invoke(
        app, ["watch", str(bomb), str(tmp_path / "nope.xml"), "--once", "--db", str(db)]
    )
    assert result.exit_code == 1
    assert (
        "bomb.xml: feed refused" in result.output and "nope.xml: no such feed file" in result.output
    )


def test_intervals():
    assert parse_interval("15m") == 900 and parse_interval("2h") == 7200
    for bad in ("5s", "soon", "", "10x"):
        with pytest.raises(ValueError):
            parse_interval(bad)
