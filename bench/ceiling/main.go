// Command ceiling is the benchmark's "ceiling": the reads and the verdict
// cast that `make bench` sends to Veredicto, written by hand with net/http,
// database/sql and lib/pq (the driver Veredicto uses), with no framework,
// no GraphQL and no ORM. It shows what the hardware and PostgreSQL allow;
// Veredicto is measured as a ratio to it. It is a benchmark tool only.
//
//	GET  /api/claims/{id}         a claim, its claimant and 10 evidence items (one SQL statement)
//	GET  /api/latest              the 20 latest claims with evidence counts (one SQL statement)
//	GET  /api/widget/claims/{id}  widget data from an in-process cache (TTL 60 s)
//	GET  /fixed/{id}              a bare handler: a fixed JSON body (-fixed FILE)
//	POST /api/cast                cast a verdict: session lookup, then verdict
//	                              upsert, history row and tally delta in one transaction
//
// The session cookie and the cast's semantics are Veredicto's: one verdict
// per reader and claim, a changed value moves the tally by -1/+1, an
// unchanged one changes nothing.
package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/lib/pq"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "listen address")
	dsn := flag.String("dsn", os.Getenv("DATABASE_URL"), "PostgreSQL DSN")
	fixed := flag.String("fixed", "", "file whose bytes /fixed/{id} returns (default: a 2 KiB JSON body)")
	pool := flag.Int("pool", 20, "database connections (Veredicto's pool size)")
	flag.Parse()

	db, err := sql.Open("postgres", *dsn)
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(*pool)
	db.SetMaxIdleConns(*pool)
	if err := db.Ping(); err != nil {
		log.Fatal(err)
	}
	var body []byte
	if *fixed != "" {
		if body, err = os.ReadFile(*fixed); err != nil {
			log.Fatal(err)
		}
	} else {
		body = []byte(`{"fixed":"` + strings.Repeat("x", 2048-len(`{"fixed":""}`)) + `"}`)
	}
	s := &server{db: db, fixed: body}
	if err := s.prepare(); err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/claims/{id}", s.claim)
	mux.HandleFunc("GET /api/latest", s.latest)
	mux.HandleFunc("GET /api/widget/claims/{id}", s.widget)
	mux.HandleFunc("GET /fixed/{id}", s.bare)
	mux.HandleFunc("POST /api/cast", s.cast)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })

	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	log.Printf("ceiling: serving on %s", *addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

type server struct {
	db    *sql.DB
	fixed []byte

	claimStmt, latestStmt, widgetStmt, authStmt *sql.Stmt

	cache sync.Map // int64 -> *cached
}

// Prepared statements: what a hand-written server on database/sql would
// do for its hot queries.
func (s *server) prepare() error {
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = s.db.Prepare(q)
		return st
	}
	s.claimStmt = prep(claimSQL)
	s.latestStmt = prep(latestSQL)
	s.widgetStmt = prep(widgetSQL)
	s.authStmt = prep(authSQL)
	return err
}

func parseID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		http.Error(w, `{"error":"bad id"}`, http.StatusNotFound)
		return 0, false
	}
	return id, true
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"errors":[{"message":"encoding"}]}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

func fail(w http.ResponseWriter, status int, err error) {
	log.Printf("ceiling: %v", err)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"errors":[{"message":"internal error"}]}`))
}

// ---------------------------------------------------------------- claim

// claimSQL reads a claim, its claimant, its visible evidence count and
// its first 10 visible evidence items (anonymous readers see PUBLISHED
// and RETRACTED items, as in Veredicto) in one statement.
const claimSQL = `
SELECT c.id, c.text, c.lang, c.status, c.made_at, a.name,
       (SELECT count(*) FROM evidence x WHERE x.claim_id = c.id AND x.status IN ('PUBLISHED', 'RETRACTED')),
       e.id, e.kind, e.stance, e.summary, e.observed_at, e.source_url
FROM claims c
JOIN actors a ON a.id = c.claimant_id
LEFT JOIN LATERAL (
  SELECT id, kind, stance, summary, observed_at, source_url
  FROM evidence
  WHERE claim_id = c.id AND status IN ('PUBLISHED', 'RETRACTED')
  ORDER BY id
  LIMIT 10
) e ON true
WHERE c.id = $1
ORDER BY e.id`

type claimOut struct {
	ID       string       `json:"id"`
	Text     string       `json:"text"`
	Lang     string       `json:"lang"`
	Status   string       `json:"status"`
	MadeAt   *time.Time   `json:"madeAt"`
	Claimant nameOut      `json:"claimant"`
	Evidence evidenceConn `json:"evidence"`
}

type nameOut struct {
	Name string `json:"name"`
}

type evidenceConn struct {
	TotalCount int            `json:"totalCount"`
	Edges      []evidenceEdge `json:"edges,omitempty"`
}

type evidenceEdge struct {
	Node evidenceOut `json:"node"`
}

type evidenceOut struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	Stance     string     `json:"stance"`
	Summary    string     `json:"summary"`
	ObservedAt *time.Time `json:"observedAt"`
	SourceURL  *string    `json:"sourceURL"`
}

func (s *server) claim(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(w, r)
	if !ok {
		return
	}
	rows, err := s.claimStmt.QueryContext(r.Context(), id)
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	defer rows.Close()
	var c *claimOut
	for rows.Next() {
		var (
			cid                 int64
			out                 claimOut
			eid                 sql.NullInt64
			kind, stance, summ  sql.NullString
			observed            sql.NullTime
			source              sql.NullString
			madeAt              sql.NullTime
			claimantName, ctext string
		)
		if err := rows.Scan(&cid, &ctext, &out.Lang, &out.Status, &madeAt, &claimantName, &out.Evidence.TotalCount,
			&eid, &kind, &stance, &summ, &observed, &source); err != nil {
			fail(w, http.StatusInternalServerError, err)
			return
		}
		if c == nil {
			out.ID = strconv.FormatInt(cid, 10)
			out.Text = ctext
			out.Claimant.Name = claimantName
			if madeAt.Valid {
				t := madeAt.Time.UTC()
				out.MadeAt = &t
			}
			out.Evidence.Edges = make([]evidenceEdge, 0, 10)
			c = &out
		}
		if eid.Valid {
			e := evidenceOut{ID: strconv.FormatInt(eid.Int64, 10), Kind: kind.String, Stance: stance.String, Summary: summ.String}
			if observed.Valid {
				t := observed.Time.UTC()
				e.ObservedAt = &t
			}
			if source.Valid {
				src := source.String
				e.SourceURL = &src
			}
			c.Evidence.Edges = append(c.Evidence.Edges, evidenceEdge{Node: e})
		}
	}
	if err := rows.Err(); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	if c == nil {
		writeJSON(w, map[string]any{"data": map[string]any{"node": nil}})
		return
	}
	writeJSON(w, map[string]any{"data": map[string]any{"node": c}})
}

// ---------------------------------------------------------------- latest

const latestSQL = `
SELECT c.id, c.text, c.created_at, a.name,
       (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id AND e.status IN ('PUBLISHED', 'RETRACTED'))
FROM claims c
JOIN actors a ON a.id = c.claimant_id
ORDER BY c.created_at DESC, c.id DESC
LIMIT 20`

type latestOut struct {
	ID        string       `json:"id"`
	Text      string       `json:"text"`
	CreatedAt time.Time    `json:"createdAt"`
	Claimant  nameOut      `json:"claimant"`
	Evidence  evidenceConn `json:"evidence"`
}

func (s *server) latest(w http.ResponseWriter, r *http.Request) {
	rows, err := s.latestStmt.QueryContext(r.Context())
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	defer rows.Close()
	type edge struct {
		Node latestOut `json:"node"`
	}
	edges := make([]edge, 0, 20)
	for rows.Next() {
		var (
			id int64
			o  latestOut
		)
		if err := rows.Scan(&id, &o.Text, &o.CreatedAt, &o.Claimant.Name, &o.Evidence.TotalCount); err != nil {
			fail(w, http.StatusInternalServerError, err)
			return
		}
		o.ID = strconv.FormatInt(id, 10)
		o.CreatedAt = o.CreatedAt.UTC()
		edges = append(edges, edge{Node: o})
	}
	if err := rows.Err(); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, map[string]any{"data": map[string]any{"claims": map[string]any{"edges": edges}}})
}

// ---------------------------------------------------------------- widget

// widgetSQL reads what the widget shows in one statement: the claim, its
// claimant, the statement it is about, the tally, the consensus, a
// published review, the published evidence count and up to three key
// facts (one per kind, in the widget's kind order).
const widgetSQL = `
SELECT c.id, c.text, c.lang, c.status, c.made_at, c.made_at_precision, c.updated_at,
       a.id, a.name, a.kind,
       s.deleted, s.deleted_at, s.client, s.posted_at,
       coalesce(t.holds, 0), coalesce(t.partly, 0), coalesce(t.does_not_hold, 0),
       cs.status, cs.explanation_es, cs.explanation_en,
       r.scale, r.rating, r.summary, r.published_at,
       (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id AND e.status = 'PUBLISHED'),
       (SELECT coalesce(json_agg(json_build_object('kind', f.kind, 'stance', f.stance, 'summary', left(f.summary, 180),
                                                   'observedAt', f.observed_at, 'precision', f.observed_precision)
                                 ORDER BY f.rank), '[]')
        FROM (SELECT DISTINCT ON (e.kind) e.kind, e.stance, e.summary, e.observed_at, e.observed_precision,
                     array_position(ARRAY['DELETED_POST','CLIENT_METADATA','TIMING','PRIOR_INCIDENT','TESTIMONY',
                                          'DOCUMENT','ARCHIVE','SCREENSHOT','SOCIAL_REACTION','OTHER'], e.kind::text) AS rank
              FROM evidence e WHERE e.claim_id = c.id AND e.status = 'PUBLISHED'
              ORDER BY e.kind, e.id) f
        WHERE f.rank IS NOT NULL AND f.rank <= 10
        LIMIT 3)
FROM claims c
JOIN actors a ON a.id = c.claimant_id
LEFT JOIN statements s ON s.id = c.about_id
LEFT JOIN claim_tallies t ON t.claim_id = c.id
LEFT JOIN claim_consensus cs ON cs.claim_id = c.id
LEFT JOIN reviews r ON r.claim_id = c.id AND r.published_at IS NOT NULL
WHERE c.id = $1`

type cached struct {
	body    []byte
	etag    string
	expires int64
}

type widgetOut struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	Claim     any       `json:"claim"`
	Claimant  any       `json:"claimant"`
	Statement any       `json:"statement"`
	Rating    any       `json:"rating"`
	Consensus any       `json:"consensus"`
	Tally     any       `json:"tally"`
	Facts     any       `json:"facts"`
	Evidence  int       `json:"evidenceCount"`
	UpdatedAt time.Time `json:"updatedAt"`
}

func (s *server) loadWidget(ctx context.Context, id int64) (*cached, error) {
	var (
		cid, aid                      int64
		text, lang, status, precision string
		madeAt, deletedAt, postedAt   sql.NullTime
		updatedAt                     time.Time
		aname, akind                  string
		deleted                       sql.NullBool
		client                        sql.NullString
		holds, partly, dnh            int
		csStatus, csES, csEN          sql.NullString
		rScale, rRating, rSummary     sql.NullString
		rPublished                    sql.NullTime
		count                         int
		facts                         []byte
	)
	err := s.widgetStmt.QueryRowContext(ctx, id).Scan(&cid, &text, &lang, &status, &madeAt, &precision, &updatedAt,
		&aid, &aname, &akind, &deleted, &deletedAt, &client, &postedAt, &holds, &partly, &dnh,
		&csStatus, &csES, &csEN, &rScale, &rRating, &rSummary, &rPublished, &count, &facts)
	if errors.Is(err, sql.ErrNoRows) {
		return &cached{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := widgetOut{
		ID:  cid,
		URL: "http://localhost:8080/claims/" + strconv.FormatInt(cid, 10),
		Claim: map[string]any{"text": text, "lang": lang, "status": status, "madeAt": nullTime(madeAt),
			"madeAtPrecision": precision},
		Claimant:  map[string]any{"name": aname, "kind": akind, "url": "http://localhost:8080/actors/" + strconv.FormatInt(aid, 10)},
		Tally:     map[string]any{"holds": holds, "partly": partly, "doesNotHold": dnh, "total": holds + partly + dnh},
		Consensus: map[string]any{"status": "NEEDS_MORE_VERDICTS"},
		Facts:     json.RawMessage(facts),
		Evidence:  count,
		UpdatedAt: updatedAt.UTC(),
	}
	if deleted.Valid {
		out.Statement = map[string]any{"deleted": deleted.Bool, "deletedAt": nullTime(deletedAt),
			"client": nullString(client), "postedAt": nullTime(postedAt)}
	}
	if csStatus.Valid {
		out.Consensus = map[string]any{"status": csStatus.String, "explanation": map[string]string{"es": csES.String, "en": csEN.String}}
	}
	if rScale.Valid {
		out.Rating = map[string]any{"scale": rScale.String, "key": rRating.String, "summary": rSummary.String,
			"publishedAt": nullTime(rPublished)}
	}
	body, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	return &cached{body: body, etag: `W/"` + hex.EncodeToString(sum[:16]) + `"`}, nil
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func nullString(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

const widgetTTL = 60 * time.Second

func (s *server) widget(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(w, r)
	if !ok {
		return
	}
	now := time.Now().UnixNano()
	var e *cached
	if v, ok := s.cache.Load(id); ok && v.(*cached).expires > now {
		e = v.(*cached)
	} else {
		var err error
		if e, err = s.loadWidget(r.Context(), id); err != nil {
			fail(w, http.StatusServiceUnavailable, err)
			return
		}
		e.expires = now + int64(widgetTTL)
		s.cache.Store(id, e)
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=60, stale-while-revalidate=600")
	if e.body == nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":"NOT_FOUND"}`))
		return
	}
	h.Set("Etag", e.etag)
	if r.Header.Get("If-None-Match") == e.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(e.body)))
	_, _ = w.Write(e.body)
}

// bare is the widget's yardstick: a fixed JSON body, nothing else.
func (s *server) bare(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.fixed)
}

// ---------------------------------------------------------------- cast

const authSQL = `
SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`

const (
	insertVerdictSQL = `
INSERT INTO verdicts (created_at, updated_at, value, claim_id, user_id)
VALUES (now(), now(), $3, $1, $2)
ON CONFLICT (claim_id, user_id) DO NOTHING
RETURNING id`
	// The row is locked by the subquery; old.* is its value before the
	// update. An unchanged verdict is not updated (no row returned).
	updateVerdictSQL = `
UPDATE verdicts v SET value = $3, updated_at = now(), withdrawn_at = NULL
FROM (SELECT id, value, withdrawn_at FROM verdicts WHERE claim_id = $1 AND user_id = $2 FOR UPDATE) old
WHERE v.id = old.id AND (old.value <> $3 OR old.withdrawn_at IS NOT NULL)
RETURNING v.id, old.value, old.withdrawn_at IS NOT NULL`
	historySQL = `
INSERT INTO verdict_changes (value, withdrawn, created_at, verdict_id) VALUES ($1, false, now(), $2)`
	tallySQL = `
INSERT INTO claim_tallies (claim_id, holds, partly, does_not_hold, updated_at)
VALUES ($1, greatest($2::bigint, 0), greatest($3::bigint, 0), greatest($4::bigint, 0), now())
ON CONFLICT (claim_id) DO UPDATE SET holds = claim_tallies.holds + $2, partly = claim_tallies.partly + $3,
  does_not_hold = claim_tallies.does_not_hold + $4, updated_at = now()`
)

var valueIndex = map[string]int{"HOLDS": 0, "PARTLY": 1, "DOES_NOT_HOLD": 2}

type castIn struct {
	ClaimID string `json:"claimId"`
	Value   string `json:"value"`
}

func (s *server) cast(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var in castIn
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&in); err != nil {
		http.Error(w, `{"errors":[{"message":"bad body"}]}`, http.StatusBadRequest)
		return
	}
	claimID, err := strconv.ParseInt(in.ClaimID, 10, 64)
	vi, okValue := valueIndex[in.Value]
	if err != nil || !okValue {
		http.Error(w, `{"errors":[{"message":"bad input"}]}`, http.StatusBadRequest)
		return
	}
	c, err := r.Cookie("veredicto_session")
	if err != nil {
		http.Error(w, `{"errors":[{"message":"sign in"}]}`, http.StatusForbidden)
		return
	}
	sum := sha256.Sum256([]byte(c.Value))
	var userID int64
	if err := s.authStmt.QueryRowContext(ctx, hex.EncodeToString(sum[:])).Scan(&userID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			http.Error(w, `{"errors":[{"message":"sign in"}]}`, http.StatusForbidden)
			return
		}
		fail(w, http.StatusServiceUnavailable, err)
		return
	}
	verdictID, err := s.castTx(ctx, claimID, userID, in.Value, vi)
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, map[string]any{"data": map[string]any{"castVerdict": map[string]any{
		"id": strconv.FormatInt(verdictID, 10), "value": in.Value}}})
}

func (s *server) castTx(ctx context.Context, claimID, userID int64, value string, vi int) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()
	var delta [3]int64
	var id int64
	err = tx.QueryRowContext(ctx, insertVerdictSQL, claimID, userID, value).Scan(&id)
	switch {
	case err == nil:
		delta[vi]++
	case errors.Is(err, sql.ErrNoRows):
		var old string
		var wasWithdrawn bool
		err = tx.QueryRowContext(ctx, updateVerdictSQL, claimID, userID, value).Scan(&id, &old, &wasWithdrawn)
		if errors.Is(err, sql.ErrNoRows) {
			// Unchanged: nothing to record. (The row exists: the insert
			// conflicted on it.)
			var existing int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM verdicts WHERE claim_id = $1 AND user_id = $2`, claimID, userID).Scan(&existing); err != nil {
				return 0, err
			}
			return existing, tx.Commit()
		}
		if err != nil {
			return 0, err
		}
		delta[vi]++
		if !wasWithdrawn {
			delta[valueIndex[old]]--
		}
	default:
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, historySQL, value, id); err != nil {
		return 0, err
	}
	if delta != [3]int64{} {
		if _, err := tx.ExecContext(ctx, tallySQL, claimID, delta[0], delta[1], delta[2]); err != nil {
			return 0, err
		}
	}
	return id, tx.Commit()
}
