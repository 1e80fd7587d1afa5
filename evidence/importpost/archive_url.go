package importpost

import (
	"net/url"
	"regexp"
	"strings"
	"time"
)

// waybackURL matches an address rewritten by a Wayback Machine:
// [scheme://host]/web/20120115103512[im_]/http://original...
var waybackURL = regexp.MustCompile(`^((?:https?:)?//[^/]+)?/web/(\d{14})(?:[a-z]{2}_)?/(.+)$`)

// wombatCall matches the playback script a Wayback Machine inserts:
// __wm.wombat("http://original", "20120115103512", "https://web.archive.org/", "web", ...)
var wombatCall = regexp.MustCompile(`__wm\.wombat\(\s*"([^"]+)"\s*,\s*"(\d{14})"\s*,\s*"([^"]*)"\s*,\s*"([^"/]*)"`)

// archivedOn matches the comment a Wayback Machine appends to each page:
// "FILE ARCHIVED ON 10:35:12 Jan 15, 2012 AND RETRIEVED ..." (UTC).
var archivedOn = regexp.MustCompile(`FILE ARCHIVED ON (\d{1,2}:\d{2}:\d{2} [A-Z][a-z]{2} \d{1,2}, \d{4}) AND RETRIEVED`)

// waybackStamp is the layout of a Wayback timestamp, always in UTC.
const waybackStamp = "20060102150405"

// archive reads where and when the page was captured, or nil when the
// page carries no archive marks (e.g. saved straight from the site).
func (pg *page) archive() *Archive {
	a := &Archive{}
	if m := wombatCall.FindStringSubmatch(pg.marks.String()); m != nil {
		a.OriginalURL = httpURL(m[1])
		a.CapturedAt = stampTime(m[2])
		if host := httpURL(m[3]); host != nil && m[4] != "" && a.OriginalURL != nil {
			a.URL = httpURL(strings.TrimSuffix(*host, "/") + "/" + m[4] + "/" + m[2] + "/" + m[1])
		}
	}
	for _, link := range []string{pg.canonical, pg.meta["og:url"]} {
		if a.URL != nil {
			break
		}
		a.fromLink(link)
	}
	if a.CapturedAt == nil {
		if m := archivedOn.FindStringSubmatch(pg.marks.String()); m != nil {
			if t, err := time.Parse("15:04:05 Jan 2, 2006", m[1]); err == nil {
				a.CapturedAt = &t
			}
		}
	}
	if a.URL == nil && a.OriginalURL == nil && a.CapturedAt == nil {
		return nil
	}
	return a
}

// fromLink fills the archive from a rewritten link to the page itself.
func (a *Archive) fromLink(link string) {
	m := waybackURL.FindStringSubmatch(strings.TrimSpace(link))
	if m == nil {
		return
	}
	if a.CapturedAt == nil {
		a.CapturedAt = stampTime(m[2])
	}
	if a.OriginalURL == nil {
		a.OriginalURL = httpURL(m[3])
	}
	if m[1] != "" { // only an absolute link names the archive's host
		host := m[1]
		if strings.HasPrefix(host, "//") {
			host = "https:" + host
		}
		a.URL = httpURL(host + "/web/" + m[2] + "/" + m[3])
	}
}

func stampTime(s string) *time.Time {
	t, err := time.Parse(waybackStamp, s)
	if err != nil {
		return nil
	}
	return &t
}

// unwrapArchived returns the original address inside a Wayback link, or
// the link unchanged.
func unwrapArchived(link string) string {
	link = strings.TrimSpace(link)
	if m := waybackURL.FindStringSubmatch(link); m != nil {
		return m[3]
	}
	return link
}

var twitterHosts = map[string]bool{
	"twitter.com": true, "www.twitter.com": true, "mobile.twitter.com": true,
	"m.twitter.com": true, "x.com": true, "www.x.com": true, "mobile.x.com": true,
}

// parseStatusURL reads a tweet's address: /{handle}/status/{id},
// /i/web/status/{id}, or the 2010-2012 hash-bang form /#!/{handle}/status/{id}.
func parseStatusURL(s string) (status, bool) {
	u, err := url.Parse(s)
	if err != nil || !twitterHosts[strings.ToLower(u.Host)] {
		return status{}, false
	}
	path := u.Path
	if strings.HasPrefix(u.Fragment, "!/") {
		path = u.Fragment[1:]
	}
	seg := strings.Split(strings.Trim(path, "/"), "/")
	if len(seg) < 3 {
		return status{}, false
	}
	if seg[0] == "i" && seg[1] == "web" && len(seg) >= 4 {
		seg = seg[1:] // /i/web/status/{id}: no handle
	}
	if (seg[1] != "status" && seg[1] != "statuses") || !validID(seg[2]) {
		return status{}, false
	}
	st := status{id: seg[2]}
	if h := seg[0]; validHandle(h) && h != "i" && h != "web" {
		st.handle = &h
	}
	return st, true
}
