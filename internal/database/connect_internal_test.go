package database

import (
	"context"
	sqldriver "database/sql/driver"
	"errors"
	"testing"
)

// dialer is a sqldriver.Connector that records the context it dials with.
type dialer struct{ ctx context.Context }

func (d *dialer) Connect(ctx context.Context) (sqldriver.Conn, error) {
	d.ctx = ctx
	return nil, errors.New("connection refused")
}

func (d *dialer) Driver() sqldriver.Driver { return nil }

// A read that opens a connection dials within its request's time, not with
// the detached context it runs its statement with.
func TestReadsDialWithinTheirRequest(t *testing.T) {
	d := &dialer{}
	req, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := (&connector{inner: d}).Connect(detach(req)); err == nil {
		t.Fatal("Connect succeeded without a connection")
	}
	if d.ctx != req {
		t.Errorf("dialled with %v, want the request's context", d.ctx)
	}
}
