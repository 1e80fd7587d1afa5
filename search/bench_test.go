package search

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/veredicto/veredicto/internal/pgtest"
)

// Benchmark corpus size.
const (
	benchActors   = 200
	benchClaims   = 100_000
	benchEvidence = 500_000 // five items per claim
	// benchMinSamples is the fewest timed searches the percentiles are
	// computed from, whatever -benchtime says.
	benchMinSamples = 400
)

// benchVocabES and benchVocabEN are the common words of the generated
// texts, most frequent first (word k is drawn with probability falling
// with k). A third of the words of every text are drawn instead from a
// long tail of 50,000 made-up words ("t123"), which each appear in about
// 100 items, as the rare words of real text do.
var (
	benchVocabES = strings.Fields(`partido gobierno cuenta tuit declaración psoe
		ministro presidente oposición elecciones campaña votos congreso senado
		ley reforma impuestos vivienda alquiler pensiones sanidad educación
		empleo paro salario inflación precios energía luz gas agua clima
		europa bruselas madrid cataluña andalucía valencia galicia país
		ciudadanos periodistas medios redes mensaje vídeo imagen captura
		borrado error broma hacker hackeo hackeada acusación acusaciones
		mentira verdad dato cifra informe estudio encuesta datos fuente
		denuncia tribunal juez fiscal sentencia corrupción caso investigación
		policía guardia seguridad frontera inmigración refugiados empresa banco
		deuda déficit presupuesto gasto inversión subvención ayuda crisis
		pandemia vacuna hospital médicos colegio universidad becas jóvenes
		mayores mujeres igualdad violencia derechos libertad prensa televisión
		radio periódico portavoz secretario alcalde concejal diputado senador
		candidato líder militante afiliados primarias congreso federal
		comunicado explicación disculpas rectificación polémica escándalo`)
	benchVocabEN = strings.Fields(`party government account tweet statement
		minister president opposition election campaign votes parliament law
		reform taxes housing rent pensions health education jobs wages
		inflation prices energy climate europe london country citizens press
		media message video screenshot deleted error joke hacker hacked
		accusation lie truth data figure report study poll source court judge
		ruling corruption investigation police border immigration company
		bank debt budget spending crisis pandemic vaccine hospital school`)
)

// loadBenchCorpus fills db with the benchmark corpus: benchClaims claims
// (four in five in Spanish) by benchActors actors, each with a made_at, and
// benchEvidence evidence items (most published, some retracted or
// pending), then vacuums and analyses, as autovacuum would after such a
// load. A rare word, "malversación", is in one claim in 2,000 and one
// evidence summary in 2,000.
func loadBenchCorpus(b *testing.B, db *sql.DB) {
	start := time.Now()
	ctx := context.Background()
	exec := func(query string, args ...any) {
		b.Helper()
		if _, err := db.ExecContext(ctx, query, args...); err != nil {
			b.Fatalf("loading the corpus: %v\n%s", err, query)
		}
	}
	exec(`INSERT INTO actors (created_at, updated_at, name, kind)
		SELECT now(), now(), 'Actor ' || i, 'PARTY' FROM generate_series(1, $1::int) AS i`, benchActors)
	// Claims and evidence in parallel batches: to_tsvector is the cost.
	parallel := func(total, batch int, query string) {
		var wg sync.WaitGroup
		errs := make(chan error, total/batch+1)
		sem := make(chan struct{}, 2)
		for lo := 1; lo <= total; lo += batch {
			wg.Add(1)
			sem <- struct{}{}
			go func(lo, hi int) {
				defer wg.Done()
				defer func() { <-sem }()
				if _, err := db.ExecContext(ctx, query, lo, hi); err != nil {
					errs <- err
				}
			}(lo, min(lo+batch-1, total))
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatalf("loading the corpus: %v", err)
		}
	}
	// textOf is n words in lang: about two in three from the language's
	// vocabulary, skewed to its first words, the others from the tail.
	exec(`CREATE TABLE bench_vocab (lang text PRIMARY KEY, words text[])`)
	exec(`INSERT INTO bench_vocab VALUES ('es', $1), ('en', $2)`, pq.Array(benchVocabES), pq.Array(benchVocabEN))
	textOf := func(lang, n string) string {
		return fmt.Sprintf(`(SELECT string_agg(CASE WHEN random() < 0.33 THEN 't' || floor(random() * 50000)::int
		                       ELSE v.words[1 + floor(power(random(), 1.6) * array_length(v.words, 1))::int] END, ' ')
		  FROM bench_vocab v, generate_series(1, %s) WHERE v.lang = %s)`, n, lang)
	}
	parallel(benchClaims, 10_000, `
		INSERT INTO claims (created_at, updated_at, claimant_id, lang, text, status, made_at, tags)
		SELECT now(), now(), a.id, l.lang,
		       `+textOf("l.lang", "12 + i % 10")+` || CASE WHEN i % 2000 = 7 THEN ' malversación' ELSE '' END,
		       (ARRAY['OPEN', 'RATED', 'ARCHIVED'])[1 + i % 3],
		       timestamptz '2010-01-01' + (i % 5000) * interval '1 day',
		       jsonb_build_array('t' || (i % 3000))
		FROM generate_series($1::int, $2::int) AS i
		CROSS JOIN LATERAL (SELECT CASE WHEN i % 5 = 0 THEN 'en' ELSE 'es' END AS lang) AS l
		JOIN LATERAL (SELECT id FROM actors ORDER BY id OFFSET i % `+fmt.Sprint(benchActors)+` LIMIT 1) AS a ON true`)
	exec(`CREATE TABLE bench_claims AS SELECT row_number() OVER (ORDER BY id) AS n, id, lang FROM claims`)
	exec(`CREATE INDEX ON bench_claims (n)`)
	parallel(benchEvidence, 25_000, `
		INSERT INTO evidence (created_at, updated_at, kind, stance, claim_id, summary, body, status, observed_at)
		SELECT now(), now(), 'OTHER', 'CONTEXT', c.id,
		       `+textOf("c.lang", "8 + i % 8")+` || CASE WHEN i % 2000 = 11 THEN ' malversación' ELSE '' END,
		       `+textOf("c.lang", "20 + i % 30")+`,
		       CASE WHEN i % 25 = 0 THEN 'RETRACTED' WHEN i % 17 = 0 THEN 'PENDING' ELSE 'PUBLISHED' END,
		       timestamptz '2010-01-01' + (i % 5000) * interval '1 day'
		FROM generate_series($1::int, $2::int) AS i
		JOIN bench_claims c ON c.n = 1 + i % `+fmt.Sprint(benchClaims))
	exec(`DROP TABLE bench_claims, bench_vocab`)
	exec(`VACUUM ANALYZE claims`)
	exec(`VACUUM ANALYZE evidence`)
	exec(`VACUUM ANALYZE statements`)
	var size string
	if err := db.QueryRow(`SELECT pg_size_pretty(pg_database_size(current_database()))`).Scan(&size); err != nil {
		b.Fatal(err)
	}
	b.Logf("corpus: %d claims, %d evidence items loaded in %v (database %s)",
		benchClaims, benchEvidence, time.Since(start).Round(time.Second), size)
}

// BenchmarkSearch runs a mix of searches over 100,000 claims and 500,000
// evidence items and reports the latency percentiles of single searches
// (p50-ms, p99-ms, max-ms) over at least benchMinSamples searches, and each
// query's hits and median in the log (-v). The corpus is generated in a
// fresh database first, which takes a few minutes; run it alone with
//
//	go test -run '^$' -bench BenchmarkSearch -v ./search/
//
// To measure again without regenerating, keep the database of a first run
// (VEREDICTO_TEST_KEEP_DB=1 logs its DSN) and pass that DSN as
// VEREDICTO_SEARCH_BENCH_DSN; drop the database by hand afterwards.
func BenchmarkSearch(b *testing.B) {
	var db *sql.DB
	if dsn := os.Getenv("VEREDICTO_SEARCH_BENCH_DSN"); dsn != "" {
		db = pgtest.Open(b, dsn)
	} else {
		db = pgtest.Open(b, pgtest.New(b, template(b)))
		loadBenchCorpus(b, db)
	}
	var actor int
	if err := db.QueryRow(`SELECT claimant_id FROM claims LIMIT 1`).Scan(&actor); err != nil {
		b.Fatal(err)
	}
	queries := []Query{
		{Text: "malversacion "},                          // rare word, no accent
		{Text: "t4242 "},                                 // a tail word: ~100 items
		{Text: "t4242 t17"},                              // and a prefix
		{Text: "hacker psoe t12"},                        // two common words and a prefix
		{Text: "acusación hackeo ", Lang: "es"},          // two common words
		{Text: "vivienda alquiler precios ", Lang: "es"}, // three common words
		{Text: "hack"},                                   // type-ahead, common prefix
		{Text: "malv"},                                   // type-ahead, rare prefix
		{Text: "housing rent ", Lang: "en"},
		{Text: "corrupción", ActorID: &actor},
		{Text: "pensiones", From: date("2012-01-01"), To: date("2013-01-01"), Status: []string{"RATED"}},
		{Text: "el partido"}, // the most common word: every page ranks ~40% of all items
	}
	ctx := context.Background()
	hits := make([]int, len(queries))
	for i, q := range queries { // warm-up, and what each query finds
		p, err := Search(ctx, db, q)
		if err != nil {
			b.Fatal(err)
		}
		hits[i] = p.Total
	}
	perQuery := make([][]time.Duration, len(queries))
	var all []time.Duration
	i := 0
	one := func() {
		k := i % len(queries)
		i++
		start := time.Now()
		if _, err := Search(ctx, db, queries[k]); err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		perQuery[k] = append(perQuery[k], d)
		all = append(all, d)
	}
	for b.Loop() {
		one()
	}
	b.StopTimer()
	for len(all) < benchMinSamples {
		one()
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	pct := func(ds []time.Duration, p float64) time.Duration {
		s := slices.Clone(ds)
		slices.Sort(s)
		return s[min(len(s)-1, int(p*float64(len(s))))]
	}
	for k, q := range queries {
		b.Logf("%-28q lang %-2q %7d hits  p50 %8.1f ms  max %8.1f ms", q.Text, q.Lang, hits[k], ms(pct(perQuery[k], 0.5)), ms(slices.Max(perQuery[k])))
	}
	b.ReportMetric(ms(pct(all, 0.50)), "p50-ms")
	b.ReportMetric(ms(pct(all, 0.99)), "p99-ms")
	b.ReportMetric(ms(slices.Max(all)), "max-ms")
}
