-- Hand-written: full-text search over claims, statements and evidence (see
-- the search package for the queries and what they can and cannot find).
--
-- unaccent is a trusted extension: the migrating role needs CREATE on the
-- database, not superuser.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() itself is only STABLE (its dictionary is looked up by name
-- through search_path), so it cannot appear in generated columns or index
-- expressions. This wrapper names the dictionary by OID: SQL-standard
-- function bodies (RETURN ...) are parsed once, here, so neither this
-- function nor the ones below depend on the caller's search_path (pg_dump's
-- restore runs with an empty one and recomputes generated columns).
CREATE FUNCTION search_unaccent(doc text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN unaccent('unaccent'::regdictionary, doc);

-- es_unaccent is spanish with unaccent before the stemmer, en_unaccent is
-- english with unaccent before the stemmer: "acusacion" and "acusación" give
-- the same lexeme. Numbers-with-letters tokens (año2020) are unaccented too.
CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION es_unaccent
  ALTER MAPPING FOR word, hword, hword_part WITH unaccent, spanish_stem;
ALTER TEXT SEARCH CONFIGURATION es_unaccent
  ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
CREATE TEXT SEARCH CONFIGURATION en_unaccent (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION en_unaccent
  ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem;
ALTER TEXT SEARCH CONFIGURATION en_unaccent
  ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;

-- Spanish documents get the lexemes of both spanish and es_unaccent. The
-- Spanish snowball stemmer's suffix rules are written with accents
-- ("-ación", "-logía", "-aría"), so unaccenting first stops them applying:
-- es_unaccent gives 'acusacion' for "acusación" but 'acus' for
-- "acusaciones". spanish gives 'acus' for both (the stemmer drops acute
-- accents at its end) but 'acusacion' for a typed "acusacion". With both,
-- "acusacion", "acusación" and "acusaciones" all find "acusación". Only the
-- es_unaccent lexemes spanish does not already give are added, so words
-- without accents are not counted twice by the ranking.
CREATE FUNCTION search_tsvector_es(doc text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (SELECT v.s || ts_delete(v.u, tsvector_to_array(v.s))
          FROM (SELECT to_tsvector('pg_catalog.spanish', coalesce(doc, '')) AS s,
                       to_tsvector('es_unaccent', coalesce(doc, '')) AS u) AS v);

CREATE FUNCTION search_tsvector_en(doc text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN to_tsvector('en_unaccent', coalesce(doc, ''));

-- A document of unknown language (a statement without lang) is indexed in
-- both languages.
CREATE FUNCTION search_tsvector(lang text, doc text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE lang
    WHEN 'es' THEN search_tsvector_es(doc)
    WHEN 'en' THEN search_tsvector_en(doc)
    ELSE search_tsvector_es(doc) || search_tsvector_en(doc)
  END;

-- Claims: the text (weight A) and the tags (B), in the claim's language.
ALTER TABLE claims ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(search_tsvector(lang, text), 'A') ||
  setweight(search_tsvector(lang, tags::text), 'B')) STORED;
CREATE INDEX claims_search_idx ON claims USING gin (search_vector);

-- Statements: the text (A), in the statement's language, or in both when
-- it is not recorded.
ALTER TABLE statements ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(search_tsvector(lang, text), 'A')) STORED;
CREATE INDEX statements_search_idx ON statements USING gin (search_vector);

-- Evidence has no language of its own: it is in its claim's, which a
-- generated column cannot read. Each item is indexed in both languages, in
-- two columns, and queries use the column of the claim's language (the
-- other one only narrows the index scan), so an item is ranked exactly as
-- a claim in that language would be. Only public items (published or
-- retracted) are ever searched, so only they are indexed.
ALTER TABLE evidence
  ADD COLUMN search_es tsvector GENERATED ALWAYS AS (
    setweight(search_tsvector_es(summary), 'A') ||
    setweight(search_tsvector_es(body), 'B')) STORED,
  ADD COLUMN search_en tsvector GENERATED ALWAYS AS (
    setweight(search_tsvector_en(summary), 'A') ||
    setweight(search_tsvector_en(body), 'B')) STORED;
CREATE INDEX evidence_search_es_idx ON evidence USING gin (search_es)
  WHERE status IN ('PUBLISHED', 'RETRACTED');
CREATE INDEX evidence_search_en_idx ON evidence USING gin (search_en)
  WHERE status IN ('PUBLISHED', 'RETRACTED');
