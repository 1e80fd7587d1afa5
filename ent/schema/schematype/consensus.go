package schematype

// VerdictCounts counts verdicts per value (verdict.Tally's stored form).
type VerdictCounts struct {
	Holds       int `json:"holds"`
	Partly      int `json:"partly"`
	DoesNotHold int `json:"doesNotHold"`
}

// ConsensusSides breaks a claim's verdicts down by the side of the readers
// who gave them (verdict.Sides' stored form).
type ConsensusSides struct {
	Positive VerdictCounts `json:"positive"`
	Negative VerdictCounts `json:"negative"`
	Unplaced VerdictCounts `json:"unplaced"`
}
