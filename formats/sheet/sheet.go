// Package sheet reads spreadsheets of records (.xlsx with
// github.com/xuri/excelize/v2, .csv in UTF-8 or Windows-1256 with
// golang.org/x/text): the rows under a header row, a mapping from columns
// to record fields (proposed from Arabic and English headers, or given),
// values as Arabic offices write them (dates day first, Arabic-Indic
// digits, Hijri dates marked هـ, Arabic names of drugs, units, countries
// and crossings), and a record per row, each error naming the row and the
// column. Columns mapped to no field are kept in the narrative
// ("Header: value"), unless the mapping ignores them. Pure: it reads the
// io.Reader it is given.
package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/jisr-cell/jisr"
)

// Limits of a spreadsheet.
const (
	MaxFile    = 32 << 20
	MaxRows    = 100_000
	MaxColumns = 200
	MaxCell    = 32 << 10
)

// Table is the header and rows of a sheet.
type Table struct {
	Header []string
	Rows   [][]string
	// FirstRow is the spreadsheet row number of Rows[0] (the header is
	// the row before it).
	FirstRow int
}

// Charsets of CSV files.
const (
	UTF8        = "utf-8"
	Windows1256 = "windows-1256"
)

// ReadCSV reads a CSV file in UTF-8 (a byte-order mark is skipped) or
// Windows-1256 (charset "", the default, guesses: a file that is not valid
// UTF-8 is read as Windows-1256). Separators , ; and tab are recognised
// from the header line.
func ReadCSV(r io.Reader, charset string) (*Table, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFile {
		return nil, jisr.Because("file", "sheet_size", MaxFile>>20)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	switch strings.ToLower(charset) {
	case "", "auto":
		if !utf8.Valid(b) {
			charset = Windows1256
		}
	case UTF8, "utf8":
		if !utf8.Valid(b) {
			return nil, jisr.Because("charset", "not_utf8_file")
		}
	case Windows1256, "cp1256":
		charset = Windows1256
	default:
		return nil, jisr.Because("charset", "charset")
	}
	if charset == Windows1256 {
		if b, _, err = transform.Bytes(charmap.Windows1256.NewDecoder(), b); err != nil {
			return nil, jisr.Because("charset", "not_cp1256", err)
		}
	}
	first, _, _ := bytes.Cut(b, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	switch {
	case bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")):
		cr.Comma = ';'
	case bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")):
		cr.Comma = '\t'
	}
	var rows [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, jisr.Because("file", "not_csv", err)
		}
		rows = append(rows, rec)
		if len(rows) > MaxRows+1 {
			return nil, jisr.Because("file", "too_many_rows", MaxRows)
		}
	}
	return table(rows)
}

// ReadXLSX reads a sheet of an .xlsx workbook (the first when sheet is "").
func ReadXLSX(r io.Reader, sheet string) (*Table, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFile {
		return nil, jisr.Because("file", "sheet_size", MaxFile>>20)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: 8 * MaxFile, UnzipXMLSizeLimit: 4 * MaxFile})
	if err != nil {
		return nil, jisr.Because("file", "not_xlsx", err)
	}
	defer f.Close()
	if sheet == "" {
		list := f.GetSheetList()
		if len(list) == 0 {
			return nil, jisr.Because("file", "no_sheet")
		}
		sheet = list[0]
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, jisr.Because("sheet", "sheet_error", err)
	}
	if len(rows) > MaxRows+1 {
		return nil, jisr.Because("file", "too_many_rows", MaxRows)
	}
	return table(rows)
}

func table(rows [][]string) (*Table, error) {
	// The header is the first row with two cells or more.
	h := 0
	for h < len(rows) && nonEmpty(rows[h]) < 2 {
		h++
	}
	if h == len(rows) {
		return nil, jisr.Because("file", "no_header")
	}
	header := rows[h]
	if len(header) > MaxColumns {
		return nil, jisr.Because("file", "too_many_columns", MaxColumns)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	t := &Table{Header: header, FirstRow: h + 2}
	for _, r := range rows[h+1:] {
		for i := range r {
			if len(r[i]) > MaxCell {
				return nil, jisr.Because("file", "cell_size", MaxCell)
			}
			r[i] = strings.TrimSpace(r[i])
		}
		t.Rows = append(t.Rows, r)
	}
	return t, nil
}

func nonEmpty(r []string) int {
	n := 0
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// Column returns a column's letter as spreadsheets name it (0 → A).
func Column(i int) string {
	s, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return fmt.Sprint(i + 1)
	}
	return s
}
