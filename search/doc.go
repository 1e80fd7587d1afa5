// Package search finds claims, statements and public evidence by what they
// say, with PostgreSQL full-text search, in Spanish and English.
//
// # What is indexed
//
// The migration 20261126103000_search.sql adds stored generated tsvector
// columns with GIN indexes: claims.search_vector (the text, weight A, and
// the tags, weight B, in the claim's language), statements.search_vector
// (the text, A, in the statement's language, or in both when it is not
// recorded) and evidence.search_es and evidence.search_en (the summary, A,
// and the body, B). Evidence has no language of its own: it is read in its
// claim's, which a generated column cannot look up, so each item is indexed
// in both languages and a query uses the column of the claim's language.
// Only published and retracted evidence is indexed and searched; retracted
// hits say so in Hit.Status.
//
// English text goes through en_unaccent (english with unaccent before the
// stemmer). Spanish text goes through two analyses, both kept in the
// vector: spanish and es_unaccent (spanish with unaccent before the
// stemmer). Each alone misses something, because the Spanish snowball
// stemmer's suffix rules are spelled with accents:
//
//   - spanish: "acusación" and "acusaciones" both give 'acus', but a typed
//     "acusacion" gives 'acusacion' ("-acion" is no suffix to it), so
//     accent-less typing would find nothing.
//   - es_unaccent: "acusación" and "acusacion" give 'acusacion', but
//     "acusaciones" still gives 'acus', so singular and plural of every
//     "-ción" noun (and "-logía", and verb forms such as "hablaría") would
//     no longer meet.
//
// With both, "acusacion", "acusación" and "acusaciones" each find
// "acusación". What no analysis can do is make a typed "acusacion" find
// "acusaciones" (different stems, and "acusacion" is not a real word). The
// unaccent lexeme is only added where it differs from the spanish one, so
// words without accents are not counted twice.
//
// # What the Spanish stemmer does and does not do
//
// PostgreSQL's spanish configuration is the Snowball stemmer: it cuts known
// suffixes, it knows no dictionary. Measured on PostgreSQL 15 (and tested in
// TestSpanishStemming):
//
//   - "hackeada", "hackeado", "hackear", "hackearon", "hackeará" and even
//     "hacker" all give 'hack'; "hackeo", "hackeos" and "HACKEO" give
//     'hacke'; "hackers" stays 'hackers'. So the whole word "hackeada" does
//     NOT find "hackeo" (nor the other way round), but finds "hacker";
//     typing "hack" (a prefix, below) finds all of them.
//   - "PSOE" gives 'pso' and "#excusasPSOE" 'excusaspso': query words go
//     through the same stemmer, so they still match.
//   - "tuit" and "tuits" do not meet ('tuit', 'tuits'); "mentira" and
//     "mentiras" do ('mentir'), "mintió" does not ('mint').
//   - Stop words ("el", "de", "que", "más"...) are not indexed.
//   - unaccent also maps ñ to n, so "año" also finds "ano"; the spanish
//     analysis keeps 'año', so "año" ranks the right word no lower.
//
// English: "hacked", "hacking" and "hack" give 'hack', "hacker(s)"
// 'hacker'; "accusation(s)" and "accused" give 'accus'.
//
// # How the query is read
//
// The text is split into words: runs of Unicode letters, marks and digits.
// Everything else separates words and is dropped, so "#excusasPSOE" is the
// word excusasPSOE, "@PSOE" is PSOE, and the characters of tsquery syntax
// (quotes, & | ! : * ( ) <->) never reach PostgreSQL: hostile input gives
// results or a clear error, never an SQL error. Each word is analysed by
// the configurations of Query.Lang ("es": spanish and es_unaccent, "en":
// en_unaccent, "": all three) and may match through any of them; all words
// must match (AND). Lang does not filter items: a Spanish query meets an
// English item where the stems coincide (names, hashtags, "hacker"), and
// Hit.Lang tells each item's language. A word any configuration drops as a stop word is left
// out; a query whose words are all stop words returns an empty page with
// Page.OnlyStopWords set, not an error.
//
// Type-ahead: the last word is matched as a prefix (word:*) when it has at
// least MinPrefixLen characters and the text does not end after it with a
// space or punctuation ("hack" finds "hacker", "hack " does not look for
// longer words). The prefix goes through the stemmer like any word, so a
// partly typed suffix can stem oddly: "acusaci" still finds "acusación"
// thanks to the unaccented lexeme, but in English "hacki" finds nothing
// until "hacking" is complete.
//
// Errors (*apierr.Error, BAD_USER_INPUT, with the field): a text longer
// than MaxQueryLen characters or with more than MaxWords words, a text with
// no word at all, an unknown lang, status or kind, first outside 1..MaxFirst,
// to not after from, a cursor not from this search.
//
// # Ranking, order and pages
//
// Hits are ordered by ts_rank_cd with weights A 1.0, B 0.4 (so a word in a
// claim's text or an evidence summary outranks the same word in an
// evidence body), normalised by document length, then by kind and id, a
// total order, so pages never overlap or skip. Cursors are keyset positions
// (rank, kind, id) tied to the search they came from; Page.Total counts all
// hits.
//
// Ranking reads every match's vector, so its cost grows with the number of
// matches: "partido" or a type-ahead "hac" can match half of a large
// corpus. Each kind's matches are therefore capped at its MaxRanked most
// recent ones (highest ids) before ranking; PostgreSQL then reads a common
// word's matches backwards through the primary key and stops early, and a
// rare word's through the GIN index. A search that hits the cap says so
// with Page.TotalIsLowerBound ("more than 10,000 results"); its later
// pages can shift when new items arrive. Searches with fewer matches (the
// ones people refine to) are ranked in full.
//
// # Snippets
//
// Hit.Snippet is safe HTML: the item's text with every character escaped
// for HTML, in which the only markup is <mark> and </mark> around matching
// words, balanced. It is made by ts_headline (one pass per analysis of the
// item's language, so words matched through either Spanish analysis are
// marked), with control characters as markers that are stripped from the
// source text first, then escaped and cut into at most two fragments of
// about 30 words in Go. Source text that looks like HTML ("<script>") is
// shown as text. PostgreSQL's default parser reads such text as tags,
// which it does not index, and skips the content of <script> and <style>
// elements: words there are neither found nor marked.
package search
