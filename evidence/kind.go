package evidence

import "fmt"

// Kind says what an evidence item is. The values are stable identifiers:
// they are stored in the database and take part in ContentHash, so an
// existing value must never be renamed.
type Kind string

// The kinds of evidence the founding case needs (see shared/seed-case).
const (
	KindDeletedPost    Kind = "deleted_post"    // a statement that was removed
	KindTiming         Kind = "timing"          // when something happened relative to something else
	KindClientMetadata Kind = "client_metadata" // which app/client published a post
	KindTestimony      Kind = "testimony"       // what a named person says
	KindPriorIncident  Kind = "prior_incident"  // an earlier, similar event
	KindSocialReaction Kind = "social_reaction" // how the public reacted
	KindScreenshot     Kind = "screenshot"      // an image of a post or page
	KindArchive        Kind = "archive"         // an archived copy of a page
	KindDocument       Kind = "document"        // any other document
	KindOther          Kind = "other"           // fits none of the above (the ent schema has it too)
)

// Kinds lists every valid Kind in a fixed order (for enums and forms).
func Kinds() []Kind {
	return []Kind{
		KindDeletedPost, KindTiming, KindClientMetadata, KindTestimony,
		KindPriorIncident, KindSocialReaction, KindScreenshot, KindArchive,
		KindDocument, KindOther,
	}
}

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Stance says how an evidence item bears on the claim it is attached to.
type Stance string

// The three stances. Context is for items that inform without taking a
// side (e.g. the time a post was made).
const (
	StanceSupports Stance = "supports"
	StanceRefutes  Stance = "refutes"
	StanceContext  Stance = "context"
)

// Stances lists every valid Stance in a fixed order.
func Stances() []Stance {
	return []Stance{StanceSupports, StanceRefutes, StanceContext}
}

// Valid reports whether s is one of the defined stances.
func (s Stance) Valid() bool {
	return s == StanceSupports || s == StanceRefutes || s == StanceContext
}

// ParseKind converts a stored or submitted string to a Kind.
func ParseKind(s string) (Kind, error) {
	if k := Kind(s); k.Valid() {
		return k, nil
	}
	return "", fmt.Errorf("evidence: unknown kind %q", s)
}

// ParseStance converts a stored or submitted string to a Stance.
func ParseStance(s string) (Stance, error) {
	if st := Stance(s); st.Valid() {
		return st, nil
	}
	return "", fmt.Errorf("evidence: unknown stance %q", s)
}
