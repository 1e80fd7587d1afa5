package widget

import (
	"fmt"
	"time"

	"github.com/veredicto/veredicto/ent/schema/schematype"
)

// L10n is a text in each of the widget's languages.
type L10n struct {
	ES string `json:"es"`
	EN string `json:"en"`
}

// In returns the text in lang ("es" or "en"; anything else is English).
func (l L10n) In(lang string) string {
	if lang == "es" {
		return l.ES
	}
	return l.EN
}

// langs are the widget's languages; the first is the fallback.
var langs = []string{"en", "es"}

// pickLang returns want when it is a widget language, else def's, else
// English.
func pickLang(want, def string) string {
	for _, l := range langs {
		if want == l {
			return l
		}
	}
	for _, l := range langs {
		if def == l {
			return l
		}
	}
	return "en"
}

// ui are the fixed texts of the iframe page and the snippet.
type ui struct {
	ClaimBy, Verdict, Rating, NotRated, Corrected, Readers, KeyEvidence, NoEvidence,
	SeeCase, NewTab, Updated, NotFound, NotFoundBody, FrameTitle, RatingWord, ReadersWord string
}

var texts = map[string]ui{
	"en": {
		ClaimBy:      "Claim by",
		Verdict:      "Verdict",
		Rating:       "Editorial rating",
		NotRated:     "Not rated by the editors yet",
		Corrected:    "corrected",
		Readers:      "Readers’ consensus",
		KeyEvidence:  "Key evidence",
		NoEvidence:   "No published evidence yet.",
		SeeCase:      "See the full case on Veredicto",
		NewTab:       "(opens in a new tab)",
		Updated:      "Updated",
		NotFound:     "Claim not found",
		NotFoundBody: "Veredicto has no claim with this identifier.",
		FrameTitle:   "Veredicto: claim check",
		RatingWord:   "Editorial rating",
		ReadersWord:  "Readers",
	},
	"es": {
		ClaimBy:      "Afirmación de",
		Verdict:      "Veredicto",
		Rating:       "Calificación editorial",
		NotRated:     "Aún sin calificación editorial",
		Corrected:    "corregida",
		Readers:      "Consenso de los lectores",
		KeyEvidence:  "Pruebas clave",
		NoEvidence:   "Aún no hay pruebas publicadas.",
		SeeCase:      "Ver el caso completo en Veredicto",
		NewTab:       "(se abre en una pestaña nueva)",
		Updated:      "Actualizado",
		NotFound:     "Afirmación no encontrada",
		NotFoundBody: "Veredicto no tiene ninguna afirmación con este identificador.",
		FrameTitle:   "Veredicto: comprobación de una afirmación",
		RatingWord:   "Calificación editorial",
		ReadersWord:  "Lectores",
	},
}

// kindLabels name the evidence kinds (the web app's words).
var kindLabels = map[string]L10n{
	"DELETED_POST":    {ES: "Publicación borrada", EN: "Deleted post"},
	"TIMING":          {ES: "Momento", EN: "Timing"},
	"CLIENT_METADATA": {ES: "Metadatos del cliente", EN: "Client metadata"},
	"TESTIMONY":       {ES: "Testimonio", EN: "Testimony"},
	"PRIOR_INCIDENT":  {ES: "Incidente anterior", EN: "Prior incident"},
	"SOCIAL_REACTION": {ES: "Reacción social", EN: "Social reaction"},
	"SCREENSHOT":      {ES: "Captura de pantalla", EN: "Screenshot"},
	"ARCHIVE":         {ES: "Archivo", EN: "Archive"},
	"DOCUMENT":        {ES: "Documento", EN: "Document"},
	"OTHER":           {ES: "Otro", EN: "Other"},
}

// kindRank orders the kinds for the two or three key facts a widget
// shows: what the statement's own traces say first, then track record,
// then the rest.
var kindRank = map[string]int{
	"DELETED_POST": 0, "CLIENT_METADATA": 1, "PRIOR_INCIDENT": 2, "DOCUMENT": 3,
	"ARCHIVE": 4, "SCREENSHOT": 5, "TIMING": 6, "TESTIMONY": 7, "SOCIAL_REACTION": 8, "OTHER": 9,
}

// stanceLabels say how one item bears on the claim.
var stanceLabels = map[string]L10n{
	"SUPPORTS": {ES: "la respalda", EN: "supports it"},
	"REFUTES":  {ES: "la contradice", EN: "refutes it"},
	"CONTEXT":  {ES: "contexto", EN: "context"},
}

// consensusLabels name the readers' consensus statuses.
var consensusLabels = map[string]L10n{
	"NEEDS_MORE_VERDICTS":     {ES: "Sin consenso aún", EN: "No consensus yet"},
	"CONSENSUS_HOLDS":         {ES: "Los lectores coinciden: se sostiene", EN: "Readers agree: it holds"},
	"CONSENSUS_DOES_NOT_HOLD": {ES: "Los lectores coinciden: no se sostiene", EN: "Readers agree: it does not hold"},
	"DIVIDED":                 {ES: "Los lectores están divididos", EN: "Readers are divided"},
}

// consensusTone colours a status: good (holds), bad (does not hold),
// mixed (divided) or none.
var consensusTone = map[string]string{
	"NEEDS_MORE_VERDICTS": "none", "CONSENSUS_HOLDS": "good", "CONSENSUS_DOES_NOT_HOLD": "bad", "DIVIDED": "mixed",
}

// noConsensus explains a claim the model has not scored yet.
func noConsensus(total int) L10n {
	return L10n{
		ES: fmt.Sprintf("Faltan veredictos de lectores que suelen discrepar (%d hasta ahora).", total),
		EN: fmt.Sprintf("Needs more verdicts from readers who usually disagree (%d so far).", total),
	}
}

// tallyText is the raw split, always with its sample size.
func tallyText(holds, partly, doesNotHold int) L10n {
	n := holds + partly + doesNotHold
	if n == 0 {
		return L10n{ES: "Aún no hay veredictos de lectores.", EN: "No reader verdicts yet."}
	}
	es, en := "veredictos", "verdicts"
	if n == 1 {
		es, en = "veredicto", "verdict"
	}
	return L10n{
		ES: fmt.Sprintf("Recuento bruto de %d %s: se sostiene %d · en parte %d · no se sostiene %d", n, es, holds, partly, doesNotHold),
		EN: fmt.Sprintf("Raw split of %d %s: holds %d · partly %d · does not hold %d", n, en, holds, partly, doesNotHold),
	}
}

// statementText describes the post a claim is about: deleted or not, and
// the client it was sent from when recorded.
func statementText(deleted bool, client *string) L10n {
	es, en := "Sobre una publicación: ", "About a post: "
	if deleted {
		es, en = es+"borrada · ", en+"deleted · "
	}
	if client != nil && *client != "" {
		return L10n{ES: es + "enviada con " + *client, EN: en + "sent with " + *client}
	}
	return L10n{ES: es + "cliente no consta", EN: en + "client not recorded"}
}

var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
}

// formatDate writes t to the known precision only (a day-precise time
// never shows an hour). Exact times are given in UTC; the iframe's script
// shows them in the viewer's zone.
func formatDate(t time.Time, p string, lang string) string {
	t = t.UTC()
	m := months[pickLang(lang, "")][t.Month()-1]
	switch schematype.Precision(p) {
	case schematype.Year:
		return fmt.Sprint(t.Year())
	case schematype.Month:
		if lang == "es" {
			return fmt.Sprintf("%s de %d", m, t.Year())
		}
		return fmt.Sprintf("%s %d", m, t.Year())
	case schematype.Day:
		if lang == "es" {
			return fmt.Sprintf("%d de %s de %d", t.Day(), m, t.Year())
		}
		return fmt.Sprintf("%s %d, %d", m, t.Day(), t.Year())
	}
	if lang == "es" {
		return fmt.Sprintf("%d de %s de %d, %s UTC", t.Day(), m, t.Year(), t.Format("15:04"))
	}
	return fmt.Sprintf("%s %d, %d, %s UTC", m, t.Day(), t.Year(), t.Format("15:04"))
}

// dateAttr is a time's machine-readable form to its precision, for the
// datetime attribute.
func dateAttr(t time.Time, p string) string {
	t = t.UTC()
	switch schematype.Precision(p) {
	case schematype.Year:
		return t.Format("2006")
	case schematype.Month:
		return t.Format("2006-01")
	case schematype.Day:
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// dates is formatDate in both languages.
func dates(t time.Time, p string) L10n {
	return L10n{ES: formatDate(t, p, "es"), EN: formatDate(t, p, "en")}
}
