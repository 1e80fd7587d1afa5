package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// wrkResult is the line bench/lua/bench.lua prints in done().
type wrkResult struct {
	Requests      int64   `json:"requests"`
	DurationUS    int64   `json:"duration_us"`
	Bytes         int64   `json:"bytes"`
	OK            int64   `json:"ok"`
	Sent          int64   `json:"sent"` // cast modes: requests sent (one more in thread 1: wrk's format check)
	GQLErrors     int64   `json:"gql_errors"`
	Non2xx        int64   `json:"non2xx"`
	ConnectErrors int64   `json:"connect_errors"`
	ReadErrors    int64   `json:"read_errors"`
	WriteErrors   int64   `json:"write_errors"`
	StatusErrors  int64   `json:"status_errors"`
	Timeouts      int64   `json:"timeouts"`
	P50US         int64   `json:"p50_us"`
	P90US         int64   `json:"p90_us"`
	P99US         int64   `json:"p99_us"`
	P999US        int64   `json:"p999_us"`
	MeanUS        float64 `json:"mean_us"`
	MaxUS         int64   `json:"max_us"`
	Sample        string  `json:"sample"`
}

// runWrk runs wrk with the Lua script and its arguments and returns its
// result line and its own CPU time (ms).
func runWrk(ctx context.Context, cfg *config, url string, d time.Duration, args []string) (*wrkResult, float64, error) {
	wargs := []string{
		"-t", strconv.Itoa(cfg.threads), "-c", strconv.Itoa(cfg.connections),
		"-d", fmt.Sprintf("%ds", int(d.Seconds())), "--timeout", "5s",
		"-s", cfg.luaScript, url, "--",
	}
	wargs = append(wargs, args...)
	cmd := exec.CommandContext(ctx, cfg.wrk, wargs...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, 0, fmt.Errorf("wrk: %v\n%s%s", err, out.String(), errb.String())
	}
	cpu := float64((cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Microseconds()) / 1000
	for _, line := range strings.Split(out.String(), "\n") {
		if j, ok := strings.CutPrefix(line, "BENCHJSON "); ok {
			var r wrkResult
			if err := json.Unmarshal([]byte(j), &r); err != nil {
				return nil, 0, fmt.Errorf("wrk result %q: %w", j, err)
			}
			return &r, cpu, nil
		}
	}
	return nil, 0, fmt.Errorf("wrk printed no result:\n%s%s", out.String(), errb.String())
}

// ---------------------------------------------------------------- pg_stat_statements

type stmtStat struct {
	query       string
	calls, rows int64
}

type stmtSnapshot map[int64]stmtStat

func snapshotStatements(ctx context.Context, stats *sql.DB, dbid int64) (stmtSnapshot, error) {
	rows, err := stats.QueryContext(ctx, `SELECT queryid, query, calls, rows FROM pg_stat_statements
		WHERE dbid = $1 AND toplevel AND queryid IS NOT NULL`, dbid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := stmtSnapshot{}
	for rows.Next() {
		var id int64
		var st stmtStat
		if err := rows.Scan(&id, &st.query, &st.calls, &st.rows); err != nil {
			return nil, err
		}
		prev := s[id]
		st.calls += prev.calls
		st.rows += prev.rows
		s[id] = st
	}
	return s, rows.Err()
}

// utilityRE matches transaction control and session statements: counted
// apart from the SQL that reads or writes data.
var utilityRE = regexp.MustCompile(`(?is)^\s*(BEGIN|COMMIT|ROLLBACK|START\s+TRANSACTION|END|SAVEPOINT|RELEASE|SET|RESET|SHOW|DISCARD|DEALLOCATE|LISTEN|UNLISTEN)\b`)

type stmtDelta struct {
	query       string
	calls, rows int64
	utility     bool
}

// diff returns the statements run between two snapshots, most called first.
func diff(before, after stmtSnapshot) (data, utility int64, list []stmtDelta) {
	for id, a := range after {
		b := before[id]
		n := a.calls - b.calls
		if n <= 0 {
			continue
		}
		d := stmtDelta{query: a.query, calls: n, rows: a.rows - b.rows, utility: utilityRE.MatchString(a.query)}
		if d.utility {
			utility += n
		} else {
			data += n
		}
		list = append(list, d)
	}
	sortDeltas(list)
	return data, utility, list
}

func sortDeltas(list []stmtDelta) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && (list[j].calls > list[j-1].calls ||
			list[j].calls == list[j-1].calls && list[j].query < list[j-1].query); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// mergeDeltas sums statement lists of several rounds by query text.
func mergeDeltas(lists ...[]stmtDelta) []stmtDelta {
	byQuery := map[string]*stmtDelta{}
	var order []string
	for _, l := range lists {
		for _, d := range l {
			if m := byQuery[d.query]; m != nil {
				m.calls += d.calls
				m.rows += d.rows
				continue
			}
			c := d
			byQuery[d.query] = &c
			order = append(order, d.query)
		}
	}
	out := make([]stmtDelta, 0, len(order))
	for _, q := range order {
		out = append(out, *byQuery[q])
	}
	sortDeltas(out)
	return out
}
