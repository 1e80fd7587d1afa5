package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// parseProxies reads $TRUSTED_PROXIES: comma-separated addresses or CIDR
// ranges of the reverse proxies in front of Veredicto.
func parseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, fmt.Errorf("TRUSTED_PROXIES: %q is not an address or CIDR range", s)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("TRUSTED_PROXIES: %q is not an address or CIDR range", s)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// clientIP names the client a request comes from, as throttling counts
// clients (see addrString). The connection's peer is the client unless it
// is a trusted proxy; then the client is the right-most X-Forwarded-For
// entry that is not a trusted proxy (the left part of the header is
// whatever the client sent, and is never believed). With no trusted
// proxies, the header is ignored.
func clientIP(r *http.Request, trusted []netip.Prefix) string {
	peer := peerAddr(r)
	if len(trusted) == 0 || !isTrusted(peer, trusted) {
		return addrString(peer, r.RemoteAddr)
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := forwardedAddr(hops[i])
		if !ok {
			break // garbage: stop at the last proxy we trust
		}
		if !isTrusted(a, trusted) {
			return addrString(a.Unmap(), "")
		}
		peer = a
	}
	return addrString(peer, r.RemoteAddr)
}

// forwardedAddr reads one X-Forwarded-For entry: an address, or an
// address and port ("203.0.113.7:4711", "[2001:db8::1]:443"), as some
// proxies write it.
func forwardedAddr(hop string) (netip.Addr, bool) {
	hop = strings.TrimSpace(hop)
	if a, err := netip.ParseAddr(hop); err == nil {
		return a, true
	}
	if ap, err := netip.ParseAddrPort(hop); err == nil {
		return ap.Addr(), true
	}
	return netip.Addr{}, false
}

func peerAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// addrString names a client for throttling. An IPv6 client is named by its
// /64 network: one subscriber usually gets a whole /64 and can use any
// address in it, so per-address limits would not hold it back.
func addrString(a netip.Addr, fallback string) string {
	switch {
	case !a.IsValid():
		return fallback
	case a.Is6():
		return netip.PrefixFrom(a, 64).Masked().String()
	}
	return a.String()
}
