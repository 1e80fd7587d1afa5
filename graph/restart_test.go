package graph_test

// Live updates survive a PostgreSQL restart (issue 7): two instances on one
// database of a private cluster, a subscriber on one, casts on the other,
// and the server restarted in between. The restart never touches the shared
// server other tests use.
//
// Helpers here start with "rs"; rsClusterEnv is shared with fault_test.go.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/internal/changes"
	"github.com/veredicto/veredicto/internal/pgtest"
)

// rsClusterEnv starts Veredicto as apitest.New does, but on a database of a
// private cluster that the test may restart.
func rsClusterEnv(t *testing.T, opts ...apitest.Option) (*apitest.Env, *pgtest.Cluster) {
	t.Helper()
	cluster := pgtest.StartCluster(t)
	return apitest.NewOn(t, cluster.New(t, apitest.Template(t)), opts...), cluster
}

// rsUntilSubscribed waits until every sub receives updates of claim: it
// publishes a CLAIM change for it straight through PostgreSQL, again and
// again, until each has seen one. A subscribe message has no reply, so this
// is how a test knows the server registered the subscription with its
// hub, and that the hub listens.
func rsUntilSubscribed(t *testing.T, db *sql.DB, claim int, subs ...*apitest.Subscription) {
	t.Helper()
	payload := changes.Payload(changes.Event{Claim: claim, Kind: changes.ClaimChanged})
	pending := slices.Clone(subs)
	deadline := time.Now().Add(5 * time.Second)
	for len(pending) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d subscriptions receive no updates after 5 s", len(pending), len(subs))
		}
		if _, err := db.Exec(changes.NotifySQL, changes.Channel, payload); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
		pending = slices.DeleteFunc(pending, func(sub *apitest.Subscription) bool {
			for {
				select {
				case data := <-sub.Next:
					if strings.Contains(string(data), `"kind":"CLAIM"`) {
						return true
					}
				default:
					return false
				}
			}
		})
	}
}

const rsCastDoc = `mutation($c: ID!, $v: VerdictValue!) { castVerdict(claimId: $c, value: $v) { id value } }`

// rsNextChange reads the subscription until an update passes ok, until
// deadline; it returns the updates it skipped too. A "next" payload with
// errors (which apitest's client reports on sub.Errors) fails the wait
// unless tolerate is set: then it is collected and the wait goes on.
func rsNextChange(sub *apitest.Subscription, deadline time.Time, tolerate bool, ok func(claimChange) bool) (
	got claimChange, skipped []claimChange, errs [][]apitest.Error, err error) {
	timeout := time.NewTimer(time.Until(deadline))
	defer timeout.Stop()
	for {
		select {
		case data := <-sub.Next:
			var ch claimChange
			if err := json.Unmarshal(data, &ch); err != nil {
				return got, skipped, errs, err
			}
			if ok(ch) {
				return ch, skipped, errs, nil
			}
			skipped = append(skipped, ch)
		case e := <-sub.Errors:
			errs = append(errs, e)
			if !tolerate {
				return got, skipped, errs, fmt.Errorf("the subscription sent errors: %+v", e)
			}
		case <-timeout.C:
			return got, skipped, errs, errors.New("no such update in time")
		}
	}
}

func TestClaimUpdatedSurvivesDatabaseRestart(t *testing.T) {
	testStart := time.Now()
	env, cluster := rsClusterEnv(t)
	c := env.Seed()
	instanceB := env.SecondInstance()
	reader := env.NewUser(auth.Reader)
	onB := reader.Env(instanceB)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sockA, err := apitest.Dial(ctx, env.URL, apitest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer sockA.Close()
	subA, err := sockA.Subscribe(ctx, claimUpdated, map[string]any{"id": c.ID})
	if err != nil {
		t.Fatal(err)
	}
	// A subscriber on B too, to see B's hub come back after the restart.
	sockB, err := apitest.Dial(ctx, instanceB, apitest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer sockB.Close()
	subB, err := sockB.Subscribe(ctx, claimUpdated, map[string]any{"id": c.ID})
	if err != nil {
		t.Fatal(err)
	}
	rsUntilSubscribed(t, env.DB, c.ID, subA, subB)
	t.Logf("setup (cluster, migrations, two instances, sockets) took %v", time.Since(testStart).Round(time.Millisecond))

	// Before the restart: a cast on B reaches A within a second.
	onB.MustDo(rsCastDoc, map[string]any{"c": c.ID, "v": "HOLDS"}, nil)
	sent := time.Now()
	got, skipped, _, err := rsNextChange(subA, sent.Add(time.Second), false, func(ch claimChange) bool {
		return ch.ClaimUpdated.Kind == "TALLY" && ch.ClaimUpdated.Claim.Tally.Holds == 1
	})
	if err != nil {
		t.Fatalf("before the restart: %v (skipped %+v)", err, skipped)
	}
	t.Logf("before the restart: the update reached A %v after the cast on B returned", time.Since(sent).Round(time.Microsecond))
	before := got.ClaimUpdated.Claim.Tally

	// Restart PostgreSQL. Both hubs reconnect by themselves and tell their
	// subscribers to reload: RESYNC. An update being loaded while the server
	// shuts down may reach the client with an error in it (e.g. on
	// claim.tally); that is tolerated here, the websocket must stay up.
	restartAt := time.Now()
	cluster.Restart(t)
	restarted := time.Now()
	t.Logf("pg_ctl restart -m fast took %v", restarted.Sub(restartAt).Round(time.Millisecond))
	for name, sub := range map[string]*apitest.Subscription{"A": subA, "B": subB} {
		_, skipped, errs, err := rsNextChange(sub, restartAt.Add(10*time.Second), true, func(ch claimChange) bool {
			return ch.ClaimUpdated.Kind == "RESYNC"
		})
		if err != nil {
			t.Fatalf("instance %s: no RESYNC within 10 s of the restart: %v (skipped %+v, errors %+v)", name, err, skipped, errs)
		}
		for _, e := range errs {
			t.Logf("instance %s: during the restart an update came with errors: %+v", name, e)
		}
		t.Logf("instance %s: RESYNC arrived %v after the restart began (%v after the server was ready again)", name,
			time.Since(restartAt).Round(time.Millisecond), time.Since(restarted).Round(time.Millisecond))
	}

	// Cast again on B, retrying while B's pool replaces its dead
	// connections; the update must reach A within a second of the cast
	// that succeeded.
	var attempts int
	var codes []string
	for {
		attempts++
		r := onB.Do(rsCastDoc, map[string]any{"c": c.ID, "v": "PARTLY"})
		if len(r.Errors) == 0 {
			break
		}
		codes = append(codes, r.Code())
		if time.Since(restarted) > 10*time.Second {
			t.Fatalf("casts on B still fail 10 s after the restart: %+v", r.Errors)
		}
		time.Sleep(50 * time.Millisecond)
	}
	sent = time.Now()
	if attempts > 1 {
		t.Logf("the cast on B succeeded at attempt %d, %v after the restart (failures: %v)",
			attempts, sent.Sub(restarted).Round(time.Millisecond), codes)
	}
	got, skipped, _, err = rsNextChange(subA, sent.Add(time.Second), false, func(ch claimChange) bool {
		return ch.ClaimUpdated.Kind == "TALLY" && ch.ClaimUpdated.Claim.Tally.Partly == before.Partly+1
	})
	if err != nil {
		t.Fatalf("after the restart: %v (skipped %+v)", err, skipped)
	}
	t.Logf("after the restart: the update reached A %v after the cast on B returned", time.Since(sent).Round(time.Microsecond))
	if tl := got.ClaimUpdated.Claim.Tally; tl.Holds != before.Holds-1 || tl.Total != before.Total {
		t.Errorf("tally after the change = %+v, want one HOLDS moved to PARTLY from %+v", tl, before)
	}

	// The same websocket carried everything: it never closed.
	select {
	case <-sockA.Done():
		t.Error("instance A's websocket closed")
	case <-sockB.Done():
		t.Error("instance B's websocket closed")
	default:
	}
	var n int
	if err := env.DB.QueryRow(`SELECT count(*) FROM verdicts WHERE user_id = $1`, reader.ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("the reader has %d verdicts (%v), want 1", n, err)
	}
	t.Logf("test took %v", time.Since(testStart).Round(time.Millisecond))
}
