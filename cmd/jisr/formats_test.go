package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/ids"
)

// TestExportEveryFormat loads the demo scenario and exports it as a
// Jordanian analyst in every format: each holds exactly the records of
// the JSON lines export (the engine's export rule: no other agency's
// TLP:RED, AMBER+STRICT or H2 record), each with its TLP and caveats; the
// IDS workbook holds the seizures of the period only.
func TestExportEveryFormat(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "", "demo", "--data", dir, "--records", "300", "--load-only"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	export := func(format string, extra ...string) []byte {
		t.Helper()
		out := filepath.Join(t.TempDir(), "out."+format)
		args := append([]string{"export", "--data", dir, "--as", "jo.analyst", "--format", format, "--out", out}, extra...)
		code, _, errs := run(t, "", args...)
		if code != 0 || !strings.Contains(errs, "("+format+")") {
			t.Fatalf("export --format %s: %d %s", format, code, errs)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	lines := func(b []byte) [][]byte { return bytes.Split(bytes.TrimSpace(b), []byte("\n")) }

	ids0 := map[string]*jisr.Record{}
	seizures := 0
	for _, l := range lines(export("jsonl")) {
		var r jisr.Record
		if err := json.Unmarshal(l, &r); err != nil {
			t.Fatal(err)
		}
		if r.Originator != "JO-AND" && (r.TLP == jisr.TLPRed || r.TLP == jisr.TLPAmberStrict || r.Handling == jisr.H2) {
			t.Fatalf("jsonl passed on %s %s TLP:%s of %s", r.ID, r.Handling, r.TLP, r.Originator)
		}
		ids0[r.ID] = &r
		if r.Kind == jisr.KindSeizure && r.OccurredOn >= "2026-01-01" {
			seizures++
		}
	}
	if len(ids0) == 0 || len(ids0) >= 300 {
		t.Fatalf("the jsonl export holds %d of 300 records", len(ids0))
	}
	same := func(format string, got map[string]bool) {
		t.Helper()
		if len(got) != len(ids0) {
			t.Errorf("%s: %d records, jsonl %d", format, len(got), len(ids0))
		}
		for id := range got {
			if ids0[id] == nil {
				t.Errorf("%s exported %s, which the export rule withholds", format, id)
			}
		}
	}

	// FollowTheMoney: one Document per record.
	docs := map[string]bool{}
	for _, l := range lines(export("ftm")) {
		var e struct {
			ID, Schema string
		}
		json.Unmarshal(l, &e)
		if e.Schema == "Document" {
			docs[strings.TrimPrefix(e.ID, "jisr-")] = true
		}
	}
	same("ftm", docs)

	// MISP: one event per record, its TLP tag and caveats.
	events := map[string]bool{}
	for _, l := range lines(export("misp")) {
		var f struct {
			Event struct {
				Tag       []struct{ Name string }
				Attribute []struct{ Comment, Value string }
			}
		}
		if err := json.Unmarshal(l, &f); err != nil {
			t.Fatal(err)
		}
		var id string
		caveats := 0
		for _, a := range f.Event.Attribute {
			switch a.Comment {
			case "jisr:record_id":
				id = a.Value
			case "jisr:caveat":
				caveats++
			}
		}
		r := ids0[id]
		if r == nil {
			t.Fatalf("misp event of %q, not in the jsonl export", id)
		}
		events[id] = true
		if caveats != len(r.Caveats) || !strings.Contains(string(l), `"tlp:`+strings.ToLower(string(r.TLP))+`"`) {
			t.Errorf("misp event %s: %d caveats of %d, or no tlp:%s tag", id, caveats, len(r.Caveats), r.TLP)
		}
	}
	same("misp", events)

	// STIX: one report per record.
	var bundle struct {
		Objects []struct {
			Type   string `json:"type"`
			Record *struct {
				RecordID string   `json:"record_id"`
				TLP      jisr.TLP `json:"tlp"`
			} `json:"x_jisr_record"`
			Marks []string `json:"object_marking_refs"`
		} `json:"objects"`
	}
	if err := json.Unmarshal(export("stix"), &bundle); err != nil {
		t.Fatal(err)
	}
	reports := map[string]bool{}
	for _, o := range bundle.Objects {
		if o.Type == "report" {
			reports[o.Record.RecordID] = true
			if r := ids0[o.Record.RecordID]; r == nil || len(o.Marks) != 1+len(r.Caveats) {
				t.Errorf("stix report of %s: markings %v", o.Record.RecordID, o.Marks)
			}
		}
	}
	same("stix", reports)

	// IDS: the seizures of 2026 only.
	f, err := excelize.OpenReader(bytes.NewReader(export("ids", "--from", "2026-01-01")))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(ids.SheetSeizures)
	refs := map[string]bool{}
	for _, row := range rows[1:] {
		refs[row[0]] = true
		if r := ids0[row[0]]; r == nil || r.Kind != jisr.KindSeizure || r.OccurredOn < "2026-01-01" {
			t.Errorf("ids row of %s, not a seizure of the period in the jsonl export", row[0])
		}
	}
	if len(refs) != seizures || seizures == 0 {
		t.Errorf("ids: %d seizures, jsonl %d of the period", len(refs), seizures)
	}
	if code, _, errs := run(t, "", "export", "--data", dir, "--as", "jo.analyst", "--format", "ids", "--kind", "report"); code != 2 || !strings.Contains(errs, "seizure records only") {
		t.Errorf("ids of reports: %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "export", "--data", dir, "--as", "jo.analyst", "--format", "pdf"); code != 2 || !strings.Contains(errs, "--format must be one of") {
		t.Errorf("unknown format: %d %s", code, errs)
	}
	// Every export is in the audit trail, which still verifies.
	code, out, _ := run(t, "", "audit", "verify", "--data", dir)
	if code != 0 || !strings.Contains(out, "audit trail intact") {
		t.Fatalf("audit verify: %d %s", code, out)
	}
}

// TestImportFormats: a Jordanian analyst's own records exported as STIX,
// MISP and FtM import into a fresh node as JO-AND's, once (a second run
// creates nothing); another agency's record in a file is refused, never
// made the importer's; a spreadsheet with Arabic headers imports with its
// mapping, all or nothing, its errors naming row and column.
func TestImportFormats(t *testing.T) {
	src := t.TempDir()
	if code, _, errs := run(t, "", "demo", "--data", src, "--records", "120", "--load-only"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	export := func(format string, extra ...string) string {
		out := filepath.Join(t.TempDir(), "out."+format)
		args := append([]string{"export", "--data", src, "--as", "jo.analyst", "--format", format, "--out", out}, extra...)
		if code, _, errs := run(t, "", args...); code != 0 {
			t.Fatalf("export %s: %s", format, errs)
		}
		return out
	}
	own := strings.Count(string(mustRead(t, export("jsonl", "--originator", "JO-AND"))), "\n")
	if own == 0 {
		t.Fatal("no JO-AND record in the demo")
	}
	for _, format := range []string{"stix", "misp", "ftm"} {
		dir := freshNode(t)
		file := export(format, "--originator", "JO-AND")
		code, out, errs := run(t, "", "import", "--data", dir, "--as", "jo.liaison", "--format", format, file)
		if code != 0 || !strings.Contains(out, fmt.Sprintf("%d created, 0 already present", own)) {
			t.Fatalf("import %s: %d %s %s", format, code, out, errs)
		}
		code, out, errs = run(t, "", "import", "--data", dir, "--as", "jo.liaison", "--format", format, file)
		if code != 0 || !strings.Contains(out, fmt.Sprintf("0 created, %d already present", own)) {
			t.Fatalf("second import %s: %d %s %s", format, code, out, errs)
		}
		// A file holding other agencies' records: refused whole.
		all := export(format)
		code, _, errs = run(t, "", "import", "--data", dir, "--as", "jo.liaison", "--format", format, all)
		if code != 1 || !strings.Contains(errs, "nothing was imported") || !strings.Contains(errs, "record ") {
			t.Fatalf("import of others' %s records: %d %s", format, code, errs)
		}
	}

	dir := freshNode(t)
	csvFile := filepath.Join(t.TempDir(), "log.csv")
	os.WriteFile(csvFile, []byte("رقم القضية,تاريخ الضبط,المنفذ,المادة,الكمية,الوحدة,اسم المتهم,الضابط\n"+
		"ق/١,٠٣/٠٢/٢٠٢٥,جابر,كبتاغون,١٢٠٠٠٠,حبة,أحمد خالد العلي,النقيب سامر\n"+
		"ق/٢,01/09/1446 هـ,العقبة,حشيش,25,كغ,,الملازم علي\n"+
		"ق/٣,31/02/2025,جابر,كبتاغون,كثير,حبة,,\n"), 0o600)
	code, out, errs := run(t, "", "import", "--data", dir, "--as", "jo.liaison", "--format", "csv", csvFile)
	if code != 2 || !strings.Contains(out, `"تاريخ الضبط": "occurred_on"`) || !strings.Contains(errs, "--mapping") {
		t.Fatalf("import without a mapping: %d %s %s", code, out, errs)
	}
	mapping := filepath.Join(t.TempDir(), "mapping.json")
	os.WriteFile(mapping, []byte(out), 0o600)
	code, out, errs = run(t, "", "import", "--data", dir, "--as", "jo.liaison", "--format", "csv", "--mapping", mapping, "--preview", "5", csvFile)
	if code != 0 || !strings.Contains(out, "row 2: seizure") || !strings.Contains(out, "crossing=JO-JABER") || !strings.Contains(out, "amount=120000") ||
		!strings.Contains(out, "row 3: seizure") || !strings.Contains(out, "occurred_on=2025-03-01") || !strings.Contains(out, "row 4: error: B «تاريخ الضبط»") {
		t.Fatalf("preview: %d %s %s", code, out, errs)
	}
	code, _, errs = run(t, "", "import", "--data", dir, "--as", "jo.liaison", "--format", "csv", "--mapping", mapping, csvFile)
	if code != 1 || !strings.Contains(errs, "nothing was imported") || !strings.Contains(errs, "row 4: field B «تاريخ الضبط»") || !strings.Contains(errs, "E «الكمية»") {
		t.Fatalf("import of a sheet with a bad row: %d %s", code, errs)
	}
	lines := strings.Split(string(mustRead(t, csvFile)), "\n")
	os.WriteFile(csvFile, []byte(strings.Join(lines[:3], "\n")+"\n"), 0o600)
	for i, want := range []string{"2 created, 0 already present", "0 created, 2 already present"} {
		code, out, errs = run(t, "", "import", "--data", dir, "--as", "jo.liaison", "--format", "csv", "--mapping", mapping, csvFile)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("sheet import %d: %d %s %s", i+1, code, out, errs)
		}
	}
	exp := filepath.Join(t.TempDir(), "x.jsonl")
	run(t, "", "export", "--data", dir, "--as", "jo.analyst", "--out", exp)
	b := string(mustRead(t, exp))
	for _, s := range []string{`"occurred_on":"2025-02-03"`, `"occurred_on":"2025-03-01"`, `"crossing":"JO-JABER"`, `"substance":["captagon"]`, "الضابط: النقيب سامر"} {
		if !strings.Contains(b, s) {
			t.Errorf("imported sheet lacks %s:\n%s", s, b)
		}
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// freshNode is a node of JO-AND with the analyst jo.analyst and the
// liaison officer jo.liaison (who may import released records).
func freshNode(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if code, _, errs := run(t, "", "init", "--data", dir, "--agency", "JO-AND", "--country", "JO", "--name-en", "AND", "--name-ar", "إدارة مكافحة المخدرات", "--admin", "root.admin"); code != 0 {
		t.Fatal(errs)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	for _, u := range []string{"analyst", "liaison"} {
		if code, _, errs := run(t, "", "user", "add", "--data", dir, "--username", "jo."+u, "--agency", "JO-AND", "--role", u, "--password-file", pw); code != 0 {
			t.Fatal(errs)
		}
	}
	return dir
}
