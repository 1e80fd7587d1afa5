// Package claimreview is the editorial side of a verdict: the declared
// rating scales (with their labels in Spanish and English) and the
// schema.org ClaimReview documents that publish an editor's rating, one per
// claim page and in a DataFeed. It has no HTTP or database dependency.
package claimreview

import (
	"context"
	"fmt"
	"slices"
)

// Scale is a declared rating scale.
type Scale string

// The scales Veredicto ships.
const (
	// SixStep is a six-step scale in the Truth-O-Meter style.
	SixStep Scale = "SIX_STEP"
	// Short is True / Misleading / False, plus Unverifiable.
	Short Scale = "SHORT"
)

// Rating is one step of a scale.
type Rating struct {
	Key string
	// Value is the schema.org ratingValue; 0 for a rating that is not a
	// step on the scale (Unverifiable), which then has no ratingValue.
	Value  int
	Labels map[string]string // by language: "es", "en"
}

// Label returns the rating's name in lang (English when lang is unknown).
func (r Rating) Label(lang string) string {
	if l, ok := r.Labels[lang]; ok {
		return l
	}
	return r.Labels["en"]
}

// Definition describes a scale: its ratings from best to worst.
type Definition struct {
	Scale   Scale
	Names   map[string]string
	Ratings []Rating
	// Best and Worst are schema.org's bestRating and worstRating.
	Best, Worst int
}

var definitions = []Definition{
	{
		Scale: SixStep,
		Names: map[string]string{"en": "Six-step scale", "es": "Escala de seis grados"},
		Best:  6, Worst: 1,
		Ratings: []Rating{
			{Key: "TRUE", Value: 6, Labels: map[string]string{"en": "True", "es": "Verdadero"}},
			{Key: "MOSTLY_TRUE", Value: 5, Labels: map[string]string{"en": "Mostly true", "es": "Mayormente verdadero"}},
			{Key: "HALF_TRUE", Value: 4, Labels: map[string]string{"en": "Half true", "es": "Verdad a medias"}},
			{Key: "MOSTLY_FALSE", Value: 3, Labels: map[string]string{"en": "Mostly false", "es": "Mayormente falso"}},
			{Key: "FALSE", Value: 2, Labels: map[string]string{"en": "False", "es": "Falso"}},
			{Key: "PANTS_ON_FIRE", Value: 1, Labels: map[string]string{"en": "Pants on fire", "es": "Mentira flagrante"}},
		},
	},
	{
		Scale: Short,
		Names: map[string]string{"en": "Short scale", "es": "Escala breve"},
		Best:  3, Worst: 1,
		Ratings: []Rating{
			{Key: "TRUE", Value: 3, Labels: map[string]string{"en": "True", "es": "Verdadero"}},
			{Key: "MISLEADING", Value: 2, Labels: map[string]string{"en": "Misleading", "es": "Engañoso"}},
			{Key: "FALSE", Value: 1, Labels: map[string]string{"en": "False", "es": "Falso"}},
			{Key: "UNVERIFIABLE", Value: 0, Labels: map[string]string{"en": "Unverifiable", "es": "Inverificable"}},
		},
	},
}

// Scales lists the declared scales.
func Scales() []Definition { return slices.Clone(definitions) }

// Lookup returns a scale's definition.
func Lookup(s Scale) (Definition, bool) {
	for _, d := range definitions {
		if d.Scale == s {
			return d, true
		}
	}
	return Definition{}, false
}

// Find returns the rating with key on scale s, or an error naming the keys
// the scale has.
func Find(s Scale, key string) (Rating, error) {
	d, ok := Lookup(s)
	if !ok {
		return Rating{}, fmt.Errorf("unknown rating scale %q", s)
	}
	var keys []string
	for _, r := range d.Ratings {
		if r.Key == key {
			return r, nil
		}
		keys = append(keys, r.Key)
	}
	return Rating{}, fmt.Errorf("%q is not a rating of the %s scale (%v)", key, s, keys)
}

type correctionNoteKey struct{}

// WithCorrectionNote attaches the visible note of a correction to ctx; the
// ent hook that records review revisions stores it with the new revision.
func WithCorrectionNote(ctx context.Context, note string) context.Context {
	return context.WithValue(ctx, correctionNoteKey{}, note)
}

// CorrectionNote returns the note given with WithCorrectionNote, or "".
func CorrectionNote(ctx context.Context) string {
	n, _ := ctx.Value(correctionNoteKey{}).(string)
	return n
}
