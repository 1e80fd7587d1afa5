package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/veredicto/veredicto/internal/apierr"
)

// argon2id parameters: RFC 9106's second recommended option scaled to a
// small server (19 MiB, 2 passes, as OWASP recommends), so a login costs
// tens of milliseconds and little memory under a burst of attempts.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// Password length limits. The upper bound keeps hashing cost bounded.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 200
)

// CheckPasswordPolicy explains why a new password is not acceptable.
func CheckPasswordPolicy(field, password, handle string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return apierr.Field(field, "must be at least %d characters", MinPasswordLen)
	case n > MaxPasswordLen:
		return apierr.Field(field, "must be at most %d characters", MaxPasswordLen)
	case handle != "" && strings.Contains(strings.ToLower(password), strings.ToLower(handle)):
		return apierr.Field(field, "must not contain your handle")
	}
	return nil
}

// HashPassword returns an encoded argon2id hash of password in the PHC
// string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("malformed password hash")

// VerifyPassword reports whether password matches the encoded hash, in
// time that does not depend on where they differ.
func VerifyPassword(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	var mem, iters uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iters, &threads); err != nil {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, iters, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against when the user does not exist, so that an
// unknown handle takes as long to reject as a wrong password.
var dummyHash = func() string {
	h, err := HashPassword("no user has this password, it only spends time")
	if err != nil {
		panic(err)
	}
	return h
}()

// SpendVerifyTime does the work of one password verification and discards
// the result.
func SpendVerifyTime(password string) {
	_, _ = VerifyPassword(dummyHash, password)
}
