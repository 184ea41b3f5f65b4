package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

// run runs a subcommand in process and returns its exit code and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cmdEnv{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}
	code := runMain(context.Background(), env, args)
	return code, out.String(), errb.String()
}

var accountLine = regexp.MustCompile(`^user: (\S+) password: (\S+) agency: (\S+) role: (\S+)$`)

func TestDemoLoadsAndPrintsAccounts(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, "", "demo", "--data", dir, "--records", "300", "--load-only")
	if code != 0 {
		t.Fatalf("demo: %d %s", code, errs)
	}
	roles := map[string]bool{}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, l := range lines {
		m := accountLine.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("not an account line: %q", l)
		}
		if len(m[2]) < 12 {
			t.Fatalf("weak demo password %q", m[2])
		}
		roles[m[4]] = true
	}
	for _, r := range []string{"analyst", "officer", "liaison", "supervisor", "administrator", "auditor"} {
		if !roles[r] {
			t.Errorf("no demo account with role %s", r)
		}
	}
	if !strings.Contains(errs, "loaded 300 demo records") {
		t.Errorf("no load summary: %s", errs)
	}
	if !strings.Contains(errs, "demo consents: 1 granted, 1 pending") {
		t.Errorf("no demo consents: %s", errs)
	}
	if !strings.Contains(errs, "4 demo lookouts issued") {
		t.Errorf("no lookouts: %s", errs)
	}
	// A second start keeps the data and gives new passwords. The node holds
	// the 300 generated records, the 2 the lookout scenario writes after its
	// lookouts (so that they match) and the seizure the joint operation
	// ends with.
	code, out2, errs := run(t, "", "demo", "--data", dir, "--records", "300", "--load-only")
	if code != 0 || !strings.Contains(errs, "already holds 303 records") || out2 == out {
		t.Fatalf("second demo start: %d %s", code, errs)
	}
	code, out, _ = run(t, "", "audit", "verify", "--data", dir)
	if code != 0 || !strings.Contains(out, "audit trail intact") {
		t.Fatalf("audit verify: %d %s", code, out)
	}
	// Export as a Jordanian analyst, then import into a fresh node.
	exp := filepath.Join(t.TempDir(), "out.jsonl")
	if code, _, errs := run(t, "", "export", "--data", dir, "--as", "jo.analyst", "--out", exp); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	b, _ := os.ReadFile(exp)
	if n := bytes.Count(b, []byte("\n")); n == 0 || n >= 300 {
		t.Fatalf("export of a Jordanian analyst wrote %d records of 300", n)
	}
	for i, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var r jisr.Record
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("export line %d: %v", i+1, err)
		}
		if r.Originator != "JO-AND" && (r.TLP == jisr.TLPRed || r.TLP == jisr.TLPAmberStrict || r.Handling == jisr.H2) {
			t.Errorf("export line %d: %s passed on a %s TLP:%s record of %s", i+1, "jo.analyst", r.Handling, r.TLP, r.Originator)
		}
		if len(r.Caveats) == 0 || !strings.HasPrefix(r.Caveats[0], string(r.Handling)+":") {
			t.Errorf("export line %d without its handling caveat: %q", i+1, r.Caveats)
		}
	}
}

func TestInitAndUsers(t *testing.T) {
	dir := t.TempDir()
	args := []string{"init", "--data", dir, "--agency", "JO-AND", "--country", "JO", "--name-en", "Anti-Narcotics Department", "--name-ar", "إدارة مكافحة المخدرات", "--admin", "root.admin"}
	code, out, errs := run(t, "", args...)
	if code != 0 || !accountLine.MatchString(strings.Split(strings.TrimSpace(out), "\n")[1]) {
		t.Fatalf("init: %d %q %s", code, out, errs)
	}
	if code, _, errs := run(t, "", args...); code == 0 || !strings.Contains(errs, "already has users") {
		t.Fatalf("second init: %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "init", "--data", dir); code != 2 || !strings.Contains(errs, "--agency is required") {
		t.Fatalf("init without flags: %d %s", code, errs)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	if code, _, errs := run(t, "", "user", "add", "--data", dir, "--username", "jo.one", "--agency", "JO-AND", "--role", "analyst", "--password-file", pw); code != 0 {
		t.Fatalf("user add: %s", errs)
	}
	if code, _, errs := run(t, "", "user", "add", "--data", dir, "--username", "jo.two", "--agency", "JO-AND", "--role", "chief"); code != 1 || !strings.Contains(errs, "role:") {
		t.Fatalf("bad role: %d %s", code, errs)
	}
	code, out, _ = run(t, "", "user", "list", "--data", dir)
	if code != 0 || !strings.Contains(out, "jo.one") || !strings.Contains(out, "root.admin") {
		t.Fatalf("user list: %s", out)
	}
	if code, out, _ := run(t, "", "user", "disable", "--data", dir, "jo.one"); code != 0 || !strings.Contains(out, "disabled jo.one") {
		t.Fatalf("disable: %s", out)
	}
	// The operator changes roles on the command line, in any agency.
	if code, out, errs := run(t, "", "user", "role", "--data", dir, "--role", "liaison", "jo.one"); code != 0 || !strings.Contains(out, "jo.one is now liaison") {
		t.Fatalf("user role: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, "", "user", "role", "--data", dir, "--role", "chief", "jo.one"); code != 1 || !strings.Contains(errs, "role:") {
		t.Fatalf("user role chief: %d %s", code, errs)
	}
	// A scrape token shorter than 16 characters is refused.
	short := filepath.Join(t.TempDir(), "tok")
	os.WriteFile(short, []byte("short\n"), 0o600)
	if code, _, errs := run(t, "", "serve", "--data", dir, "--metrics-token-file", short); code != 2 || !strings.Contains(errs, "metrics token") {
		t.Fatalf("short metrics token: %d %s", code, errs)
	}
	if code, _, _ := run(t, "", "agency", "add", "--data", dir, "--code", "LB-ISF", "--country", "LB", "--name-en", "ISF", "--name-ar", "قوى الأمن الداخلي", "--groups", "levant"); code != 0 {
		t.Fatal("agency add")
	}
	if code, out, _ := run(t, "", "agency", "list", "--data", dir); code != 0 || !strings.Contains(out, "LB-ISF") {
		t.Fatalf("agency list: %s", out)
	}
	if code, _, _ := run(t, "", "nonsense"); code != 2 {
		t.Fatal("unknown command")
	}
	if code, out, _ := run(t, "", "--help"); code != 0 || !strings.Contains(out, "serve") {
		t.Fatalf("help: %s", out)
	}
}

func TestServeAnswers(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "", "demo", "--data", dir, "--records", "50", "--load-only"); code != 0 {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := openStore(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addr := make(chan string, 1)
	env := &cmdEnv{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, env, s, nil, serveFlags{addr: "127.0.0.1:0", logLevel: "error"}, func(a string) { addr <- a })
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-done:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	for _, path := range []string{"/healthz", "/api/v1/openapi.json", "/metrics"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v %v", path, err, resp)
		}
		resp.Body.Close()
	}
	resp, _ := http.Get(base + "/api/v1/records")
	var e struct{ Code string }
	json.NewDecoder(resp.Body).Decode(&e)
	resp.Body.Close()
	if resp.StatusCode != 401 || e.Code != "unauthorized" {
		t.Fatalf("anonymous records: %d %+v", resp.StatusCode, e)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
}
