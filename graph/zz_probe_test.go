package graph_test

import (
	"encoding/json"
	"testing"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/internal/apitest"
)

func TestZZProbe(t *testing.T) {
	env := apitest.New(t)
	claim := env.Seed()
	j := env.NewUser(auth.Journalist)
	show := func(name, q string, vars map[string]any) {
		r := j.Do(q, vars)
		b, _ := json.Marshal(r.Errors)
		t.Logf("%s: status=%d data=%s errors=%s", name, r.Status, r.Data, b)
	}
	show("enum", `mutation($in: CreateActorInput!){ createActor(input:$in){ id } }`, map[string]any{"in": map[string]any{"name": "X", "kind": "ALIEN"}})
	show("enumlit", `mutation{ createActor(input:{name:"X", kind: ALIEN}){ id } }`, nil)
	show("badid", `mutation($in: CreateClaimInput!){ createClaim(input:$in){ id } }`, map[string]any{"in": map[string]any{"text": "X", "lang": "es", "claimantID": "abc"}})
	show("related", `mutation($in: CreateClaimInput!){ createClaim(input:$in){ id } }`, map[string]any{"in": map[string]any{"text": "X", "lang": "es", "claimantID": "4294967296", "relatedIDs": []string{"8589999999"}}})
	show("updnf", `mutation{ updateClaim(id: "8589999999", input:{text:"x"}){ id } }`, nil)
	show("nodeunknown", `{ node(id: "8589999999"){ id } }`, nil)
	show("nodeoutofrange", `{ node(id: "1099511627776"){ id } }`, nil)
	show("nodeabc", `{ node(id: "abc"){ id } }`, nil)
	show("nodes", `query($ids:[ID!]!){ nodes(ids: $ids){ id __typename } }`, map[string]any{"ids": []any{claim.ID, 8589999999}})
	show("firstnull", `{ claims(first: null){ totalCount edges { node { id } } } }`, nil)
	show("addev", `mutation($in: CreateEvidenceInput!){ addEvidence(input:$in){ id sha256 submitter { handle } } }`, map[string]any{"in": map[string]any{"kind": "OTHER", "stance": "CONTEXT", "summary": "x", "claimID": claim.ID}})
	show("anon", `mutation{ createActor(input:{name:"X", kind: PARTY}){ id } }`, nil)
}
