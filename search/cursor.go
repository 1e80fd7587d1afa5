package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/veredicto/veredicto/internal/apierr"
)

// cursor is the position of a hit in the result order (rank descending,
// then kind, then id), and the fingerprint of the search it belongs to.
// Clients see it base64url-encoded, as an opaque string.
type cursor struct {
	Rank   float64 `json:"r"`
	Kind   Kind    `json:"k"`
	ID     int     `json:"i"`
	Search string  `json:"s"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c) // a struct of plain fields cannot fail to marshal
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, search string) (*cursor, error) {
	bad := apierr.Field("after", "is not a cursor of this search")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 200 {
		return nil, bad
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.Search != search {
		return nil, bad
	}
	switch c.Kind {
	case KindClaim, KindStatement, KindEvidence:
	default:
		return nil, bad
	}
	return &c, nil
}

// fingerprint identifies a search by everything that decides its result
// set and order, so that a cursor is only accepted by the search it came
// from: the analysed query and the filters.
func fingerprint(tsquery string, v *validated) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\x00%s\x00", tsquery, v.Lang)
	if v.ActorID != nil {
		fmt.Fprintf(&b, "actor=%d", *v.ActorID)
	}
	for _, t := range []*time.Time{v.From, v.To} {
		b.WriteByte(0)
		if t != nil {
			b.WriteString(t.UTC().Format(time.RFC3339Nano))
		}
	}
	status := slices.Clone(v.status)
	slices.Sort(status)
	fmt.Fprintf(&b, "\x00%s\x00", strings.Join(status, ","))
	for _, k := range []Kind{KindClaim, KindStatement, KindEvidence} {
		if v.wants(k) {
			b.WriteString(string(k))
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return base64.RawURLEncoding.EncodeToString(sum[:9])
}
