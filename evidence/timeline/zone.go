package timeline

import (
	"fmt"
	"strings"
	"time"
)

var monthsES = [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"}

// FormatIn renders an instant in a zone for a reader: "15 Jan 2012,
// 11:30 CET" or, in Spanish, "15 ene 2012, 11:30 CET". Seconds appear
// only when not zero, so a time recorded to the minute does not look
// more precise than it is. The zone's abbreviation is always shown,
// because the same instant reads differently for the actor (e.g.
// Europe/Madrid) and for a viewer elsewhere. A nil loc means UTC.
func FormatIn(t time.Time, loc *time.Location, lang string) string {
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	month := lt.Format("Jan")
	if isSpanish(lang) {
		month = monthsES[lt.Month()-1]
	}
	clock := lt.Format("15:04")
	if lt.Second() != 0 {
		clock = lt.Format("15:04:05")
	}
	return fmt.Sprintf("%d %s %d, %s %s", lt.Day(), month, lt.Year(), clock, zoneName(lt))
}

// zoneName is the zone's abbreviation; zones without one (Go prints
// "+03") are written as an offset from UTC.
func zoneName(t time.Time) string {
	name := t.Format("MST")
	if strings.HasPrefix(name, "+") || strings.HasPrefix(name, "-") {
		return "UTC" + name
	}
	return name
}
