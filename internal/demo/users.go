package demo

import (
	"context"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/claimtally"
	"github.com/veredicto/veredicto/ent/schema/schematype"
	"github.com/veredicto/veredicto/ent/user"
)

// Password is every demo account's password (README, "Demo accounts").
// Demo accounts exist only in databases loaded with demo data.
const Password = "veredicto-demo-2012"

// Users are the demo accounts, one per role; fictional, and named so.
var Users = []struct {
	Handle, Name string
	Role         user.Role
}{
	{"demo_reader", "Demo reader (fictional)", user.RoleReader},
	{"demo_journalist", "Demo journalist (fictional)", user.RoleJournalist},
	{"demo_editor", "Demo editor (fictional)", user.RoleEditor},
	{"demo_admin", "Demo admin (fictional)", user.RoleAdmin},
}

func demoUsers(ctx context.Context, c *ent.Client, claim *ent.Claim) error {
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return err
	}
	if err := commenterVerdict(ctx, c, claim, hash); err != nil {
		return err
	}
	for _, u := range Users {
		err := c.User.Create().
			SetHandle(u.Handle).
			SetDisplayName(u.Name).
			SetRole(u.Role).
			SetPasswordHash(hash).
			Exec(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}

// commenter is the source post's first reader comment, the case's one
// recorded reader verdict: the account is a labelled demo account, the
// words are the comment's own.
var commenter = struct{ Handle, Name, Reason string }{
	Handle: "comentario_blog_1",
	Name:   "Comentario 1 de la entrada de blog (cuenta de demostración)",
	Reason: "lógicamente esto no es un hackeo, es una metedura de pata en toda regla",
}

// commenterVerdict records that comment as a DOES_NOT_HOLD verdict, with
// the tally it makes.
func commenterVerdict(ctx context.Context, c *ent.Client, claim *ent.Claim, hash string) error {
	u, err := c.User.Create().
		SetHandle(commenter.Handle).
		SetDisplayName(commenter.Name).
		SetPasswordHash(hash).
		Save(ctx)
	if err != nil {
		return err
	}
	v, err := c.Verdict.Create().
		SetClaim(claim).
		SetUser(u).
		SetValue(schematype.DoesNotHold).
		SetReason(commenter.Reason).
		Save(ctx)
	if err != nil {
		return err
	}
	err = c.VerdictChange.Create().SetVerdict(v).SetValue(v.Value).SetReason(commenter.Reason).Exec(ctx)
	if err != nil {
		return err
	}
	return c.ClaimTally.Update().Where(claimtally.ClaimID(claim.ID)).AddDoesNotHold(1).Exec(ctx)
}
