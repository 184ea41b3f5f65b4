package engine

import (
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

func TestPasswordHash(t *testing.T) {
	h := hashPassword("correct horse battery staple")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash parameters: %s", h)
	}
	if h == hashPassword("correct horse battery staple") {
		t.Fatal("two hashes of one password are alike (salt reused)")
	}
	if !checkPassword(h, "correct horse battery staple") {
		t.Fatal("the right password fails")
	}
	for _, bad := range []string{"correct horse battery stapl", "", "Correct horse battery staple"} {
		if checkPassword(h, bad) {
			t.Fatalf("%q passes", bad)
		}
	}
	for _, enc := range []string{"", "$argon2i$v=19$m=19456,t=2,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$AAAA$AAAA", "$argon2id$v=19$m=19456,t=2,p=1$!!$AAAA", dummyHash} {
		if checkPassword(enc, "correct horse battery staple") {
			t.Fatalf("%q passes", enc)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	if err := ValidatePassword("short"); jisr.ErrorCode(err) != jisr.EINVALID || jisr.ErrorField(err) != "password" {
		t.Fatalf("short: %v", err)
	}
	if err := ValidatePassword("ابجدهوزحطيكل"); err != nil { // 12 runes, 24 bytes
		t.Fatalf("12 Arabic letters: %v", err)
	}
	if err := ValidatePassword("twelve chars\x00"); err == nil {
		t.Fatal("NUL accepted")
	}
}
