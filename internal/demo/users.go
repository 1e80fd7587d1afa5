package demo

import (
	"context"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
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

func demoUsers(ctx context.Context, c *ent.Client) error {
	hash, err := auth.HashPassword(Password)
	if err != nil {
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
