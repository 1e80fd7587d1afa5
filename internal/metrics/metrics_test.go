package metrics

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// Client-chosen operation names cannot grow the metrics without bound:
// past maxOperationSeries, and for overlong names, they count as "(other)".
func TestOperationNamesAreBounded(t *testing.T) {
	db, err := sql.Open("postgres", "host=/nonexistent") // never connects
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := New(db, func() int { return 0 })
	r.ObserveOperation("ClaimPage", "query", false, time.Millisecond)
	r.ObserveOperation(strings.Repeat("x", maxOperationName+1), "query", false, time.Millisecond)
	for i := range 3 * maxOperationSeries {
		r.ObserveOperation(fmt.Sprintf("Bot%d", i), "query", false, time.Millisecond)
	}
	if n := testutil.CollectAndCount(r.operations); n > maxOperationSeries+1 {
		t.Errorf("%d operation series, want at most %d", n, maxOperationSeries+1)
	}
	counts := operationCounts(t, r)
	if counts["ClaimPage"] != 1 {
		t.Errorf("ClaimPage observed %d times, want its own series with 1", counts["ClaimPage"])
	}
	if counts[otherOperations] < 2*maxOperationSeries {
		t.Errorf("(other) observed %d times, want the overlong name and the names past the limit", counts[otherOperations])
	}
}

// operationCounts gathers the operations observed, by name.
func operationCounts(t *testing.T, r *Registry) map[string]uint64 {
	t.Helper()
	families, err := r.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]uint64{}
	for _, f := range families {
		if f.GetName() != "veredicto_graphql_operation_duration_seconds" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "operation" {
					out[l.GetValue()] += m.GetHistogram().GetSampleCount()
				}
			}
		}
	}
	return out
}
