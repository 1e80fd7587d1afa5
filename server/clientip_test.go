package server

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// The client behind trusted proxies is the right-most forwarded address
// that is not one of them, however the proxy wrote it; what the client
// itself put in the header is never believed.
func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	for _, c := range []struct {
		name, peer, forwarded string
		trusted               []netip.Prefix
		want                  string
	}{
		{"no trusted proxy: the header is ignored", "192.0.2.1:5000", "203.0.113.7", nil, "192.0.2.1"},
		{"an untrusted peer's header is ignored", "192.0.2.1:5000", "203.0.113.7", proxies, "192.0.2.1"},
		{"the proxy's entry, not the client's", "10.0.0.1:5000", "198.51.100.1, 203.0.113.7", proxies, "203.0.113.7"},
		{"past a second trusted proxy", "10.0.0.1:5000", "198.51.100.1, 203.0.113.7, 10.0.0.2", proxies, "203.0.113.7"},
		{"an entry with a port", "10.0.0.1:5000", "203.0.113.7:4711", proxies, "203.0.113.7"},
		{"an IPv6 entry with a port, by its /64", "10.0.0.1:5000", "[2001:db8:1:2::7]:443", proxies, "2001:db8:1:2::/64"},
		{"garbage: the last trusted proxy", "10.0.0.1:5000", "unknown", proxies, "10.0.0.1"},
		{"no header: the proxy itself", "10.0.0.1:5000", "", proxies, "10.0.0.1"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.forwarded != "" {
			r.Header.Set("X-Forwarded-For", c.forwarded)
		}
		if got := clientIP(r, c.trusted); got != c.want {
			t.Errorf("%s: clientIP = %q, want %q", c.name, got, c.want)
		}
	}
}
