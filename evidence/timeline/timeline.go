// Package timeline orders what is known about a claim in time: when the
// statement it is about was posted and deleted, when the claim was made,
// and when each piece of evidence was observed. Every dated event gets
// its gap from the anchor post ("deleted 14 minutes after posting"); an
// event whose time is not recorded goes to the Undated list and is never
// given a guessed time.
//
// A time may be known only to the day, month or year (the source dates the
// party's explanation "15 Jan 2012" and no more). Such an event keeps that
// precision, gets no gap in minutes, and sorts at the end of its period:
// after every exact event within it, since the period is all that is known.
//
// Times are UTC instants throughout; FormatIn renders one in a zone
// (Europe/Madrid for the actor of the founding case, the viewer's zone
// otherwise).
package timeline

import (
	"cmp"
	"slices"
	"time"

	"github.com/veredicto/veredicto/evidence"
)

// Statement is something an account published.
type Statement struct {
	ID        string
	Summary   string     // e.g. "@PSOE tweet"
	PostedAt  *time.Time // nil: not recorded
	Deleted   bool       // known to be deleted, even when DeletedAt is nil
	DeletedAt *time.Time // non-nil implies Deleted
}

// Precision says how much of a time is known.
type Precision string

// The precisions. The zero value means Exact.
const (
	Exact Precision = "exact"
	Day   Precision = "day"
	Month Precision = "month"
	Year  Precision = "year"
)

// periodEnd returns the end of the period t stands for at precision p.
func (p Precision) periodEnd(t time.Time) time.Time {
	switch p {
	case Day:
		return t.AddDate(0, 0, 1)
	case Month:
		return t.AddDate(0, 1, 0)
	case Year:
		return t.AddDate(1, 0, 0)
	}
	return t
}

func (p Precision) exact() bool { return p == "" || p == Exact }

// Claim is the assertion being checked.
type Claim struct {
	ID              string
	Summary         string
	MadeAt          *time.Time
	MadeAtPrecision Precision
	// AboutID is the statement the claim explains (the tweet the party
	// said a hacker posted); it is the anchor of the gaps.
	AboutID string
}

// Item is an evidence item with the time it was observed.
type Item struct {
	ID         string
	Kind       evidence.Kind
	Summary    string
	ObservedAt *time.Time
	Precision  Precision // of ObservedAt
}

// Input is everything a timeline is built from.
type Input struct {
	Claim      Claim
	Statements []Statement
	Items      []Item
}

// EventKind says what happened.
type EventKind string

// The event kinds, in the order used to break ties at the same instant:
// a post precedes its deletion, which precedes the explanation of it.
const (
	Posted   EventKind = "posted"
	Deleted  EventKind = "deleted"
	Claimed  EventKind = "claim"
	Observed EventKind = "evidence"
)

func (k EventKind) rank() int {
	return slices.Index([]EventKind{Posted, Deleted, Claimed, Observed}, k)
}

// Event is one entry of a timeline.
type Event struct {
	Kind         EventKind
	SubjectID    string        // the statement's, claim's or evidence item's id
	EvidenceKind evidence.Kind // for Observed events
	Summary      string
	At           *time.Time // UTC; nil for undated events
	Precision    Precision  // how much of At is known
	Anchor       bool       // this is the anchor post itself
	Gap          *Gap       // from the anchor post; nil when undated, for the anchor, or with no anchor time
}

// Timeline is the result of Build.
type Timeline struct {
	AnchorID string     // the anchor statement, "" when there is none
	AnchorAt *time.Time // when it was posted, nil when not recorded
	Events   []Event    // dated, in time order
	Undated  []Event    // time not recorded, in kind then id order
}

// Build orders the input's events and computes their gaps. A non-nil but
// zero time counts as not recorded: it is a missing value that slipped
// through, not 1 January of year 1.
func Build(in Input) Timeline {
	var tl Timeline
	anchor := pickAnchor(in)
	if anchor != nil {
		tl.AnchorID, tl.AnchorAt = anchor.ID, known(anchor.PostedAt)
	}
	for _, e := range collect(in, tl.AnchorID) {
		if e.At == nil {
			tl.Undated = append(tl.Undated, e)
			continue
		}
		if tl.AnchorAt != nil && !e.Anchor && e.Precision.exact() {
			e.Gap = &Gap{Event: e.Kind, EvidenceKind: e.EvidenceKind,
				OfAnchor: e.SubjectID == tl.AnchorID && e.Kind == Deleted, D: e.At.Sub(*tl.AnchorAt)}
		}
		tl.Events = append(tl.Events, e)
	}
	slices.SortStableFunc(tl.Events, func(a, b Event) int {
		return cmp.Or(a.sortTime().Compare(b.sortTime()), byKindThenID(a, b))
	})
	slices.SortStableFunc(tl.Undated, byKindThenID)
	return tl
}

// pickAnchor returns the statement the claim is about; failing that
// (no AboutID), the earliest dated statement. A claim about a statement
// whose time is unknown gets that statement as anchor, without a time,
// rather than another statement's time.
func pickAnchor(in Input) *Statement {
	if in.Claim.AboutID != "" {
		for i := range in.Statements {
			if in.Statements[i].ID == in.Claim.AboutID {
				return &in.Statements[i]
			}
		}
		return nil
	}
	var best *Statement
	for i := range in.Statements {
		s := &in.Statements[i]
		if known(s.PostedAt) == nil {
			continue
		}
		if best == nil || s.PostedAt.Before(*best.PostedAt) ||
			(s.PostedAt.Equal(*best.PostedAt) && s.ID < best.ID) {
			best = s
		}
	}
	return best
}

// collect turns the input into events, without gaps or order.
func collect(in Input, anchorID string) []Event {
	var events []Event
	for _, s := range in.Statements {
		events = append(events, Event{Kind: Posted, SubjectID: s.ID, Summary: s.Summary,
			At: known(s.PostedAt), Precision: Exact, Anchor: s.ID == anchorID && anchorID != ""})
		if s.Deleted || s.DeletedAt != nil {
			events = append(events, Event{Kind: Deleted, SubjectID: s.ID, Summary: s.Summary,
				At: known(s.DeletedAt), Precision: Exact})
		}
	}
	if c := in.Claim; c.ID != "" || c.MadeAt != nil {
		events = append(events, Event{Kind: Claimed, SubjectID: c.ID, Summary: c.Summary,
			At: known(c.MadeAt), Precision: precise(c.MadeAtPrecision)})
	}
	for _, it := range in.Items {
		events = append(events, Event{Kind: Observed, SubjectID: it.ID, EvidenceKind: it.Kind,
			Summary: it.Summary, At: known(it.ObservedAt), Precision: precise(it.Precision)})
	}
	return events
}

// sortTime places an event in time: its instant, or the end of its period
// when only the day, month or year is known.
func (e Event) sortTime() time.Time {
	return e.Precision.periodEnd(*e.At)
}

// precise defaults an unset precision to Exact.
func precise(p Precision) Precision {
	if p == "" {
		return Exact
	}
	return p
}

func byKindThenID(a, b Event) int {
	return cmp.Or(
		cmp.Compare(a.Kind.rank(), b.Kind.rank()),
		cmp.Compare(a.EvidenceKind, b.EvidenceKind),
		cmp.Compare(a.SubjectID, b.SubjectID),
	)
}

// known returns t in UTC, or nil when it is not recorded.
func known(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
