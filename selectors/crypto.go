package selectors

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"golang.org/x/crypto/sha3"
)

// ---- base58check (BTC P2PKH/P2SH, TRON) ----

const b58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var b58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(b58Alphabet); i++ {
		t[b58Alphabet[i]] = int8(i)
	}
	return t
}()

func isBase58(c byte) bool { return b58Index[c] >= 0 }

// base58Decode25 decodes a base58 string into exactly 25 bytes, the size of
// a version byte, a 20-byte hash and a 4-byte checksum.
func base58Decode25(s string) ([25]byte, bool) {
	var out [25]byte
	if len(s) < 25 || len(s) > 35 {
		return out, false
	}
	for i := 0; i < len(s); i++ {
		v := int(b58Index[s[i]])
		if v < 0 {
			return out, false
		}
		carry := v
		for j := 24; j >= 0; j-- {
			carry += int(out[j]) * 58
			out[j] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return out, false
		}
	}
	// Leading '1's stand for leading zero bytes; the count must agree.
	ones := 0
	for ones < len(s) && s[ones] == '1' {
		ones++
	}
	zeros := 0
	for zeros < 25 && out[zeros] == 0 {
		zeros++
	}
	return out, ones == zeros
}

// base58Check decodes s and verifies its double-SHA256 checksum, returning
// the version byte.
func base58Check(s string) (byte, bool) {
	b, ok := base58Decode25(s)
	if !ok {
		return 0, false
	}
	h1 := sha256.Sum256(b[:21])
	h2 := sha256.Sum256(h1[:])
	if h2[0] != b[21] || h2[1] != b[22] || h2[2] != b[23] || h2[3] != b[24] {
		return 0, false
	}
	return b[0], true
}

// ---- bech32 / bech32m (BIP 173, BIP 350) ----

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

var bech32Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(bech32Charset); i++ {
		t[bech32Charset[i]] = int8(i)
	}
	return t
}()

func bech32Polymod(hrp string, data []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	step := func(v byte) {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	for i := 0; i < len(hrp); i++ {
		step(hrp[i] >> 5)
	}
	step(0)
	for i := 0; i < len(hrp); i++ {
		step(hrp[i] & 31)
	}
	for _, v := range data {
		step(v)
	}
	return chk
}

// segwitValid verifies a lower-case "bc1…" address: bech32 checksum for
// witness version 0 and bech32m for versions 1–16 (BIP 350), and the
// witness program length.
func segwitValid(s string) bool {
	if len(s) < 14 || len(s) > 90 || !strings.HasPrefix(s, "bc1") {
		return false
	}
	var data [90]byte
	d := data[:0]
	for i := 3; i < len(s); i++ {
		v := bech32Index[s[i]]
		if v < 0 {
			return false
		}
		d = append(d, byte(v))
	}
	if len(d) < 7 {
		return false
	}
	pm := bech32Polymod("bc", d)
	ver := d[0]
	if ver > 16 {
		return false
	}
	if (ver == 0 && pm != 1) || (ver != 0 && pm != 0x2bc830a3) {
		return false
	}
	// Convert the 5-bit program to bytes.
	prog := d[1 : len(d)-6]
	acc, bits, n := 0, 0, 0
	for _, v := range prog {
		acc = acc<<5 | int(v)
		bits += 5
		for bits >= 8 {
			bits -= 8
			n++
		}
	}
	if bits >= 5 || acc&((1<<bits)-1) != 0 {
		return false
	}
	if n < 2 || n > 40 || (ver == 0 && n != 20 && n != 32) {
		return false
	}
	return true
}

// btcValid reports a valid mainnet Bitcoin address and its canonical form.
func btcValid(s string) (string, bool) {
	if strings.HasPrefix(s, "bc1") || strings.HasPrefix(s, "BC1") {
		l := strings.ToLower(s)
		if s != l && s != strings.ToUpper(s) {
			return l, false // mixed case is not allowed in bech32
		}
		return l, segwitValid(l)
	}
	if len(s) < 26 || len(s) > 35 || (s[0] != '1' && s[0] != '3') {
		return s, false
	}
	v, ok := base58Check(s)
	return s, ok && ((s[0] == '1' && v == 0x00) || (s[0] == '3' && v == 0x05))
}

func normalizeBTC(raw string) (Selector, error) {
	s := strings.TrimSpace(raw)
	s = strings.TrimPrefix(s, "bitcoin:")
	for i := 0; i < len(s); i++ {
		if !isBase58(s[i]) && !(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= 'A' && s[i] <= 'Z') && !(s[i] >= '0' && s[i] <= '9') {
			return Selector{}, malformed(BTC, "a Bitcoin address is letters and digits only")
		}
	}
	low := strings.ToLower(s)
	if !strings.HasPrefix(low, "bc1") && (len(s) < 26 || len(s) > 35 || (s[0] != '1' && s[0] != '3')) {
		return Selector{}, malformed(BTC, "a Bitcoin address starts with 1, 3 or bc1")
	}
	v, ok := btcValid(s)
	sel := Selector{Value: v, Valid: ok}
	if !ok {
		return sel, invalid(BTC, "checksum of Bitcoin address does not match")
	}
	return sel, nil
}

// ---- TRON ----

func tronValid(s string) bool {
	if len(s) != 34 || s[0] != 'T' {
		return false
	}
	v, ok := base58Check(s)
	return ok && v == 0x41
}

func normalizeTRON(raw string) (Selector, error) {
	s := strings.TrimSpace(raw)
	if len(s) != 34 || s[0] != 'T' {
		return Selector{}, malformed(TRON, "a TRON address is 34 characters starting with T")
	}
	for i := 0; i < len(s); i++ {
		if !isBase58(s[i]) {
			return Selector{}, malformed(TRON, "a TRON address has only base58 characters")
		}
	}
	sel := Selector{Value: s, Valid: tronValid(s)}
	if !sel.Valid {
		return sel, invalid(TRON, "checksum of TRON address does not match")
	}
	return sel, nil
}

// ---- Ethereum ----

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// ethValid checks "0x" + 40 hex digits; when the hex digits are of mixed
// case, they must follow the EIP-55 checksum. It returns the canonical
// lower-case form.
func ethValid(s string) (string, bool) {
	if len(s) != 42 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return "", false
	}
	lower, upper := false, false
	for i := 2; i < 42; i++ {
		c := s[i]
		if !isHex(c) {
			return "", false
		}
		if c >= 'a' && c <= 'f' {
			lower = true
		} else if c >= 'A' && c <= 'F' {
			upper = true
		}
	}
	canon := "0x" + strings.ToLower(s[2:])
	if !lower || !upper {
		return canon, true
	}
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte(canon[2:]))
	var sum [32]byte
	h.Sum(sum[:0])
	hx := hex.EncodeToString(sum[:])
	for i := 0; i < 40; i++ {
		c := s[2+i]
		if c >= '0' && c <= '9' {
			continue
		}
		wantUpper := hx[i] >= '8'
		if wantUpper != (c >= 'A' && c <= 'F') {
			return canon, false
		}
	}
	return canon, true
}

func normalizeETH(raw string) (Selector, error) {
	s := strings.TrimSpace(raw)
	if len(s) == 40 {
		s = "0x" + s
	}
	canon, ok := ethValid(s)
	if canon == "" {
		return Selector{}, malformed(ETH, "an Ethereum address is 0x and 40 hexadecimal digits")
	}
	sel := Selector{Value: canon, Valid: ok}
	if !ok {
		return sel, invalid(ETH, "mixed-case Ethereum address fails its EIP-55 checksum")
	}
	return sel, nil
}
