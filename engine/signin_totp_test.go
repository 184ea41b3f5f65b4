package engine

import (
	"bytes"
	"crypto/hkdf"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

func testKey(seed []byte) []byte {
	k, err := hkdf.Key(sha256.New, seed, nil, TOTPKeyInfo, 32)
	if err != nil {
		panic(err)
	}
	return k
}

func testSeed() []byte {
	seed := make([]byte, 32)
	for i := range seed {
		seed[i] = byte(i)
	}
	return seed
}

// A secret sealed before the engine (by package sqlite, under the node key
// of seed 0..31, for user 42) still opens: the key and the format are the same.
func TestTOTPSealCompatible(t *testing.T) {
	s, err := newTOTPSealer(testKey(testSeed()))
	if err != nil {
		t.Fatal(err)
	}
	const old = "v1:inzi0QtlzH4ljMqfDcnUuwvfgZaJ0OBLkIBE+gqUUhaBvMEaLEEr7uJJDTY"
	got, err := s.unseal(42, old)
	if err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("unseal an old secret: %q %v", got, err)
	}
}

// A sealed secret opens only for its user and under its key.
func TestTOTPSealBoundToUser(t *testing.T) {
	key := testKey(testSeed())
	s, _ := newTOTPSealer(key)
	sealed, err := s.seal(7, "JBSWY3DPEHPK3PXP")
	if err != nil || !strings.HasPrefix(sealed, "v1:") || strings.Contains(sealed, "JBSWY3DPEHPK3PXP") {
		t.Fatalf("seal: %q %v", sealed, err)
	}
	if again, _ := s.seal(7, "JBSWY3DPEHPK3PXP"); again == sealed {
		t.Fatal("two seals of one secret are alike (nonce reused)")
	}
	if got, err := s.unseal(7, sealed); err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("unseal: %q %v", got, err)
	}
	if _, err := s.unseal(8, sealed); err == nil {
		t.Fatal("a secret sealed for user 7 opens for user 8")
	}
	o, _ := newTOTPSealer(testKey(bytes.Repeat([]byte{9}, 32)))
	if _, err := o.unseal(7, sealed); err == nil {
		t.Fatal("a secret opens under another node's key")
	}
	for _, bad := range []string{"", "v1:", "v1:!!", "v2:" + sealed[3:], sealed[:10]} {
		if _, err := s.unseal(7, bad); err == nil {
			t.Fatalf("unseal %q succeeded", bad)
		}
	}
	if _, err := newTOTPSealer(key[:16]); err == nil {
		t.Fatal("a 16-byte key accepted")
	}
	var none *totpSealer
	if _, err := none.seal(1, "x"); err == nil {
		t.Fatal("sealing without a key succeeded")
	}
}

// A code is accepted in its step and one either side, never for a step
// already used.
func TestTOTPMatch(t *testing.T) {
	e, err := newTOTP("jo.liaison")
	if err != nil || !strings.HasPrefix(e.URI, "otpauth://totp/") {
		t.Fatalf("new secret: %+v %v", e, err)
	}
	now := time.Unix(1_800_000_015, 0)
	code := func(at time.Time) string {
		c, err := totp.GenerateCodeCustom(e.Secret, at, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	step := now.Unix() / totpPeriod
	if got, ok := totpMatch(e.Secret, code(now), now, 0); !ok || got != step {
		t.Fatalf("current code: %d %v", got, ok)
	}
	if got, ok := totpMatch(e.Secret, code(now.Add(-30*time.Second)), now, 0); !ok || got != step-1 {
		t.Fatalf("previous step: %d %v", got, ok)
	}
	if _, ok := totpMatch(e.Secret, code(now.Add(-90*time.Second)), now, 0); ok {
		t.Fatal("a code three steps old is accepted")
	}
	if _, ok := totpMatch(e.Secret, code(now), now, step); ok {
		t.Fatal("a used step is accepted again")
	}
	// The pending secret shows the same again.
	again, err := totpEnrolment("jo.liaison", e.Secret)
	if err != nil || again.Secret != e.Secret || again.URI != e.URI {
		t.Fatalf("enrolment shown again: %+v %+v %v", again, e, err)
	}
}

func TestRecoveryCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		c := newRecoveryCode()
		if len(c) != 11 || c[5] != '-' || seen[c] {
			t.Fatalf("recovery code %q", c)
		}
		seen[c] = true
		if normalizeOTP(strings.ToUpper(c)) != normalizeOTP(c) || strings.ContainsAny(normalizeOTP(" "+c), " -") {
			t.Fatalf("normalise %q", c)
		}
	}
	if recoveryHash("abcde12345") == recoveryHash("abcde12346") || len(recoveryHash("x")) != 64 {
		t.Fatal("recovery hash")
	}
}
