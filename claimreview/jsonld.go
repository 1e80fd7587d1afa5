package claimreview

import (
	"bytes"
	"encoding/json"
	"time"
)

// Publisher is the organisation publishing the reviews (configurable).
type Publisher struct {
	Name string
	URL  string
}

// Claim is a claim as schema.org describes it.
type Claim struct {
	URL          string // the claim page, canonical
	Text         string
	Lang         string
	ClaimantName string
	ClaimantKind string     // PERSON, PARTY, ORGANISATION, OUTLET, OTHER
	MadeAt       *time.Time // when the claimant made it; nil: not recorded
	Appearances  []string   // URLs of the statements the claim is about
}

// Review is what a ClaimReview document is built from.
type Review struct {
	Claim
	Scale         Scale
	RatingKey     string
	Summary       string
	Lang          string
	AuthorName    string // the editor
	PublishedAt   time.Time
	LastCorrected *time.Time
}

// Document returns the schema.org ClaimReview for r as a JSON-LD value.
// Unknown facts are left out, never filled in.
func Document(r Review, pub Publisher) (map[string]any, error) {
	rating, err := Find(r.Scale, r.RatingKey)
	if err != nil {
		return nil, err
	}
	def, _ := Lookup(r.Scale)
	reviewRating := map[string]any{
		"@type":         "Rating",
		"alternateName": rating.Label(r.Lang),
		"bestRating":    def.Best,
		"worstRating":   def.Worst,
	}
	if rating.Value > 0 {
		reviewRating["ratingValue"] = rating.Value
	}
	claim := claimItem(r.Claim)
	doc := map[string]any{
		"@context":      "https://schema.org",
		"@type":         "ClaimReview",
		"url":           r.URL,
		"claimReviewed": r.Text,
		"itemReviewed":  claim,
		"reviewRating":  reviewRating,
		"author": map[string]any{
			"@type": "Organization",
			"name":  pub.Name,
			"url":   pub.URL,
		},
		"datePublished": r.PublishedAt.UTC().Format(time.RFC3339),
		"inLanguage":    r.Lang,
		"reviewBody":    r.Summary,
	}
	if r.LastCorrected != nil {
		doc["dateModified"] = r.LastCorrected.UTC().Format(time.RFC3339)
	}
	if r.AuthorName != "" {
		doc["creator"] = map[string]any{"@type": "Person", "name": r.AuthorName}
	}
	return doc, nil
}

// ClaimDocument returns the schema.org Claim for a claim no editor has
// reviewed yet, as a JSON-LD value: crawlers still learn who said what,
// when and where, with no rating.
func ClaimDocument(c Claim) map[string]any {
	doc := claimItem(c)
	doc["@context"] = "https://schema.org"
	doc["url"] = c.URL
	doc["text"] = c.Text
	if c.Lang != "" {
		doc["inLanguage"] = c.Lang
	}
	return doc
}

// claimItem is the Claim a ClaimReview reviews. Unknown facts are left
// out, never filled in.
func claimItem(c Claim) map[string]any {
	item := map[string]any{
		"@type":  "Claim",
		"author": claimant(c.ClaimantName, c.ClaimantKind),
	}
	if c.MadeAt != nil {
		item["datePublished"] = c.MadeAt.UTC().Format("2006-01-02")
	}
	if len(c.Appearances) > 0 {
		apps := make([]map[string]any, 0, len(c.Appearances))
		for _, u := range c.Appearances {
			apps = append(apps, map[string]any{"@type": "CreativeWork", "url": u})
		}
		item["appearance"] = apps
		item["firstAppearance"] = apps[0]
	}
	return item
}

func claimant(name, kind string) map[string]any {
	t := "Organization"
	if kind == "PERSON" {
		t = "Person"
	}
	return map[string]any{"@type": t, "name": name}
}

// ScriptJSON marshals a JSON-LD value for a <script type="application/ld+json">
// element: encoding/json escapes <, > and & as \u003c, \u003e and \u0026,
// so no user-written text can close the script element or open a comment.
func ScriptJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Feed returns a schema.org DataFeed of ClaimReview documents, modified
// when the newest of them was (a zero time, for an empty page, leaves
// dateModified out rather than inventing one).
func Feed(docs []map[string]any, pub Publisher, modified time.Time) map[string]any {
	items := make([]map[string]any, 0, len(docs))
	for _, d := range docs {
		item := map[string]any{}
		for k, v := range d {
			if k != "@context" {
				item[k] = v
			}
		}
		items = append(items, map[string]any{"@type": "DataFeedItem", "item": item, "dateModified": d["datePublished"]})
	}
	feed := map[string]any{
		"@context":        "https://schema.org",
		"@type":           "DataFeed",
		"name":            pub.Name + " — ClaimReview",
		"publisher":       map[string]any{"@type": "Organization", "name": pub.Name, "url": pub.URL},
		"dataFeedElement": items,
	}
	if !modified.IsZero() {
		feed["dateModified"] = modified.UTC().Format(time.RFC3339)
	}
	return feed
}
