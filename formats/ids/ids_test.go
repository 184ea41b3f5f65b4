package ids_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/ids"
	"github.com/jisr-cell/jisr/formats/internal/formatstest"
)

// TestIDSWorkbook writes the demo scenario's seizures as the IDS sheet and
// checks its sheets, its columns and that every pick-list cell holds a
// value of the root package's IDS lists.
func TestIDSWorkbook(t *testing.T) {
	recs := formatstest.Records(200)
	var buf bytes.Buffer
	w := ids.NewWriter(&buf, ids.Options{Agencies: formatstest.Agencies(), From: "2024-01-01", To: "2026-11-20", By: "iq.liaison (IQ-GDNA)"})
	want := 0
	seizures := 0
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
		if r.Kind != jisr.KindSeizure {
			continue
		}
		seizures++
		n := 0
		for _, e := range r.Entities {
			if e.Schema == "DrugQuantity" {
				n++
			}
		}
		want += max(n, 1)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); !slices.Equal(got, []string{ids.SheetSeizures, ids.SheetLists, ids.SheetAbout}) {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows(ids.SheetSeizures)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range ids.Columns {
		if rows[0][i] != c.Name {
			t.Errorf("column %d is %q, the form's is %q", i+1, rows[0][i], c.Name)
		}
	}
	if len(rows)-1 != want || seizures == 0 {
		t.Fatalf("%d rows for %d seizures (%d drug rows expected)", len(rows)-1, seizures, want)
	}
	lists := map[string][]string{}
	for _, l := range ids.Lists() {
		lists[l.Name] = l.Values
	}
	// The Lists sheet holds the root package's lists.
	lrows, _ := f.GetCols(ids.SheetLists)
	for i, l := range ids.Lists() {
		for len(lrows[i]) > 0 && lrows[i][len(lrows[i])-1] == "" {
			lrows[i] = lrows[i][:len(lrows[i])-1]
		}
		if lrows[i][0] != l.Name || !slices.Equal(lrows[i][1:], l.Values) {
			t.Errorf("Lists column %d: %q", i+1, lrows[i][:min(3, len(lrows[i]))])
		}
	}
	if !slices.Equal(lists["Drug"], jisr.Substances) || !slices.Equal(lists["Concealment"], jisr.Concealments) ||
		!slices.Equal(lists["Installation"], jisr.Installations) || !slices.Equal(lists["Transport"], jisr.Transports) ||
		!slices.Equal(lists["Routing"], jisr.Routings) || !slices.Equal(lists["Unit"], jisr.DrugUnits) {
		t.Error("the Lists sheet is not the root package's IDS lists")
	}
	filled := map[string]int{}
	for n, row := range rows[1:] {
		for i, c := range ids.Columns {
			if c.List == "" || i >= len(row) || row[i] == "" {
				continue
			}
			filled[c.Name]++
			if !slices.Contains(lists[c.List], row[i]) {
				t.Errorf("row %d, %s: %q is not in the %s list", n+2, c.Name, row[i], c.List)
			}
		}
	}
	for _, c := range []string{"Drug", "Unit", "Concealment", "Installation", "Transport", "Country of seizure", "Crossing / port"} {
		if filled[c] == 0 {
			t.Errorf("no row has a %s", c)
		}
	}
	picks := 0
	for _, c := range ids.Columns {
		if c.List != "" {
			picks++
		}
	}
	dvs, err := f.GetDataValidations(ids.SheetSeizures)
	if err != nil || len(dvs) != picks || picks < 10 {
		t.Errorf("%d drop-down lists on the seizures sheet (%v), want one per pick-list column (%d)", len(dvs), err, picks)
	}
	t.Logf("%d seizures, %d rows, filled %v", seizures, len(rows)-1, filled)
}
