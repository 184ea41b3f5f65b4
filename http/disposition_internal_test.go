package http

import "testing"

// TestContentDisposition: names stored before names were checked are
// neutralised on download.
func TestContentDisposition(t *testing.T) {
	for name, want := range map[string]string{
		"invoice\u202Egpj.exe": `attachment; filename="invoice_gpj.exe"; filename*=UTF-8''invoice_gpj.exe`,
		"..":                   `attachment; filename="attachment"; filename*=UTF-8''attachment`,
		"a\r\nX: y\".jpg":      `attachment; filename="a__X: y_.jpg"; filename*=UTF-8''a__X%3A%20y%22.jpg`,
	} {
		if got := contentDisposition(name); got != want {
			t.Errorf("%q: %s, want %s", name, got, want)
		}
	}
}
