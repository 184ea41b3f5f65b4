package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func runExtractCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cmdEnv{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}
	code := runMain(context.Background(), env, append([]string{"extract"}, args...))
	return code, out.String(), errb.String()
}

func TestExtractCommand(t *testing.T) {
	code, out, errs := runExtractCmd(t, "ضبط شاحنة تحمل لوحة بغداد ١٢٣٤٥ أ وهاتف السائق ٠٧٧٠١٢٣٤٥٦٧\ncontainer CSQU3054383 <b>", "--country", "IQ")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := []string{
		`{"type":"plate","value":"IQ:BG:12345:ا","raw":"بغداد ١٢٣٤٥ أ","start":20,"end":33,"valid":true,"country":"IQ"}`,
		`{"type":"phone","value":"+9647701234567","raw":"٠٧٧٠١٢٣٤٥٦٧","start":47,"end":58,"valid":true,"country":"IQ"}`,
		`{"type":"container","value":"CSQU3054383","raw":"CSQU3054383","start":69,"end":80,"valid":true}`,
	}
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("output:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
	for _, l := range got {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
	}
}

func TestExtractCommandDefaultCountry(t *testing.T) {
	// Without --country a national number is not read as a phone.
	code, out, _ := runExtractCmd(t, "07701234567 and +962791234567")
	if code != 0 || out != `{"type":"phone","value":"+962791234567","raw":"+962791234567","start":16,"end":29,"valid":true,"country":"JO"}`+"\n" {
		t.Fatalf("exit %d, output %q", code, out)
	}
	code, out, _ = runExtractCmd(t, "nothing to see here")
	if code != 0 || out != "" {
		t.Fatalf("exit %d, output %q", code, out)
	}
}

func TestExtractCommandUsage(t *testing.T) {
	for _, args := range [][]string{{"--country", "Iraq"}, {"file.txt"}, {"--nope"}} {
		code, out, errs := runExtractCmd(t, "07701234567", args...)
		if code != 2 || out != "" || errs == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	code, _, errs := runExtractCmd(t, "", "--help")
	if code != 0 || !strings.Contains(errs, "extract [--country CC]") {
		t.Errorf("--help: exit %d, %q", code, errs)
	}
}
