package sheet

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// FuzzReadCSV: any CSV file is read or refused, never a panic; its rows
// under the proposed mapping are records or errors naming a column.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(logbook), "")
	f.Add([]byte("a;b\n1;2\n"), "windows-1256")
	f.Fuzz(func(t *testing.T, b []byte, charset string) {
		tb, err := ReadCSV(bytes.NewReader(b), charset)
		if err != nil {
			return
		}
		for _, r := range Rows(tb, Propose(tb.Header), time.Now()) {
			if (r.Record == nil) == (len(r.Errors) == 0) {
				t.Fatalf("row %d: record %v and errors %v", r.Number, r.Record, r.Errors)
			}
		}
	})
}

// FuzzReadXLSX: any file given as a workbook is read or refused.
func FuzzReadXLSX(f *testing.F) {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"التاريخ", "المادة", "الكمية"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"03/02/2025", "كبتاغون", 1000})
	var buf bytes.Buffer
	x.WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := ReadXLSX(bytes.NewReader(b), "")
		if err != nil {
			return
		}
		Rows(tb, Propose(tb.Header), time.Now())
	})
}

var reISO = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// FuzzDate: a date cell is a date as YYYY-MM-DD or an error.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"03/02/2025", "١/٩/١٤٤٦هـ", "45691", "2025-02-03", "10/12/1445 AH"} {
		f.Add(s, "")
	}
	f.Add("01/01/1446", Hijri)
	f.Fuzz(func(t *testing.T, s, cal string) {
		d, err := Date(s, cal)
		if err == nil && d != "" && !reISO.MatchString(d) {
			t.Fatalf("Date(%q, %q) = %q", s, cal, d)
		}
	})
}
