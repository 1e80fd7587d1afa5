package timeline

import (
	"fmt"
	"strings"
	"time"

	"github.com/veredicto/veredicto/evidence"
)

// Gap is the time from the anchor post to an event.
type Gap struct {
	Event        EventKind
	EvidenceKind evidence.Kind // for Observed events
	OfAnchor     bool          // the event is the anchor's own deletion
	D            time.Duration // event minus anchor post; negative when before
}

// Describe says the gap in words, in Spanish when lang starts with "es"
// (e.g. "es", "es-ES") and in English otherwise:
//
//	deleted 14 minutes after posting      borrado 14 minutos después de publicarse
//	explanation 2 h 10 min after the post explicación 2 h 10 min después del mensaje
func (g Gap) Describe(lang string) string {
	w := wordsFor(lang)
	subject := w.subject(g)
	if g.D == 0 {
		return subject + " " + w.same
	}
	rel, ref := w.after, w.post
	if g.D < 0 {
		rel = w.before
	}
	if g.OfAnchor {
		ref = w.posting
	}
	return fmt.Sprintf("%s %s %s %s", subject, FormatDuration(g.D, lang), rel, ref)
}

// words holds one language's phrases.
type words struct {
	after, before, post, posting, same string
	events                             map[EventKind]string
	evidence                           map[evidence.Kind]string
	units                              units
}

func (w words) subject(g Gap) string {
	if g.Event == Observed {
		if s, ok := w.evidence[g.EvidenceKind]; ok {
			return s
		}
	}
	return w.events[g.Event]
}

var english = words{
	after: "after", before: "before", post: "the post",
	posting: "posting", same: "at the same moment as the post",
	events: map[EventKind]string{Posted: "posted", Deleted: "deleted", Claimed: "explanation", Observed: "evidence"},
	evidence: map[evidence.Kind]string{
		evidence.KindDeletedPost: "record of the deleted post", evidence.KindTiming: "timing evidence",
		evidence.KindClientMetadata: "client metadata", evidence.KindTestimony: "testimony",
		evidence.KindPriorIncident: "prior incident", evidence.KindSocialReaction: "reaction",
		evidence.KindScreenshot: "screenshot", evidence.KindArchive: "archived copy",
		evidence.KindDocument: "document", evidence.KindOther: "evidence",
	},
	units: units{second: [2]string{"second", "seconds"}, minute: [2]string{"minute", "minutes"}, day: [2]string{"day", "days"}},
}

var spanish = words{
	after: "después", before: "antes", post: "del mensaje",
	posting: "de publicarse", same: "en el mismo momento que el mensaje",
	events: map[EventKind]string{Posted: "publicado", Deleted: "borrado", Claimed: "explicación", Observed: "prueba"},
	evidence: map[evidence.Kind]string{
		evidence.KindDeletedPost: "constancia del mensaje borrado", evidence.KindTiming: "dato temporal",
		evidence.KindClientMetadata: "metadatos del cliente", evidence.KindTestimony: "testimonio",
		evidence.KindPriorIncident: "incidente previo", evidence.KindSocialReaction: "reacción",
		evidence.KindScreenshot: "captura", evidence.KindArchive: "copia archivada",
		evidence.KindDocument: "documento", evidence.KindOther: "prueba",
	},
	units: units{second: [2]string{"segundo", "segundos"}, minute: [2]string{"minuto", "minutos"}, day: [2]string{"día", "días"}},
}

func wordsFor(lang string) words {
	if isSpanish(lang) {
		return spanish
	}
	return english
}

// isSpanish matches "es" and its regional tags ("es-ES", "es_MX").
func isSpanish(lang string) bool {
	l := strings.ToLower(lang)
	return l == "es" || strings.HasPrefix(l, "es-") || strings.HasPrefix(l, "es_")
}

// units are a language's singular and plural unit names.
type units struct{ second, minute, day [2]string }

func (u units) n(v int64, names [2]string) string {
	if v == 1 {
		return "1 " + names[0]
	}
	return fmt.Sprintf("%d %s", v, names[1])
}

// FormatDuration writes |d| for a reader, truncated to the unit shown:
// "45 seconds", "14 minutes", "2 h 10 min", "3 days 4 h". Short gaps are
// spelt out because minutes matter there; long ones are abbreviated so
// that two units stay readable. Truncation never overstates a gap.
func FormatDuration(d time.Duration, lang string) string {
	u := wordsFor(lang).units
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return u.n(int64(d/time.Second), u.second)
	case d < time.Hour:
		return u.n(int64(d/time.Minute), u.minute)
	case d < 24*time.Hour:
		h, m := int64(d/time.Hour), int64(d%time.Hour/time.Minute)
		if m == 0 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %d min", h, m)
	default:
		days, h := int64(d/(24*time.Hour)), int64(d%(24*time.Hour)/time.Hour)
		if h == 0 {
			return u.n(days, u.day)
		}
		return fmt.Sprintf("%s %d h", u.n(days, u.day), h)
	}
}
