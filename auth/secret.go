package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Prefixes make leaked secrets recognisable (secret scanners, logs).
const (
	SessionPrefix = "vrs_"
	TokenPrefix   = "vrt_"
)

// NewSecret returns a random secret with prefix: 32 bytes from the OS
// generator, base64url-encoded. Only its hash is stored.
func NewSecret(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // cannot happen on Linux
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret returns the hex SHA-256 of a secret. A fast hash is right here:
// the secret has 256 bits of entropy, so no brute force is possible, and a
// lookup by hash stays one indexed query.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// LooksLike reports whether s has the shape of a secret with prefix, to
// reject garbage before a database lookup.
func LooksLike(s, prefix string) bool {
	return strings.HasPrefix(s, prefix) && len(s) == len(prefix)+43
}
