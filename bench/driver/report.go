package main

import (
	"fmt"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"
)

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// metrics are one target's medians over its rounds.
type metrics struct {
	rps, p50, p99, cpu, sql, util float64
	errors                        int64
	requests                      int64
	rounds                        int
}

func summarize(rs []*round) metrics {
	var m metrics
	var rps, p50, p99, cpu, sql, util []float64
	for _, r := range rs {
		rps = append(rps, r.rps)
		p50 = append(p50, float64(r.res.P50US)/1000)
		p99 = append(p99, float64(r.res.P99US)/1000)
		cpu = append(cpu, r.cpuPerReq())
		sql = append(sql, r.sqlPerReq())
		if r.res.Requests > 0 {
			util = append(util, float64(r.utilStmts)/float64(r.res.Requests))
		}
		m.errors += r.res.GQLErrors + r.res.Non2xx + r.res.Timeouts + r.res.ConnectErrors + r.res.ReadErrors + r.res.WriteErrors
		m.requests += r.res.Requests
	}
	m.rps, m.p50, m.p99, m.cpu, m.sql, m.util = median(rps), median(p50), median(p99), median(cpu), median(sql), median(util)
	m.rounds = len(rs)
	return m
}

// refs are the targets a scenario's rows are compared with.
func refs(sc *scenario) []string {
	switch sc.key {
	case "widget", "widget-rate":
		return []string{"ceiling", "bare"}
	case "cast-hot", "cast-spread", "cast-hot-nosync":
		return []string{"ceiling"}
	}
	return []string{"ceiling", "postgraphile"}
}

var refLabel = map[string]string{"ceiling": "ceiling", "postgraphile": "PostGraphile", "bare": "bare handler"}

func ratio(a, b float64) string {
	if b == 0 {
		if a == 0 {
			return "–"
		}
		return "∞"
	}
	r := a / b
	switch {
	case r >= 10:
		return fmt.Sprintf("%.0f×", r)
	case r >= 0.095:
		return fmt.Sprintf("%.2f×", r)
	}
	return fmt.Sprintf("%.3f×", r)
}

func thousands(f float64) string {
	s := fmt.Sprintf("%.0f", f)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func (b *bench) report() string {
	var sb strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&sb, format, args...) }
	cpus, memMB, model, kernel := machine()
	w("# Veredicto benchmark (`make bench`)\n\n")
	w("Run %s, took %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), time.Since(b.start).Round(time.Second))
	w("- Machine: %d CPUs (nproc), %s MB memory, %s, %s\n", cpus, thousands(float64(memMB)), model, kernel)
	w("- Software: PostgreSQL %s; %s; Node %s; %s; wrk %s\n", strings.TrimPrefix(b.pg.version(), "postgres (PostgreSQL) "),
		runtime.Version(), cmdVersion("node", "--version"), "PostGraphile 4.14.1", wrkVersion(b.cfg.wrk))
	w("- Load: wrk, %d threads, %d connections, %d rounds of %s per target, interleaved (A, B, C, A, B, C, ...), after a %s warm-up each; figures are medians of the rounds\n",
		b.cfg.threads, b.cfg.connections, b.cfg.rounds, b.cfg.duration, b.cfg.warmup)
	w("- Dataset (generated in %.0f s): %s actors, %s statements, %s claims, %s evidence, %s users with sessions, %s verdicts, %s verdict changes, %s tallies\n",
		b.genTotal.Seconds(), thousands(float64(b.rowCounts["actors"])), thousands(float64(b.rowCounts["statements"])),
		thousands(float64(b.rowCounts["claims"])), thousands(float64(b.rowCounts["evidence"])), thousands(float64(b.rowCounts["users"])),
		thousands(float64(b.rowCounts["verdicts"])), thousands(float64(b.rowCounts["verdict_changes"])), thousands(float64(b.rowCounts["claim_tallies"])))
	var others []float64
	for _, res := range b.results {
		for _, rs := range res.rounds {
			for _, r := range rs {
				if r.wall > 0 {
					others = append(others, r.otherCPU/r.wall)
				}
			}
		}
	}
	slices.Sort(others)
	if len(others) > 0 {
		w("- Other processes on the machine (not the servers, PostgreSQL or wrk) used a median of %.2f cores during the rounds, at most %.2f (see the per-round table): figures from a shared machine are noisier than the ratios between interleaved rounds\n",
			median(others), others[len(others)-1])
	}
	w("- PostgreSQL: a private cluster for the run, shared_buffers 1GB, durability on (fsync, synchronous_commit), pg_stat_statements preloaded; all three servers use pools of 20 connections and run side by side on the same machine as wrk\n\n")

	w("## Results\n\n")
	w("Each cell: the median, then in brackets its ratio to the reference servers named in the scenario's heading. ")
	w("CPU is the server process plus every PostgreSQL process (from /proc utime+stime), per request. ")
	w("SQL/req counts pg_stat_statements calls of statements that read or write data; transaction control (BEGIN, COMMIT) is counted apart in the statement lists below.\n\n")
	for _, res := range b.results {
		sc := res.sc
		rs := refs(sc)
		names := make([]string, 0, len(rs))
		for _, r := range rs {
			names = append(names, refLabel[r])
		}
		w("### %s\n\n", sc.title)
		w("Ratios: × %s.\n\n", strings.Join(names, " / × "))
		w("| server | req/s | p50 ms | p99 ms | CPU ms/req | SQL/req | errors |\n|---|---|---|---|---|---|---|\n")
		ref := map[string]metrics{}
		for _, r := range rs {
			if rounds, ok := res.rounds[r]; ok {
				ref[r] = summarize(rounds)
			}
		}
		for _, t := range sc.targets {
			m := summarize(res.rounds[t.key])
			cell := func(v float64, shown string, get func(metrics) float64) string {
				var parts []string
				for _, r := range rs {
					if r == t.key {
						parts = append(parts, "1")
						continue
					}
					if rm, ok := ref[r]; ok {
						parts = append(parts, ratio(v, get(rm)))
					} else {
						parts = append(parts, "–")
					}
				}
				return shown + " (" + strings.Join(parts, " / ") + ")"
			}
			w("| %s | %s | %s | %s | %s | %s | %d |\n", t.label,
				cell(m.rps, thousands(m.rps), func(x metrics) float64 { return x.rps }),
				cell(m.p50, fmt.Sprintf("%.2f", m.p50), func(x metrics) float64 { return x.p50 }),
				cell(m.p99, fmt.Sprintf("%.2f", m.p99), func(x metrics) float64 { return x.p99 }),
				cell(m.cpu, fmt.Sprintf("%.3f", m.cpu), func(x metrics) float64 { return x.cpu }),
				cell(m.sql, fmt.Sprintf("%.2f", m.sql), func(x metrics) float64 { return x.sql }),
				m.errors)
		}
		for _, s := range sc.skipped {
			w("\n- %s", s)
		}
		w("\n\n")
	}

	w("## Memory\n\n| server | peak RSS (VmHWM) | largest RSS sampled per scenario |\n|---|---|---|\n")
	for _, s := range b.servers() {
		var parts []string
		for _, res := range b.results {
			if v := s.rssMax[res.sc.key]; v > 0 {
				parts = append(parts, fmt.Sprintf("%s %.0f MB", res.sc.key, float64(v)/1024))
			}
		}
		w("| %s | %.0f MB | %s |\n", s.name, float64(s.hwm)/1024, strings.Join(parts, ", "))
	}
	w("\n")

	w("## Targets (issues 6 and 9)\n\n")
	for _, line := range b.targets() {
		w("- %s\n", line)
	}
	w("\n")

	if len(b.notes) > 0 {
		w("## Notes\n\n")
		for _, n := range b.notes {
			w("- %s\n", n)
		}
		w("\n")
	}

	w("## Cast checks\n\nEvery cast changes a verdict (hot: a reader changes their mind; spread: a new verdict), so each one that commits adds exactly one history row (verdict_changes) and, when spread, one verdict. ")
	w("wrk stops with requests in flight, which the server may still commit, so the rows added must lie between the acknowledged casts (2xx without \"errors\") and the casts sent: fewer rows than acknowledged casts are lost verdicts, more than sent are double counts. ")
	w("After each run every claim's tally must equal a fresh count of its verdicts, and the hot claim keeps one verdict per reader.\n\n")
	w("| scenario | server | round | acknowledged | sent | history rows added | verdicts added / expected | lost | unaccounted | claims with a wrong tally | hot claim total / expected | result |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, res := range b.results {
		if res.sc.cast == "" {
			continue
		}
		for _, t := range res.sc.targets {
			all := append([]*round{res.warm[t.key]}, res.rounds[t.key]...)
			for i, r := range all {
				if r == nil || r.check == nil {
					continue
				}
				c := r.check
				name := "warm-up"
				if i > 0 {
					name = fmt.Sprint(i)
				}
				verdict := "ok"
				if !c.ok() {
					verdict = "MISMATCH"
				}
				hot := "–"
				if res.sc.cast == "hot" {
					hot = fmt.Sprintf("%d / %d", c.hotTotal, c.wantHotTotal)
				}
				w("| %s | %s | %s | %d | %d | %d | %d / %d | %d | %d | %d | %s | %s |\n", res.sc.key, t.key, name, c.acked, c.sent,
					c.changes, c.newVerdicts, c.wantNewVerdicts, c.lost(), c.extra(), c.tallyMismatches, hot, verdict)
			}
		}
	}
	w("\n")

	w("## Statements per request (pg_stat_statements, all measured rounds)\n\n")
	for _, res := range b.results {
		for _, t := range res.sc.targets {
			if t.key == "bare" {
				continue
			}
			var lists [][]stmtDelta
			var reqs int64
			for _, r := range res.rounds[t.key] {
				lists = append(lists, r.statements)
				reqs += r.res.Requests
			}
			merged := mergeDeltas(lists...)
			if reqs == 0 {
				continue
			}
			w("<details><summary>%s, %s: %.2f data statements + %.2f transaction control per request</summary>\n\n",
				res.sc.key, t.label, summarize(res.rounds[t.key]).sql, summarize(res.rounds[t.key]).util)
			w("| per request | rows per call | statement |\n|---|---|---|\n")
			for i, d := range merged {
				if i == 20 {
					w("| … | | %d more |\n", len(merged)-20)
					break
				}
				rows := "–"
				if d.calls > 0 {
					rows = fmt.Sprintf("%.1f", float64(d.rows)/float64(d.calls))
				}
				w("| %.3f | %s | `%s` |\n", float64(d.calls)/float64(reqs), rows, shortSQL(d.query, 240))
			}
			w("\n</details>\n\n")
		}
	}
	w("## What the PostgreSQL backends were doing\n\nSampled every 100 ms during the measured rounds (pg_stat_activity of the benchmark database): the average number of client backends in each state. ")
	w("\"Lock: object\" during casts is the global lock PostgreSQL takes at commit for transactions that sent NOTIFY, held until the commit is flushed; \"Lock: transactionid\" is waiting for another transaction's row lock (the hot tally row); \"LWLock: WALWrite\" and \"IO: WALSync\" are the commit's WAL flush.\n\n")
	w("| scenario | server | states (average backends) |\n|---|---|---|\n")
	for _, res := range b.results {
		for _, t := range res.sc.targets {
			if t.key == "bare" {
				continue
			}
			total := map[string]int{}
			samples := 0
			for _, r := range res.rounds[t.key] {
				samples += r.samples
				for k, v := range r.waits {
					total[k] += v
				}
			}
			if samples == 0 {
				continue
			}
			type kv struct {
				k string
				v int
			}
			var list []kv
			for k, v := range total {
				list = append(list, kv{k, v})
			}
			slices.SortFunc(list, func(a, b kv) int {
				if a.v != b.v {
					return b.v - a.v
				}
				return strings.Compare(a.k, b.k)
			})
			var parts []string
			for i, e := range list {
				if i == 6 {
					break
				}
				parts = append(parts, fmt.Sprintf("%s %.2f", e.k, float64(e.v)/float64(samples)))
			}
			w("| %s | %s | %s |\n", res.sc.key, t.key, strings.Join(parts, "; "))
		}
	}
	w("\n")

	w("## Per round\n\n| scenario | server | round | req/s | p50 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req | wrk CPU s | other processes, cores | SQL/req | errors |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, res := range b.results {
		for i := 0; i < b.cfg.rounds; i++ {
			for _, t := range res.sc.targets {
				rs := res.rounds[t.key]
				if i >= len(rs) {
					continue
				}
				r := rs[i]
				n := float64(max(r.res.Requests, 1))
				other := 0.0
				if r.wall > 0 {
					other = r.otherCPU / r.wall
				}
				w("| %s | %s | %d | %s | %.2f | %.2f | %.3f | %.3f | %.1f | %.2f | %.2f | %d |\n", res.sc.key, t.key, i+1, thousands(r.rps),
					float64(r.res.P50US)/1000, float64(r.res.P99US)/1000, r.serverCPU/n, r.pgCPU/n, r.wrkCPU/1000, other, r.sqlPerReq(),
					r.res.GQLErrors+r.res.Non2xx+r.res.Timeouts)
			}
		}
	}
	w("\n")
	return sb.String()
}

var spaceRE = regexp.MustCompile(`\s+`)

func shortSQL(q string, n int) string {
	q = strings.TrimSpace(spaceRE.ReplaceAllString(q, " "))
	q = strings.ReplaceAll(q, "`", "'")
	q = strings.ReplaceAll(q, "|", `\|`)
	if len([]rune(q)) > n {
		q = string([]rune(q)[:n]) + "…"
	}
	return q
}

func cmdVersion(name string, args ...string) string {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil && len(out) == 0 {
		return "?"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(line)
}

func wrkVersion(bin string) string {
	v := cmdVersion(bin, "-v")
	if f := strings.Fields(v); len(f) >= 2 {
		return f[1]
	}
	return v
}

// targets checks the figures against the issues' targets.
func (b *bench) targets() []string {
	var out []string
	get := func(sc, t string) (metrics, bool) {
		for _, res := range b.results {
			if res.sc.key == sc {
				if rs, ok := res.rounds[t]; ok {
					return summarize(rs), true
				}
			}
		}
		return metrics{}, false
	}
	mark := func(ok bool) string {
		if ok {
			return "**met**"
		}
		return "**missed**"
	}
	if v, ok := get("claim", "veredicto"); ok {
		if c, ok := get("claim", "ceiling"); ok {
			out = append(out, fmt.Sprintf("Claim + 10 evidence ≥ 0.5× the ceiling's req/s: %s (%s: %s vs %s req/s)",
				mark(v.rps >= 0.5*c.rps), ratio(v.rps, c.rps), thousands(v.rps), thousands(c.rps)))
		}
		if p, ok := get("claim", "postgraphile"); ok {
			out = append(out, fmt.Sprintf("Claim + 10 evidence ≥ 2× PostGraphile's req/s: %s (%s: %s vs %s req/s)",
				mark(v.rps >= 2*p.rps), ratio(v.rps, p.rps), thousands(v.rps), thousands(p.rps)))
		} else {
			out = append(out, "Claim + 10 evidence ≥ 2× PostGraphile: not measured (PostGraphile did not run)")
		}
		// wrk stops with up to one request per connection in flight: their
		// statements ran but their responses were not counted.
		inFlight := 3 * float64(b.cfg.connections*v.rounds) / float64(max(v.requests, 1))
		out = append(out, fmt.Sprintf("Claim + 10 evidence ≤ 3 SQL statements per request: %s (%.3f, plus %.2f transaction control; up to %.3f of it from requests in flight when wrk stopped)",
			mark(v.sql <= 3+inFlight), v.sql, v.util, inFlight))
	}
	if v, ok := get("cast-hot", "veredicto"); ok {
		out = append(out, fmt.Sprintf("castVerdict on one hot claim ≥ 2,500 casts/s: %s (%s casts/s; the ceiling: %s)",
			mark(v.rps >= 2500), thousands(v.rps), func() string {
				if c, ok := get("cast-hot", "ceiling"); ok {
					return thousands(c.rps)
				}
				return "–"
			}()))
		out = append(out, fmt.Sprintf("castVerdict p99 < 50 ms: %s (%.1f ms)", mark(v.p99 < 50), v.p99))
		if n, ok := get("cast-hot-nosync", "veredicto"); ok {
			c, _ := get("cast-hot-nosync", "ceiling")
			out = append(out, fmt.Sprintf("(diagnostic) with synchronous_commit = off the hot claim takes %s casts/s from Veredicto, p99 %.1f ms (the ceiling: %s casts/s)",
				thousands(n.rps), n.p99, thousands(c.rps)))
		}
	}
	for _, sc := range []string{"cast-hot", "cast-spread", "cast-hot-nosync"} {
		for _, res := range b.results {
			if res.sc.key != sc {
				continue
			}
			bad := 0
			total := 0
			for _, t := range res.sc.targets {
				for _, r := range append([]*round{res.warm[t.key]}, res.rounds[t.key]...) {
					if r != nil && r.check != nil {
						total++
						if !r.check.ok() {
							bad++
						}
					}
				}
			}
			out = append(out, fmt.Sprintf("%s: zero lost or double-counted verdicts: %s (%d of %d runs checked clean)",
				sc, mark(bad == 0), total-bad, total))
		}
	}
	if b.veredicto != nil {
		out = append(out, fmt.Sprintf("Veredicto's RSS ≤ 150 MB during the benchmark: %s (peak %.0f MB)",
			mark(b.veredicto.hwm <= 150*1024), float64(b.veredicto.hwm)/1024))
	}
	if v, ok := get("widget", "veredicto"); ok {
		if bare, ok := get("widget", "bare"); ok {
			out = append(out, fmt.Sprintf("Widget ≥ 70%% of a bare handler's req/s: %s (%.0f%%: %s vs %s req/s)",
				mark(v.rps >= 0.7*bare.rps), 100*v.rps/bare.rps, thousands(v.rps), thousands(bare.rps)))
		}
		out = append(out, fmt.Sprintf("Widget p99 < 10 ms at %d connections: %s (%.2f ms at full load; the bare handler: %.2f ms)",
			b.cfg.connections, mark(v.p99 < 10), v.p99, func() float64 { x, _ := get("widget", "bare"); return x.p99 }()))
		if r, ok := get("widget-rate", "veredicto"); ok {
			bare, _ := get("widget-rate", "bare")
			out = append(out, fmt.Sprintf("(below saturation) widget p99 paced at about %s req/s over %d connections: %.2f ms (the bare handler: %.2f ms; achieved %s req/s)",
				thousands(float64(b.cfg.widgetRate)), b.cfg.connections, r.p99, bare.p99, thousands(r.rps)))
		}
	} else if b.widgetNote != "" {
		out = append(out, "Widget targets: not measured: "+b.widgetNote)
	}
	return out
}
