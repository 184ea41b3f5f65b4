package sheet

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/jisr-cell/jisr"
)

// logbook is a seizure log as an Iraqi or Jordanian office keeps it:
// Arabic headers, day-first dates (one Hijri), Arabic-Indic digits, Arabic
// names of drugs, units, crossings and countries, a column jisr has no
// field for.
const logbook = `رقم القضية,تاريخ الضبط,المنفذ,المادة,الكمية,الوحدة,طريقة الإخفاء,اسم المتهم,الجنسية,رقم الهاتف,رقم اللوحة,ملاحظات,الضابط المسؤول
ق/٢٠٢٥/١٤,٠٣/٠٢/٢٠٢٥,جابر,كبتاغون,"١٬٢٠٠٬٠٠٠",حبة,رمان,أحمد خالد العلي,سوري,0791234567,40-81295,ضبطت في شاحنة مبردة,النقيب سامر
ق/٢٠٢٥/١٥,01/09/1446 هـ,العقبة,حشيش,٢٥,كغ,إطارات,,,,,,الملازم علي
ق/٢٠٢٥/١٦,31/02/2025,جابر,كبتاغون,كثير,حبة,رمان,,,,,,
`

func TestSpreadsheetCSV(t *testing.T) {
	tb, err := ReadCSV(strings.NewReader("\ufeff"+logbook), "")
	if err != nil {
		t.Fatal(err)
	}
	if tb.Header[0] != "رقم القضية" || len(tb.Rows) != 3 || tb.FirstRow != 2 {
		t.Fatalf("read %q, %d rows from %d", tb.Header, len(tb.Rows), tb.FirstRow)
	}
	m := Propose(tb.Header)
	want := map[string]string{"رقم القضية": "external_id", "تاريخ الضبط": "occurred_on", "المنفذ": "seizure.crossing", "المادة": "drug.substance",
		"الكمية": "drug.amount", "الوحدة": "drug.unit", "طريقة الإخفاء": "seizure.hiding_place", "اسم المتهم": "person.name",
		"الجنسية": "person.nationality", "رقم الهاتف": "phone.number", "رقم اللوحة": "vehicle.registrationNumber", "ملاحظات": Narrative, "الضابط المسؤول": Narrative}
	for h, f := range want {
		if m.Columns[h] != f {
			t.Errorf("proposed %q → %q, want %q", h, m.Columns[h], f)
		}
	}
	rows := Rows(tb, m, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[0].Record
	if r == nil {
		t.Fatalf("row 2: %v", rows[0].Errors)
	}
	if r.Kind != jisr.KindSeizure || r.OccurredOn != "2025-02-03" || r.Seizure.Crossing != "JO-JABER" || r.Place.Country != "JO" ||
		r.Seizure.HidingPlace != "fruit-pomegranates" || r.ExternalID != "ق/٢٠٢٥/١٤" {
		t.Errorf("row 2: %+v %+v", r, r.Seizure)
	}
	ents := map[string]jisr.Entity{}
	for _, e := range r.Entities {
		ents[e.Schema] = e
	}
	if d := ents["DrugQuantity"]; d.First("substance") != "captagon" || d.First("amount") != "1200000" || d.First("unit") != "pills" {
		t.Errorf("drug %+v", d)
	}
	if p := ents["Person"]; p.First("name") != "أحمد خالد العلي" || p.First("nationality") != "SY" || p.Role != "suspect" {
		t.Errorf("person %+v", p)
	}
	if ph, v := ents["Phone"], ents["Vehicle"]; ph.First("number") != "0791234567" || v.First("registrationNumber") != "40-81295" {
		t.Errorf("phone, vehicle: %+v", r.Entities)
	}
	if !strings.Contains(r.NarrativeEN, "ملاحظات: ضبطت في شاحنة مبردة") || !strings.Contains(r.NarrativeEN, "الضابط المسؤول: النقيب سامر") {
		t.Errorf("unmapped columns not kept: %q", r.NarrativeEN)
	}
	if r2 := rows[1].Record; r2 == nil || r2.OccurredOn != "2025-03-01" || r2.Place.Country != "JO" {
		t.Errorf("row 3 (Hijri date): %+v %v", r2, rows[1].Errors)
	}
	// Row 4: two errors, each naming its row's column.
	errs := rows[2].Errors
	if rows[2].Record != nil || rows[2].Number != 4 || len(errs) != 2 {
		t.Fatalf("row 4: %+v", rows[2])
	}
	if errs[0].Field != "B «تاريخ الضبط»" || errs[1].Field != "E «الكمية»" {
		t.Errorf("row 4 errors: %v", errs)
	}
	it, _ := Items(rows)()
	if it.Line != 2 || it.Digest == "" || it.Record == nil {
		t.Errorf("item %+v", it)
	}
	// The same file saved by Excel in Windows-1256 (which has no
	// Arabic-Indic digits: offices' files then have ASCII ones) reads the
	// same records.
	enc, err := charmap.Windows1256.NewEncoder().Bytes([]byte(Digits(logbook)))
	if err != nil {
		t.Fatal(err)
	}
	tb2, err := ReadCSV(bytes.NewReader(enc), "")
	if err != nil || tb2.Header[0] != tb.Header[0] {
		t.Fatalf("Windows-1256: %v %q", err, tb2.Header)
	}
	rows2 := Rows(tb2, m, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if r2 := rows2[0].Record; r2 == nil || r2.OccurredOn != r.OccurredOn || r2.Title != r.Title || len(r2.Entities) != len(r.Entities) || r2.NarrativeEN != r.NarrativeEN {
		t.Errorf("Windows-1256 row 2: %+v", r2)
	}
	if _, err := ReadCSV(bytes.NewReader(enc), UTF8); err == nil {
		t.Error("a Windows-1256 file read as UTF-8")
	}
}

func TestSpreadsheetXLSX(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"سجل الضبطيات 2025"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"Date", "Drug", "Quantity", "Unit", "Country", "Suspect name", "Phone number", "IBAN"})
	f.SetSheetRow("Sheet1", "A4", &[]any{"15/10/2025", "Crystal meth", 12, "kg", "Iraq", "Hadi Karimi", "+964 780 726 9252", "IQ20CBIQ861800101010500"})
	var buf bytes.Buffer
	f.WriteTo(&buf)
	tb, err := ReadXLSX(&buf, "")
	if err != nil {
		t.Fatal(err)
	}
	m := Propose(tb.Header)
	rows := Rows(tb, m, time.Now())
	if len(rows) != 1 || rows[0].Number != 4 || rows[0].Record == nil {
		t.Fatalf("rows %+v, mapping %v", rows, m.Columns)
	}
	r := rows[0].Record
	if r.Place.Country != "IQ" || r.OccurredOn != "2025-10-15" || len(r.Entities) != 4 {
		t.Errorf("%+v", r)
	}
}
