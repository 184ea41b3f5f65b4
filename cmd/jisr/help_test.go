package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// TestGroupHelp: "jisr user --help" and its kind list the verbs, one a
// line, and exit 0; no verb or an unknown one exits 2 with the same list.
func TestGroupHelp(t *testing.T) {
	for group, verbs := range map[string][]string{
		"user":   {"add", "list", "disable", "enable", "reset"},
		"agency": {"add", "list"},
		"audit":  {"verify"},
		"bench":  {"ingest", "api", "search", "stores", "processes"},
	} {
		for _, help := range []string{"--help", "-h", "help"} {
			code, out, _ := run(t, "", group, help)
			if code != 0 {
				t.Errorf("jisr %s %s: exit %d", group, help, code)
			}
			for _, v := range verbs {
				if !strings.Contains(out, "\n  "+v+" ") {
					t.Errorf("jisr %s %s does not list %q:\n%s", group, help, v, out)
				}
			}
		}
		code, _, errs := run(t, "", group)
		if code != 2 || !strings.Contains(errs, "\n  "+verbs[0]+" ") {
			t.Errorf("jisr %s: exit %d\n%s", group, code, errs)
		}
		code, _, errs = run(t, "", group, "frobnicate")
		if code != 2 || !strings.Contains(errs, `unknown verb "frobnicate"`) {
			t.Errorf("jisr %s frobnicate: exit %d\n%s", group, code, errs)
		}
	}
}

// TestUserAddPositional: "user add --help" shows [USERNAME]; the name is
// taken from there, flags before or after it.
func TestUserAddPositional(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "", "init", "--data", dir, "--agency", "JO-AND", "--country", "JO", "--name-en", "AND", "--name-ar", "إدارة", "--admin", "root.admin"); code != 0 {
		t.Fatalf("init: %s", errs)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	if code, out, errs := run(t, "", "user", "add", "jo.pos", "--data", dir, "--agency", "JO-AND", "--password-file", pw); code != 0 || !strings.Contains(out, "created jo.pos") {
		t.Fatalf("user add NAME --flags: %d %s %s", code, out, errs)
	}
	if code, out, errs := run(t, "", "user", "add", "--data", dir, "--agency", "JO-AND", "--password-file", pw, "jo.pos2"); code != 0 || !strings.Contains(out, "created jo.pos2") {
		t.Fatalf("user add --flags NAME: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, "", "user", "add", "--data", dir, "--agency", "JO-AND", "--username", "jo.a", "jo.b"); code != 2 || !strings.Contains(errs, "two user names") {
		t.Fatalf("two names: %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "user", "add", "--data", dir, "--agency", "JO-AND"); code != 2 || !strings.Contains(errs, "USERNAME") {
		t.Fatalf("no name: %d %s", code, errs)
	}
	if code, out, _ := run(t, "", "user", "list", "--data", dir); code != 0 || !strings.Contains(out, "jo.pos2") {
		t.Fatalf("list: %s", out)
	}
	if code, _, errs := run(t, "", "user", "disable", "jo.pos", "--data", dir); code != 0 {
		t.Fatalf("disable NAME --data: %s", errs)
	}
}

// TestImportStrict: "jisr import" reads lines as the API reads bodies and
// names the line and field of a bad one.
func TestImportStrict(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "", "init", "--data", dir, "--agency", "JO-AND", "--country", "JO", "--name-en", "AND", "--name-ar", "إدارة", "--admin", "root.admin"); code != 0 {
		t.Fatalf("init: %s", errs)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	if code, _, errs := run(t, "", "user", "add", "jo.officer", "--data", dir, "--agency", "JO-AND", "--role", "officer", "--password-file", pw); code != 0 {
		t.Fatalf("user add: %s", errs)
	}
	good, _ := json.Marshal(storetest.Seizure("qximport", jisr.TLPAmber, jisr.H0, jisr.Releasability{}))
	bad := strings.Replace(string(good), `"title":"`, "\"title\":\"\xff", 1)
	file := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(file, []byte(string(good)+"\n\n"+bad+"\n"), 0o600)
	code, out, errs := run(t, "", "import", "--data", dir, "--as", "jo.officer", file)
	if code != 1 || !strings.Contains(errs, "line 3") || !strings.Contains(errs, "title") || !strings.Contains(errs, "UTF-8") {
		t.Fatalf("import with a bad line: %d %s %s", code, out, errs)
	}
}
