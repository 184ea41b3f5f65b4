// Package cursor makes the page cursors of every list opaque. A cursor
// carries the caller's own position in a list (the sort key of the last
// item it was shown) and nothing else: it is sealed with
// XChaCha20-Poly1305 under a key of the node, with a random nonce, and
// bound to the caller and to the list, so it reads as random bytes, two
// cursors of the same position differ, and a cursor that was changed, made
// up, or issued to another user or for another list is refused as invalid
// (field "cursor").
//
// The position stays a number inside the node; what a caller never gets is
// that number, which is a node-wide row number and would count the rows
// other agencies wrote between two pages.
package cursor

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"

	"github.com/jisr-cell/jisr"
	"golang.org/x/crypto/chacha20poly1305"
)

// Lists: each list has its own kind, so a cursor of one list is not a
// cursor of another.
const (
	Records         = "records"
	Hits            = "hits"
	Users           = "users"
	ReleaseRequests = "release-requests"
	Audit           = "audit"
	Search          = "search"  // ranked search results (the position is an offset)
	Persons         = "persons" // person search (an offset)
	// Feed is a collection of the TAXII server (the position is the
	// change time, in nanoseconds, of the last record given); bind it to
	// the collection with Feed + ":" + its id.
	Feed = "feed"
)

const (
	version = 1
	posLen  = 8
	// sealed length: version, nonce, position, tag.
	sealedLen = 1 + chacha20poly1305.NonceSizeX + posLen + chacha20poly1305.Overhead
)

// Codec seals and opens cursors. It is safe for concurrent use.
type Codec struct {
	aead interface {
		Seal(dst, nonce, plaintext, additionalData []byte) []byte
		Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error)
	}
}

// New returns a codec whose key is derived with HKDF-SHA256 from secret (the
// node's key seed); the derived key is used for cursors only.
func New(secret []byte) (*Codec, error) {
	key, err := hkdf.Key(sha256.New, secret, nil, "jisr page cursor v1", chacha20poly1305.KeySize)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	return &Codec{aead: aead}, nil
}

// binding is the additional data a cursor is authenticated with: the list
// and the caller.
func binding(p jisr.Principal, list string) []byte {
	b := []byte("jisr-cursor\x00")
	b = append(b, list...)
	b = append(b, 0)
	b = strconv.AppendInt(b, p.UserID, 10)
	b = append(b, 0)
	b = append(b, p.Username...)
	if p.System {
		b = append(b, "\x00system"...)
	}
	return b
}

// Encode returns the cursor of position pos in list for p.
func (c *Codec) Encode(p jisr.Principal, list string, pos int64) string {
	out := make([]byte, 1+chacha20poly1305.NonceSizeX, sealedLen)
	out[0] = version
	nonce := out[1:]
	rand.Read(nonce) // never fails (crypto/rand)
	var plain [posLen]byte
	binary.BigEndian.PutUint64(plain[:], uint64(pos))
	out = c.aead.Seal(out, nonce, plain[:], binding(p, list))
	return base64.RawURLEncoding.EncodeToString(out)
}

// Decode returns the position a cursor from Encode holds. A cursor that is
// malformed, changed, or was issued to another caller or for another list
// is EINVALID with field "cursor".
func (c *Codec) Decode(p jisr.Principal, list, s string) (int64, error) {
	bad := jisr.Because("cursor", "cursor")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != sealedLen || b[0] != version {
		return 0, bad
	}
	nonce := b[1 : 1+chacha20poly1305.NonceSizeX]
	plain, err := c.aead.Open(nil, nonce, b[1+chacha20poly1305.NonceSizeX:], binding(p, list))
	if err != nil || len(plain) != posLen {
		return 0, bad
	}
	pos := int64(binary.BigEndian.Uint64(plain))
	if pos < 0 {
		return 0, bad
	}
	return pos, nil
}
