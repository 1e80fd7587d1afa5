package importpost

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// v1Deletion is a v1.1 streaming deletion notice:
//
//	{"delete":{"status":{"id":1,"id_str":"1","user_id":2,"user_id_str":"2"},"timestamp_ms":"1326624240000"}}
type v1Deletion struct {
	Delete *struct {
		Status *struct {
			ID        json.RawMessage `json:"id"`
			IDStr     string          `json:"id_str"`
			UserID    json.RawMessage `json:"user_id"`
			UserIDStr string          `json:"user_id_str"`
		} `json:"status"`
		TimestampMS json.RawMessage `json:"timestamp_ms"` // a string in practice; a number is accepted
	} `json:"delete"`
}

// ParseDeletion parses a v1.1 deletion notice.
func ParseDeletion(payload []byte) (*Deletion, error) {
	const f = FormatTwitterV1Deletion
	if err := checkSize(f, payload); err != nil {
		return nil, err
	}
	var n v1Deletion
	if err := decodeJSON(f, payload, &n); err != nil {
		return nil, err
	}
	if n.Delete == nil {
		return nil, missing(f, "delete")
	}
	s := n.Delete.Status
	if s == nil {
		return nil, missing(f, "delete.status")
	}
	id, err := v1ID(f, "delete.status.", s.IDStr, s.ID)
	if err != nil {
		return nil, err
	}
	d := &Deletion{Format: f, Platform: PlatformTwitter, PlatformID: id, Raw: bytes.Clone(payload)}
	if s.UserIDStr != "" || len(s.UserID) > 0 {
		uid, err := v1ID(f, "delete.status.user_", s.UserIDStr, s.UserID)
		if err != nil {
			return nil, err
		}
		d.AuthorID = &uid
	}
	if d.DeletedAt, err = millis(f, "delete.timestamp_ms", n.Delete.TimestampMS); err != nil {
		return nil, err
	}
	return d, nil
}

// millis reads a Unix time in milliseconds given as a JSON string or
// number; absent or null means unknown.
func millis(f Format, field string, raw json.RawMessage) (*time.Time, error) {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "" || s == "null" {
		return nil, nil
	}
	ms, err := strconv.ParseInt(s, 10, 64)
	// Bounds keep the value a plausible instant (1970 to year 9999), so a
	// wrong field (e.g. seconds or an id) cannot become a bizarre date.
	if err != nil || ms < 0 || ms > 253402300799999 {
		return nil, malformed(f, field, "want Unix milliseconds, got %s", clip(s))
	}
	t := time.UnixMilli(ms).UTC()
	return &t, nil
}
