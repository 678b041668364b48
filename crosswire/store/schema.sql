-- Crosswire's SQLite schema. Offsets are character offsets into documents.text.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,             -- first 16 hex digits of sha256
    sha256 TEXT NOT NULL UNIQUE,     -- of the source bytes
    path TEXT NOT NULL,              -- as given on the command line, or the URL
    title TEXT, outlet TEXT, published TEXT, byline TEXT, url TEXT,
    text TEXT NOT NULL,              -- cleaned text
    segments TEXT NOT NULL,          -- JSON [[start, source_start, length], ...]
    ingested_at TEXT NOT NULL,
    extracted_with TEXT              -- extractor set that produced the stored findings; NULL = pending
);

CREATE TABLE IF NOT EXISTS rejects (
    path TEXT NOT NULL, reason TEXT NOT NULL, stage TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (path, stage)
);

CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    type TEXT NOT NULL, name TEXT NOT NULL, title TEXT, label TEXT, extractor TEXT NOT NULL,
    entity INTEGER
);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc);

CREATE TABLE IF NOT EXISTS dates (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    value TEXT, precision TEXT NOT NULL, extractor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dates_doc ON dates(doc);

CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    kind TEXT NOT NULL, speaker TEXT, cue TEXT, anonymous INTEGER NOT NULL, scare INTEGER NOT NULL,
    speaker_role TEXT, speaker_mention TEXT, extractor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes(doc);

CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    category TEXT NOT NULL, "group" TEXT NOT NULL, value REAL, high REAL,
    qualifier TEXT NOT NULL, unit TEXT NOT NULL, vague_word TEXT, source TEXT,
    since TEXT, until TEXT, time_text TEXT, historical INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, extractor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS figures_doc ON figures(doc);

CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    kind TEXT NOT NULL, acled_type TEXT, trigger TEXT NOT NULL, actor TEXT, target TEXT,
    place TEXT, "when" TEXT, when_text TEXT, figure_spans TEXT NOT NULL, reported_by TEXT,
    negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, extractor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc);

CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL UNIQUE,
    lat REAL, lon REAL, why TEXT NOT NULL,
    country TEXT, admin1 TEXT, admin2 TEXT, precision TEXT, geonames_id TEXT
);

CREATE TABLE IF NOT EXISTS extraction_errors (
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, message TEXT NOT NULL
);

-- Cross-document results, rebuilt by `crosswire analyze`; `data` holds the whole item as JSON.
CREATE TABLE IF NOT EXISTS figure_groups (
    id INTEGER PRIMARY KEY, category TEXT NOT NULL, "group" TEXT NOT NULL, since TEXT,
    place TEXT, best REAL, low REAL, high REAL, status TEXT NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS contradictions (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, about TEXT NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS framing (
    id INTEGER PRIMARY KEY, outlet TEXT NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS near_duplicates (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL, original TEXT NOT NULL, similarity REAL NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS near_duplicates_doc ON near_duplicates(doc);
CREATE INDEX IF NOT EXISTS near_duplicates_original ON near_duplicates(original);
CREATE TABLE IF NOT EXISTS incidents (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, date_start TEXT, data TEXT NOT NULL
);

-- Full-text search (FTS5, external content: the text is stored once, in documents and quotes).
-- Triggers keep the indexes in step with every insert and delete, inside the same transaction.
-- Entity pages read an entity's mentions and their forms from this index alone.
DROP INDEX IF EXISTS mentions_entity;
CREATE INDEX IF NOT EXISTS mentions_entity_text ON mentions(entity, text);
CREATE INDEX IF NOT EXISTS documents_outlet ON documents(outlet, published);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS quotes_speaker_mention ON quotes(speaker_mention);
CREATE INDEX IF NOT EXISTS mentions_text ON mentions(text COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    text, speaker, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
END;
CREATE TRIGGER IF NOT EXISTS quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker)
    VALUES ('delete', old.id, old.text, old.speaker);
END;

-- Feed items already taken (`crosswire watch`), so each is ingested once.
CREATE TABLE IF NOT EXISTS feed_seen (
    feed TEXT NOT NULL, entry TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (feed, entry)
);
-- Items whose fetch failed in a way that may pass (timeout, server error): tried again later.
CREATE TABLE IF NOT EXISTS feed_retries (
    feed TEXT NOT NULL, entry TEXT NOT NULL, tries INTEGER NOT NULL, last_error TEXT NOT NULL,
    PRIMARY KEY (feed, entry)
);

-- Each document's MinHash signature for the near-duplicate pass, computed once.
CREATE TABLE IF NOT EXISTS signatures (
    doc TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    version TEXT NOT NULL, sig BLOB NOT NULL
);
