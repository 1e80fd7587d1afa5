package search

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/veredicto/veredicto/ent/claim"
	"github.com/veredicto/veredicto/internal/apierr"
)

// Limits on a query.
const (
	// MaxQueryLen is the longest query text accepted, in characters.
	MaxQueryLen = 500
	// MaxWords is the most words a query may have.
	MaxWords = 32
	// MinPrefixLen is the shortest last word matched as a prefix: shorter
	// ones match whole words only (a one- or two-letter prefix matches too
	// many words to be useful and makes the index scan slow).
	MinPrefixLen = 3
	// MaxRanked is the most matches of each kind (claims, statements,
	// evidence) that are ranked: a word found in half the corpus is
	// ranked among its MaxRanked most recent matches of each kind only
	// (see Page.TotalIsLowerBound), which bounds the cost of a search.
	MaxRanked = 10_000
	// DefaultFirst is the page size when Query.First is 0; MaxFirst the
	// largest one accepted.
	DefaultFirst = 20
	MaxFirst     = 100
)

// Kind is the kind of item a hit is.
type Kind string

// Kinds of hits.
const (
	KindClaim     Kind = "CLAIM"
	KindStatement Kind = "STATEMENT"
	KindEvidence  Kind = "EVIDENCE"
)

// Query is one search request.
type Query struct {
	// Text is what the user typed. See the package documentation for how it
	// is read.
	Text string
	// Lang is the language Text is written in: "es" or "en" analyses it with
	// that language's configurations only, "" with both (an item matches
	// when either analysis does). It does not filter items by language:
	// each item is indexed in its own language, and an item in the other
	// language matches where the stems coincide (names, hashtags,
	// "hacker"). Hit.Lang tells the item's language.
	Lang string
	// ActorID keeps claims made by the actor, statements of the actor's
	// accounts and evidence on the actor's claims.
	ActorID *int
	// From (inclusive) and To (exclusive) keep items dated in that range:
	// claims by made_at (created_at when made_at is not recorded),
	// statements by posted_at, evidence by observed_at. Items without a
	// date are left out when either bound is set.
	From, To *time.Time
	// Status keeps claims, and evidence on claims, in one of these claim
	// statuses (OPEN, RATED, ARCHIVED). Statements have no status: when
	// Status is set they are left out.
	Status []string
	// Kinds keeps only hits of these kinds; empty means all.
	Kinds []Kind
	// First is the page size: 0 means DefaultFirst, at most MaxFirst.
	First int
	// After is the cursor of the hit the page starts after (Hit.Cursor or
	// Page.EndCursor of the previous page of the same search).
	After string
}

// word is one word of the query text.
type word struct {
	text   string
	prefix bool // matched as a prefix (type-ahead)
}

// tokenize splits text into words: maximal runs of Unicode letters, marks
// and digits. Everything else separates words, so "#excusasPSOE" is the word
// excusasPSOE, "@PSOE" the word PSOE and "hack'*&|!" the word hack: no
// character of the query syntax of to_tsquery can reach it. The last word
// is a prefix when the text does not end after it (the user is still typing
// it) and it has at least MinPrefixLen characters. A word repeated (in any
// case) is kept once, as a prefix if any copy is one.
func tokenize(text string) []word {
	var all []word
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) }) {
		// A word made only of marks (combining accents typed alone) is
		// nothing to search for.
		if strings.IndexFunc(w, func(r rune) bool { return !unicode.IsMark(r) }) >= 0 {
			all = append(all, word{text: w})
		}
	}
	if n := len(all); n > 0 && !endsWithSeparator(text) && utf8.RuneCountInString(all[n-1].text) >= MinPrefixLen {
		all[n-1].prefix = true
	}
	var words []word
	index := map[string]int{}
	for _, w := range all {
		key := strings.ToLower(w.text)
		if i, ok := index[key]; ok {
			words[i].prefix = words[i].prefix || w.prefix
			continue
		}
		index[key] = len(words)
		words = append(words, w)
	}
	return words
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func endsWithSeparator(text string) bool {
	r, _ := utf8.DecodeLastRuneInString(text)
	return !isWordRune(r)
}

// tsqueryInput is the word as to_tsquery input: quoted, with :* for a
// prefix. A word holds only letters, marks and digits, so it can hold
// neither a quote nor a backslash, the only characters special inside a
// quoted to_tsquery operand.
func (w word) tsqueryInput() string {
	s := "'" + w.text + "'"
	if w.prefix {
		s += ":*"
	}
	return s
}

// configs returns the text search configurations a query in lang is
// analysed with.
func configs(lang string) []string {
	switch lang {
	case "es":
		return []string{"pg_catalog.spanish", "es_unaccent"}
	case "en":
		return []string{"en_unaccent"}
	default:
		return []string{"pg_catalog.spanish", "es_unaccent", "en_unaccent"}
	}
}

// validated is a checked query.
type validated struct {
	Query
	words  []word
	first  int
	after  *cursor
	status []string
	kinds  map[Kind]bool
}

// validate checks q, returning an *apierr.Error naming the field at fault.
func validate(q Query) (*validated, error) {
	if n := utf8.RuneCountInString(q.Text); n > MaxQueryLen {
		return nil, apierr.Field("query", "is too long: at most %d characters (got %d)", MaxQueryLen, n)
	}
	if !utf8.ValidString(q.Text) {
		return nil, apierr.Field("query", "is not valid UTF-8 text")
	}
	v := &validated{Query: q, words: tokenize(q.Text)}
	if len(v.words) == 0 {
		return nil, apierr.Field("query", "has no word to search for: type at least one word of letters or digits")
	}
	if len(v.words) > MaxWords {
		return nil, apierr.Field("query", "has too many words: at most %d (got %d)", MaxWords, len(v.words))
	}
	switch q.Lang {
	case "", "es", "en":
	default:
		return nil, apierr.Field("lang", `must be "es", "en" or empty for both (got %q)`, q.Lang)
	}
	switch {
	case q.First < 0 || q.First > MaxFirst:
		return nil, apierr.Field("first", "must be between 1 and %d (got %d)", MaxFirst, q.First)
	case q.First == 0:
		v.first = DefaultFirst
	default:
		v.first = q.First
	}
	if q.From != nil && q.To != nil && !q.From.Before(*q.To) {
		return nil, apierr.Field("to", "must be later than from")
	}
	seen := map[string]bool{}
	for _, s := range q.Status {
		if err := claim.StatusValidator(claim.Status(s)); err != nil {
			return nil, apierr.Field("status", "%q is not a claim status (OPEN, RATED or ARCHIVED)", s)
		}
		if !seen[s] {
			seen[s] = true
			v.status = append(v.status, s)
		}
	}
	if len(q.Kinds) > 0 {
		v.kinds = map[Kind]bool{}
		for _, k := range q.Kinds {
			switch k {
			case KindClaim, KindStatement, KindEvidence:
				v.kinds[k] = true
			default:
				return nil, apierr.Field("kinds", "%q is not a kind (CLAIM, STATEMENT or EVIDENCE)", k)
			}
		}
	}
	return v, nil
}

// wants reports whether hits of kind k can be in the result.
func (v *validated) wants(k Kind) bool {
	if v.kinds != nil && !v.kinds[k] {
		return false
	}
	// Statements have no claim status.
	return k != KindStatement || len(v.status) == 0
}
