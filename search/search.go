package search

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"
)

// Hit is one item found.
type Hit struct {
	Kind Kind
	ID   int
	// ClaimID is the claim to show the hit on: the claim itself for a
	// claim, the evidence's claim for evidence, nil for a statement.
	ClaimID *int
	// Rank is ts_rank_cd with the field weights, normalised by document
	// length, in [0, 1): higher is better.
	Rank float64
	// Snippet is HTML-escaped text whose only markup is <mark> and </mark>
	// (balanced) around the words that match: render it as HTML as it is,
	// never escape it again nor insert other text into it unescaped.
	Snippet string
	// Lang is the item's language: the claim's for claims and evidence,
	// the statement's ("" when not recorded) for statements.
	Lang string
	// Status is the claim's status for a claim, the evidence's (PUBLISHED
	// or RETRACTED: show retracted items as such) for evidence, "" for a
	// statement.
	Status string
	// Date is the date the filters use: when the claim was made (created,
	// when not recorded), the statement posted, the evidence observed.
	Date *time.Time
	// Cursor is the hit's position, for Query.After.
	Cursor string
}

// Page is one page of results.
type Page struct {
	Hits []Hit
	// Total counts every hit of the search, on all pages (but see
	// TotalIsLowerBound).
	Total       int
	HasNextPage bool
	// EndCursor is the last hit's cursor, "" when Hits is empty.
	EndCursor string
	// TotalIsLowerBound is true when a kind of item matched more than
	// MaxRanked times: only its MaxRanked most recent matches were ranked,
	// and Total counts those ("more than Total hits").
	TotalIsLowerBound bool
	// OnlyStopWords is true when every word of the query is a stop word
	// ("el", "de", "the"...) of a language it is read in (or a token the
	// parser ignores, such as "²"): nothing can match, Hits is empty and
	// Total 0. Tell the user to type a more specific word; it is not an
	// error.
	OnlyStopWords bool
}

// Weights of the fields, for ts_rank_cd, in its order {D, C, B, A}: A is a
// claim's or statement's text and an evidence item's summary, B a claim's
// tags and an evidence item's body.
const weights = "{0.05, 0.1, 0.4, 1.0}"

// rankNormalization divides the rank by 1 + the logarithm of the
// document's length (1), so that a long body mentioning a word many times
// does not bury a short claim about it, then maps it into [0, 1) (32).
const rankNormalization = 1 | 32

// headlineOptions makes ts_headline mark every match in the whole text;
// renderSnippet cuts the fragments.
var headlineOptions = fmt.Sprintf(`HighlightAll=true, StartSel="%c", StopSel="%c"`, markStart, markStop)

// Search runs q over claims, statements and public evidence (published or
// retracted). Input errors are *apierr.Error values naming the field at
// fault; any other error is internal.
func Search(ctx context.Context, db *sql.DB, q Query) (*Page, error) {
	v, err := validate(q)
	if err != nil {
		return nil, err
	}
	tsq, err := analyse(ctx, db, v)
	if err != nil {
		return nil, err
	}
	if tsq == "" {
		return &Page{Hits: []Hit{}, OnlyStopWords: true}, nil
	}
	if !v.wants(KindClaim) && !v.wants(KindStatement) && !v.wants(KindEvidence) {
		// Only statements asked for, with a claim status they cannot have.
		return &Page{Hits: []Hit{}}, nil
	}
	search := fingerprint(tsq, v)
	if v.After != "" {
		if v.after, err = decodeCursor(v.After, search); err != nil {
			return nil, err
		}
	}
	query, args := buildSQL(tsq, v)
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	page := &Page{Hits: []Hit{}}
	for rows.Next() {
		var (
			kind, lang, status, snippet sql.NullString
			id, claimID                 sql.NullInt64
			rank                        sql.NullFloat64
			date                        sql.NullTime
		)
		if err := rows.Scan(&page.Total, &page.TotalIsLowerBound, &kind, &id, &claimID, &rank, &lang, &status, &date, &snippet); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		if !kind.Valid {
			continue // the page is empty: only the total came back
		}
		h := Hit{
			Kind:    Kind(kind.String),
			ID:      int(id.Int64),
			Rank:    rank.Float64,
			Snippet: renderSnippet(snippet.String),
			Lang:    lang.String,
			Status:  status.String,
		}
		if claimID.Valid {
			c := int(claimID.Int64)
			h.ClaimID = &c
		}
		if date.Valid {
			t := date.Time
			h.Date = &t
		}
		h.Cursor = cursor{Rank: h.Rank, Kind: h.Kind, ID: h.ID, Search: search}.encode()
		page.Hits = append(page.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if len(page.Hits) > v.first {
		page.Hits = page.Hits[:v.first]
		page.HasNextPage = true
	}
	if n := len(page.Hits); n > 0 {
		page.EndCursor = page.Hits[n-1].Cursor
	}
	return page, nil
}

// analyse turns the query's words into a tsquery, returned as text: each
// word analysed by every configuration of the query's language, the
// results ORed (any analysis may match), the words ANDed. A word that any
// of the configurations drops as a stop word is left out, so that "la" in a
// query read in both languages does not require an English 'la'. "" means
// no word is left.
//
// The words go to to_tsquery as bind parameters and hold only letters,
// marks and digits (see tokenize), so user input never reaches the tsquery
// syntax; the tsquery text this returns is PostgreSQL's own output.
func analyse(ctx context.Context, db *sql.DB, v *validated) (string, error) {
	inputs := make([]string, len(v.words))
	for i, w := range v.words {
		inputs[i] = w.tsqueryInput()
	}
	rows, err := db.QueryContext(ctx, `
		SELECT CASE WHEN bool_or(numnode(t.q) = 0) THEN ''
		            ELSE string_agg(DISTINCT t.q::text, ' | ') END
		FROM unnest($1::text[]) WITH ORDINALITY AS w(input, n)
		CROSS JOIN unnest($2::regconfig[]) AS c(cfg)
		CROSS JOIN LATERAL (SELECT to_tsquery(c.cfg, w.input) AS q) AS t
		GROUP BY w.n
		ORDER BY w.n`, pq.Array(inputs), pq.Array(configs(v.Lang)))
	if err != nil {
		return "", fmt.Errorf("search: analysing the query: %w", err)
	}
	defer rows.Close()
	var parts []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", fmt.Errorf("search: analysing the query: %w", err)
		}
		if s != "" {
			parts = append(parts, "( "+s+" )")
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("search: analysing the query: %w", err)
	}
	return strings.Join(parts, " & "), nil
}

// sqlBuilder collects bind parameters.
type sqlBuilder struct{ args []any }

func (b *sqlBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return fmt.Sprintf("$%d", len(b.args))
}

// headline is the SQL marking every match of the query in doc, read in
// lang: for Spanish with both analyses a document is indexed with (spanish
// then es_unaccent: each pass adds the marks of its analysis), for English
// with en_unaccent, for an unknown language with all three. Marker
// characters already in the text are removed first.
func headline(lang, doc, tsq, opts string) string {
	h := func(cfg, d string) string {
		return fmt.Sprintf("ts_headline('%s', %s, %s, %s)", cfg, d, tsq, opts)
	}
	clean := fmt.Sprintf("translate(%s, E'\\x%02x\\x%02x', '')", doc, markStart, markStop)
	es := h("es_unaccent", h("pg_catalog.spanish", clean))
	return fmt.Sprintf("CASE %s WHEN 'es' THEN %s WHEN 'en' THEN %s ELSE %s END",
		lang, es, h("en_unaccent", clean), h("en_unaccent", es))
}

// buildSQL returns the search statement and its parameters. It returns one
// row per hit of the page (at most first+1, the extra one telling that
// another page follows), or a single row of NULLs but the totals when the
// page is empty. Columns: total, whether the total is capped, kind, id,
// claim_id, rank, lang, status, date, the marked text for the snippet.
//
// Each kind contributes its MaxRanked most recent matches (highest ids):
// ranking reads every candidate's vector, so this bounds the cost of a
// query matching half the corpus, and for queries matching fewer items
// (nearly all) changes nothing. With the ORDER BY id DESC LIMIT, the
// planner reads a common word's matches backwards through the primary key
// and stops early, and a rare word's through the GIN index.
func buildSQL(tsquery string, v *validated) (string, []any) {
	b := &sqlBuilder{}
	tsq := b.arg(tsquery) + "::tsquery"
	limitRanked := b.arg(MaxRanked)
	// rank is computed on each kind's candidates only, after their LIMIT.
	rank := func(vector string) string {
		return fmt.Sprintf("ts_rank_cd('%s', %s, %s, %d)::float8", weights, vector, tsq, rankNormalization)
	}
	var actor, from, to, status string
	if v.ActorID != nil {
		actor = b.arg(*v.ActorID)
	}
	if v.From != nil {
		from = b.arg(*v.From)
	}
	if v.To != nil {
		to = b.arg(*v.To)
	}
	if len(v.status) > 0 {
		status = b.arg(pq.Array(v.status))
	}
	dateRange := func(col string) string {
		var s string
		if from != "" {
			s += fmt.Sprintf(" AND %s >= %s", col, from)
		}
		if to != "" {
			s += fmt.Sprintf(" AND %s < %s", col, to)
		}
		return s
	}

	// One branch per kind: kind, id, claim_id, lang, status, date, rank.
	var branches []string
	if v.wants(KindClaim) {
		where := "c.search_vector @@ " + tsq
		if actor != "" {
			where += " AND c.claimant_id = " + actor
		}
		where += dateRange("coalesce(c.made_at, c.created_at)")
		if status != "" {
			where += fmt.Sprintf(" AND c.status = ANY(%s::text[])", status)
		}
		branches = append(branches, fmt.Sprintf(`
			SELECT 'CLAIM' AS kind, k.id, k.claim_id, k.lang, k.status, k.date, %s AS rank
			FROM (SELECT c.id, c.id AS claim_id, c.lang::text AS lang, c.status::text AS status,
			             coalesce(c.made_at, c.created_at) AS date, c.search_vector AS vector
			      FROM claims c
			      WHERE %s
			      ORDER BY c.id DESC LIMIT %s) k`,
			rank("k.vector"), where, limitRanked))
	}
	if v.wants(KindStatement) {
		from := "statements s"
		where := "s.search_vector @@ " + tsq
		if actor != "" {
			from += " JOIN accounts a ON a.id = s.account_id"
			where += " AND a.actor_id = " + actor
		}
		where += dateRange("s.posted_at")
		branches = append(branches, fmt.Sprintf(`
			SELECT 'STATEMENT' AS kind, k.id, k.claim_id, k.lang, k.status, k.date, %s AS rank
			FROM (SELECT s.id, NULL::bigint AS claim_id, coalesce(s.lang, '')::text AS lang, ''::text AS status,
			             s.posted_at AS date, s.search_vector AS vector
			      FROM %s
			      WHERE %s
			      ORDER BY s.id DESC LIMIT %s) k`,
			rank("k.vector"), from, where, limitRanked))
	}
	if v.wants(KindEvidence) {
		// An item is read in its claim's language. The OR of both columns is
		// what the (partial) indexes can answer, the CASE the exact test.
		where := fmt.Sprintf("e.status IN ('PUBLISHED', 'RETRACTED') AND (e.search_es @@ %[1]s OR e.search_en @@ %[1]s)"+
			" AND CASE WHEN c.lang = 'en' THEN e.search_en @@ %[1]s ELSE e.search_es @@ %[1]s END", tsq)
		if actor != "" {
			where += " AND c.claimant_id = " + actor
		}
		where += dateRange("e.observed_at")
		if status != "" {
			where += fmt.Sprintf(" AND c.status = ANY(%s::text[])", status)
		}
		branches = append(branches, fmt.Sprintf(`
			SELECT 'EVIDENCE' AS kind, k.id, k.claim_id, k.lang, k.status, k.date, %s AS rank
			FROM (SELECT e.id, e.claim_id, c.lang::text AS lang, e.status::text AS status, e.observed_at AS date,
			             CASE WHEN c.lang = 'en' THEN e.search_en ELSE e.search_es END AS vector
			      FROM evidence e JOIN claims c ON c.id = e.claim_id
			      WHERE %s
			      ORDER BY e.id DESC LIMIT %s) k`,
			rank("k.vector"), where, limitRanked))
	}
	hits := strings.Join(branches, "\n\t\t\tUNION ALL")

	after := "true"
	if v.after != nil {
		r, k, i := b.arg(v.after.Rank), b.arg(string(v.after.Kind)), b.arg(v.after.ID)
		after = fmt.Sprintf("(h.rank < %[1]s::float8 OR (h.rank = %[1]s::float8 AND (h.kind, h.id) > (%[2]s::text, %[3]s::bigint)))", r, k, i)
	}
	limit := b.arg(v.first + 1)
	opts := b.arg(headlineOptions)
	// The marked text of each hit of the page, looked up by primary key
	// (scalar subqueries, so never a join the planner could turn into a
	// scan of a whole table).
	marked := fmt.Sprintf(`CASE pg.kind
			WHEN 'CLAIM' THEN (SELECT %s FROM claims c WHERE c.id = pg.id)
			WHEN 'STATEMENT' THEN (SELECT %s FROM statements s WHERE s.id = pg.id)
			ELSE (SELECT %s FROM evidence e WHERE e.id = pg.id) END`,
		headline("pg.lang", "c.text", tsq, opts),
		headline("pg.lang", "s.text", tsq, opts),
		headline("pg.lang", "concat_ws(E'\\n', e.summary, e.body)", tsq, opts))

	query := fmt.Sprintf(`
		WITH hits AS (%[1]s
		),
		page AS (
			SELECT h.* FROM hits h
			WHERE %[2]s
			ORDER BY h.rank DESC, h.kind, h.id
			LIMIT %[3]s
		)
		SELECT t.total, t.capped, p.kind, p.id, p.claim_id, p.rank, p.lang, p.status, p.date, p.marked
		FROM (SELECT count(*) AS total,
		             count(*) FILTER (WHERE kind = 'CLAIM') >= %[5]s
		             OR count(*) FILTER (WHERE kind = 'STATEMENT') >= %[5]s
		             OR count(*) FILTER (WHERE kind = 'EVIDENCE') >= %[5]s AS capped
		      FROM hits) t
		LEFT JOIN LATERAL (
			SELECT pg.*, %[4]s AS marked FROM page pg
		) p ON true
		ORDER BY p.rank DESC, p.kind, p.id`,
		hits, after, limit, marked, limitRanked)
	return query, b.args
}
