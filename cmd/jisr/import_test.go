package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// TestImportCommand: a bad line late in the file keeps nothing and is
// named by line and field; the fixed file imports once; importing it
// again creates nothing twice; a dry run reports every error; the output
// says whose records they become.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "", "init", "--data", dir, "--agency", "JO-AND", "--country", "JO", "--name-en", "AND", "--name-ar", "إدارة مكافحة المخدرات", "--admin", "root.admin"); code != 0 {
		t.Fatal(errs)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	if code, _, errs := run(t, "", "user", "add", "--data", dir, "--username", "jo.analyst", "--agency", "JO-AND", "--role", "analyst", "--password-file", pw); code != 0 {
		t.Fatal(errs)
	}
	var lines []string
	for i := 1; i <= 8; i++ {
		r := storetest.Seizure(fmt.Sprintf("qxcli%d", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		r.Originator, r.CreatedBy = "JO-AND", "whoever"
		b, _ := json.Marshal(r)
		lines = append(lines, string(b))
	}
	good := append([]string{}, lines...)
	lines[4] = strings.Replace(lines[4], `"source":"B"`, `"source":"Z"`, 1)
	lines[6] = strings.Replace(lines[6], `"title":"Seizure qxcli7"`, `"title":7`, 1)
	file := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o600)

	code, out, errs := run(t, "", "import", "--data", dir, "--as", "jo.analyst", "--dry-run", file)
	if code != 1 || !strings.Contains(errs, "line 5: field grading.source") || !strings.Contains(errs, "line 7: field title: must be a string") {
		t.Fatalf("dry run: %d %q %s", code, out, errs)
	}
	if !strings.Contains(errs, "the records become JO-AND's, created by jo.analyst") {
		t.Fatalf("no statement of whose records they become: %s", errs)
	}
	code, out, errs = run(t, "", "import", "--data", dir, "--as", "jo.analyst", file)
	if code != 1 || !strings.Contains(errs, "nothing was imported") || !strings.Contains(errs, "line 5: field grading.source") {
		t.Fatalf("import with bad lines: %d %q %s", code, out, errs)
	}
	exported := func() int {
		exp := filepath.Join(t.TempDir(), "out.jsonl")
		if code, _, errs := run(t, "", "export", "--data", dir, "--as", "jo.analyst", "--out", exp); code != 0 {
			t.Fatal(errs)
		}
		b, _ := os.ReadFile(exp)
		return strings.Count(string(b), "\n")
	}
	if n := exported(); n != 0 {
		t.Fatalf("a failed import kept %d records", n)
	}
	os.WriteFile(file, []byte(strings.Join(good, "\n")+"\n"), 0o600)
	code, out, errs = run(t, "", "import", "--data", dir, "--as", "jo.analyst", "--dry-run", file)
	if code != 0 || !strings.Contains(out, "dry run: 8 records read, 8 would be created, 0 already present") {
		t.Fatalf("dry run of the fixed file: %d %q %s", code, out, errs)
	}
	code, out, errs = run(t, "", "import", "--data", dir, "--as", "jo.analyst", file)
	if code != 0 || !strings.Contains(out, "8 created, 0 already present, as JO-AND's records created by jo.analyst") {
		t.Fatalf("import of the fixed file: %d %q %s", code, out, errs)
	}
	code, out, errs = run(t, "", "import", "--data", dir, "--as", "jo.analyst", file)
	if code != 0 || !strings.Contains(out, "0 created, 8 already present") {
		t.Fatalf("second import: %d %q %s", code, out, errs)
	}
	if n := exported(); n != 8 {
		t.Fatalf("%d records after importing the same file twice, want 8", n)
	}
	// Another agency's record is refused, not relabelled.
	other := strings.Replace(good[0], `"originator":"JO-AND"`, `"originator":"IQ-GDNA"`, 1)
	code, _, errs = run(t, other+"\n", "import", "--data", dir, "--as", "jo.analyst", "-")
	if code != 1 || !strings.Contains(errs, "line 1: field originator: is IQ-GDNA") {
		t.Fatalf("another agency's record: %d %s", code, errs)
	}
}
