package verdict

import (
	"fmt"
	"slices"
)

// Rating is one reader's verdict on one claim. Value is 1 (HOLDS), 0.5
// (PARTLY) or 0 (DOES_NOT_HOLD). A reader has at most one rating per claim.
type Rating struct {
	Reader, Claim int64
	Value         float64
}

// dataset is the ratings with IDs compacted to dense int32 indices and
// sorted by (claim, reader), so the result never depends on input order.
// Readers and claims are indexed in ascending ID order.
type dataset struct {
	readerIDs, claimIDs []int64
	reader, claim       []int32   // per rating
	value               []float64 // per rating: 0, 0.5 or 1
	kind                []kind    // per rating, same information as value
	claimStart          []int32   // ratings of claim c are [claimStart[c], claimStart[c+1])
	readerCount         []int32   // ratings per reader
}

func (d *dataset) numRatings() int { return len(d.reader) }
func (d *dataset) numReaders() int { return len(d.readerIDs) }
func (d *dataset) numClaims() int  { return len(d.claimIDs) }

// newDataset validates and compacts the ratings. It refuses values other
// than 0, 0.5 and 1 and duplicate (reader, claim) pairs, which the database's
// unique index rules out.
func newDataset(ratings []Rating) (*dataset, error) {
	if len(ratings) >= 1<<31 {
		return nil, fmt.Errorf("verdict: %d ratings exceed the int32 index space", len(ratings))
	}
	kinds := make([]kind, len(ratings))
	for i, r := range ratings {
		k, err := kindOf(r.Value)
		if err != nil {
			return nil, fmt.Errorf("rating %d (reader %d, claim %d): %w", i, r.Reader, r.Claim, err)
		}
		kinds[i] = k
	}
	d := &dataset{
		readerIDs: uniqueIDs(ratings, func(r Rating) int64 { return r.Reader }),
		claimIDs:  uniqueIDs(ratings, func(r Rating) int64 { return r.Claim }),
	}
	if err := d.fill(ratings, kinds); err != nil {
		return nil, err
	}
	return d, nil
}

func uniqueIDs(ratings []Rating, id func(Rating) int64) []int64 {
	ids := make([]int64, len(ratings))
	for i, r := range ratings {
		ids[i] = id(r)
	}
	slices.Sort(ids)
	return slices.Clip(slices.Compact(ids))
}

// indexOf finds id in the sorted ids; the caller knows it is present.
func indexOf(ids []int64, id int64) int32 {
	i, _ := slices.BinarySearch(ids, id)
	return int32(i)
}

// fill counting-sorts the ratings by claim, then sorts each claim's
// ratings by reader and rejects duplicates.
func (d *dataset) fill(ratings []Rating, kinds []kind) error {
	n, nc := len(ratings), len(d.claimIDs)
	cidx := make([]int32, n)
	d.claimStart = make([]int32, nc+1)
	for i, r := range ratings {
		cidx[i] = indexOf(d.claimIDs, r.Claim)
		d.claimStart[cidx[i]+1]++
	}
	for c := range nc {
		d.claimStart[c+1] += d.claimStart[c]
	}
	// Pack reader index and kind so one integer sort orders a claim's ratings.
	packed := make([]uint64, n)
	next := slices.Clone(d.claimStart[:nc])
	for i, r := range ratings {
		ri := uint64(indexOf(d.readerIDs, r.Reader))
		packed[next[cidx[i]]] = ri<<2 | uint64(kinds[i])
		next[cidx[i]]++
	}
	d.reader, d.claim = make([]int32, n), make([]int32, n)
	d.value, d.kind = make([]float64, n), make([]kind, n)
	d.readerCount = make([]int32, len(d.readerIDs))
	for c := range nc {
		lo, hi := d.claimStart[c], d.claimStart[c+1]
		seg := packed[lo:hi]
		slices.Sort(seg)
		for j, p := range seg {
			i := lo + int32(j)
			r, k := int32(p>>2), kind(p&3)
			if j > 0 && int32(seg[j-1]>>2) == r {
				return fmt.Errorf("verdict: reader %d rated claim %d twice", d.readerIDs[r], d.claimIDs[c])
			}
			d.reader[i], d.claim[i], d.kind[i] = r, int32(c), k
			d.value[i] = [...]float64{DoesNotHold, Partly, Holds}[k]
			d.readerCount[r]++
		}
	}
	return nil
}
