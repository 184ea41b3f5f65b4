package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/sheet"
	"github.com/jisr-cell/jisr/policy"
)

// The import page: a spreadsheet (.xlsx, .csv in UTF-8 or Windows-1256)
// is uploaded, its columns are mapped to fields (proposed from the Arabic
// or English headers, changed by the user), the first rows are shown as
// they would be imported, with their errors by row and column, then the
// whole sheet is imported, all or nothing, through the engine's import
// (a second import of the same sheet creates nothing twice).

// maxSheetWeb is the largest sheet the page takes (the file travels back
// with each step); the command line takes larger ones.
const maxSheetWeb = 4 << 20

// previewRows is how many rows the page shows.
const previewRows = 10

type importColumn struct {
	Index  int
	Header string
	Field  string
	Sample string
}

type importPage struct {
	Step     string // upload, map, done
	Format   string
	Charset  string
	FileName string
	File     string // base64 of the sheet, carried between steps
	Columns  []importColumn
	Fields   []string
	Rows     []*sheet.Row
	Total    int
	Bad      int
	Report   *jisr.ImportReport
	// Remembered: the mapping is the one the agency used for a sheet
	// with these headers.
	Remembered bool
	Err        error
}

func (h *Handler) importForm(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "import", "import.title", &importPage{Step: "upload", Format: "xlsx"})
}

func (h *Handler) importPost(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	d := &importPage{Step: "map", Format: r.PostFormValue("format"), Charset: r.PostFormValue("charset"), FileName: r.PostFormValue("file_name")}
	fail := func(err error) {
		d.Err = err
		if d.File == "" {
			d.Step = "upload"
		}
		h.renderStatus(w, r, statusOf(err), "import", "import.title", d)
	}
	if !policy.CanReadRecords(st.P.Role) {
		h.renderError(w, r, jisr.Refused(jisr.EFORBIDDEN, "f_import"))
		return
	}
	var raw []byte
	if f, fh, err := r.FormFile("file"); err == nil {
		defer f.Close()
		raw, err = io.ReadAll(io.LimitReader(f, maxSheetWeb+1))
		if err != nil {
			fail(err)
			return
		}
		d.FileName = fh.Filename
		if strings.HasSuffix(strings.ToLower(fh.Filename), ".csv") {
			d.Format = "csv"
		} else if strings.HasSuffix(strings.ToLower(fh.Filename), ".xlsx") {
			d.Format = "xlsx"
		}
	} else if b, err := base64.StdEncoding.DecodeString(r.PostFormValue("file_data")); err == nil && len(b) > 0 {
		raw = b
	}
	if len(raw) == 0 {
		fail(jisr.Because("file", "choose_sheet"))
		return
	}
	if len(raw) > maxSheetWeb {
		fail(jisr.Because("file", "sheet_web_size", maxSheetWeb>>20))
		return
	}
	var t *sheet.Table
	var err error
	if d.Format == "csv" {
		t, err = sheet.ReadCSV(bytes.NewReader(raw), d.Charset)
	} else {
		d.Format = "xlsx"
		t, err = sheet.ReadXLSX(bytes.NewReader(raw), "")
	}
	if err != nil {
		fail(err)
		return
	}
	d.File = base64.StdEncoding.EncodeToString(raw)
	// The mapping: the user's choices when the page sent them, else the
	// proposal from the headers.
	m := sheet.Propose(t.Header)
	sig := sheet.Signature(t.Header)
	chosen := false
	for i := range t.Header {
		chosen = chosen || r.PostFormValue("col"+strconv.Itoa(i)) != ""
	}
	if !chosen && h.cfg.Mappings != nil {
		// A sheet laid out like one the agency imported before is mapped
		// the same way.
		if b, err := h.cfg.Mappings.SheetMapping(r.Context(), st.P, sig); err == nil && b != nil {
			var saved sheet.Mapping
			if json.Unmarshal(b, &saved) == nil && saved.Check() == nil && saved.Columns != nil {
				m, d.Remembered = &saved, true
			}
		}
	}
	for i, hd := range t.Header {
		if v := r.PostFormValue("col" + strconv.Itoa(i)); v != "" && sheet.FieldByName(v) != nil && hd != "" {
			m.Columns[hd] = v
		}
	}
	for _, k := range []string{"tlp", "handling", "kind", "place.country"} {
		if v := strings.TrimSpace(r.PostFormValue("default_" + k)); v != "" {
			if m.Defaults == nil {
				m.Defaults = map[string]string{}
			}
			m.Defaults[k] = v
		}
	}
	for _, f := range sheet.Fields {
		d.Fields = append(d.Fields, f.Name)
	}
	for i, hd := range t.Header {
		if hd == "" {
			continue
		}
		c := importColumn{Index: i, Header: hd, Field: m.Columns[hd]}
		for _, row := range t.Rows {
			if i < len(row) && row[i] != "" {
				c.Sample = row[i]
				break
			}
		}
		d.Columns = append(d.Columns, c)
	}
	rows := sheet.Rows(t, m, time.Now())
	d.Total = len(rows)
	for _, rw := range rows {
		if len(rw.Errors) > 0 {
			d.Bad++
		}
	}
	d.Rows = rows[:min(previewRows, len(rows))]
	if r.PostFormValue("action") != "import" {
		h.render(w, r, "import", "import.title", d)
		return
	}
	rep, err := h.cfg.Records.ImportRecords(r.Context(), st.P, sheet.Items(rows), jisr.ImportOptions{})
	d.Report = rep
	if err != nil {
		fail(err)
		return
	}
	if h.cfg.Mappings != nil && rep.Created+rep.Present > 0 {
		// Remembered for the next sheet with these headers.
		if err := h.cfg.Mappings.SaveSheetMapping(r.Context(), st.P, sig, m.MarshalIndent()); err != nil {
			h.log.Warn("web: sheet mapping not saved", "err", err)
		}
	}
	d.Step = "done"
	h.render(w, r, "import", "import.title", d)
}

// RowFields is what a previewed row would import, one short line per
// part, for the page.
func (d *importPage) RowFields(rw *sheet.Row) []string {
	r := rw.Record
	if r == nil {
		return nil
	}
	out := []string{string(r.Kind), r.Title}
	if r.OccurredOn != "" {
		out = append(out, r.OccurredOn)
	}
	if r.Place.Country != "" {
		out = append(out, r.Place.Country)
	}
	if r.Seizure != nil && r.Seizure.Crossing != "" {
		out = append(out, r.Seizure.Crossing)
	}
	for _, e := range r.Entities {
		out = append(out, e.Schema+": "+e.Caption())
	}
	return out
}
