package engine

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Second factor: TOTP (RFC 6238) with recovery codes.
//
// A TOTP secret is stored sealed with AES-256-GCM under a key of its own
// (WithTOTPKey, derived from the node key), the user id as additional data, so
// that a sealed secret copied to another user's row does not open. A step
// is accepted once (the last one used is kept); recovery codes are kept as
// SHA-256 and spent in the sign-in transaction.

// Limits on what a sign-in attempt may carry; longer values fail without
// being looked at (a password is hashed only if it could be one).
const (
	maxPasswordTry = 1024
	maxOTPTry      = 32
)

// totpPeriod and totpSkew: 30-second steps, one step either side accepted.
const (
	totpPeriod = 30
	totpSkew   = 1
)

// RecoveryCodes is how many recovery codes an enrolment gives.
const RecoveryCodes = 10

// TOTPKeyInfo is the purpose under which the key that seals TOTP secrets
// (WithTOTPKey, 32 bytes) is derived from the node key: HKDF-SHA256 of the
// signing key's seed, no salt, this label — the key secrets were sealed
// under before the engine, so enrolled authenticators keep working.
const TOTPKeyInfo = "jisr totp secret v1"

// totpSealer seals and opens the TOTP secrets of users.
type totpSealer struct{ gcm cipher.AEAD }

func newTOTPSealer(key []byte) (*totpSealer, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("the TOTP sealing key must be 32 bytes, not %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &totpSealer{gcm: gcm}, nil
}

func sealedFor(id int64) []byte { return []byte("user:" + strconv.FormatInt(id, 10)) }

// seal encrypts a TOTP secret of user id.
func (s *totpSealer) seal(id int64, secret string) (string, error) {
	if s == nil {
		return "", jisr.Internal(errors.New("no TOTP sealing key"))
	}
	nonce := make([]byte, s.gcm.NonceSize())
	rand.Read(nonce)
	ct := s.gcm.Seal(nonce, nonce, []byte(secret), sealedFor(id))
	return "v1:" + base64.RawStdEncoding.EncodeToString(ct), nil
}

// unseal opens a secret sealed for user id.
func (s *totpSealer) unseal(id int64, sealed string) (string, error) {
	if s == nil {
		return "", jisr.Internal(errors.New("no TOTP sealing key"))
	}
	b, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	if err != nil || !strings.HasPrefix(sealed, "v1:") {
		return "", jisr.Internal(errors.New("sealed TOTP secret unreadable"))
	}
	n := s.gcm.NonceSize()
	if len(b) < n {
		return "", jisr.Internal(errors.New("sealed TOTP secret too short"))
	}
	pt, err := s.gcm.Open(nil, b[:n], b[n:], sealedFor(id))
	if err != nil {
		return "", jisr.Internal(fmt.Errorf("open sealed TOTP secret: %w", err))
	}
	return string(pt), nil
}

// totpOpts are the parameters of every secret: 6 digits, SHA-1, 30 s
// (what authenticator apps expect).
func totpOpts(account string) totp.GenerateOpts {
	return totp.GenerateOpts{Issuer: "jisr", AccountName: account, Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}
}

// newTOTP makes a new secret for account.
func newTOTP(account string) (*jisr.TOTPEnrolment, error) {
	key, err := totp.Generate(totpOpts(account))
	if err != nil {
		return nil, jisr.Internal(err)
	}
	return &jisr.TOTPEnrolment{Secret: key.Secret(), URI: key.URL()}, nil
}

// totpEnrolment shows again the pending secret of account.
func totpEnrolment(account, secret string) (*jisr.TOTPEnrolment, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	opts := totpOpts(account)
	opts.Secret = raw
	key, err := totp.Generate(opts)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	return &jisr.TOTPEnrolment{Secret: key.Secret(), URI: key.URL()}, nil
}

// normalizeOTP folds what a person types: spaces and dashes go, letters
// are lower case.
func normalizeOTP(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-':
			return -1
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}, code)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// totpMatch returns the step whose code is code, among the steps around
// now that come after last.
func totpMatch(secret, code string, now time.Time, last int64) (int64, bool) {
	cur := now.Unix() / totpPeriod
	for step := cur - totpSkew; step <= cur+totpSkew; step++ {
		if step <= last {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// recoveryHash is how a recovery code (normalised) is stored.
func recoveryHash(code string) string {
	h := sha256.Sum256([]byte("jisr recovery code\x00" + code))
	return hex.EncodeToString(h[:])
}

// newRecoveryCode is 10 random base32 letters and digits (50 bits) as xxxxx-xxxxx.
func newRecoveryCode() string {
	b := make([]byte, 10)
	rand.Read(b)
	c := strings.ToLower(base32.StdEncoding.EncodeToString(b))[:10]
	return c[:5] + "-" + c[5:]
}
