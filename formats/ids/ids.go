// Package ids writes seizures as the UNODC Individual Drug Seizures (IDS)
// spreadsheet (.xlsx, with github.com/xuri/excelize/v2): a sheet of
// seizures, one row per drug seized, in the columns of Columns, whose
// pick-list cells hold the values of the root package's IDS lists
// (jisr.Substances, DrugUnits, Installations, Transports, Concealments,
// Routings, Countries, the crossings and ports of Places) and offer them
// as drop-down lists from the Lists sheet; an About sheet says the period,
// who exported it and the caveats. Pure mapping: it writes the workbook
// to the io.Writer it is given.
package ids

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/jisr-cell/jisr"
)

// Sheet names.
const (
	SheetSeizures = "Seizures"
	SheetLists    = "Lists"
	SheetAbout    = "About"
)

// Column is one column of the seizures sheet; List names the pick list
// (a column of the Lists sheet) its values come from.
type Column struct {
	Name string
	List string
}

// Columns of the seizures sheet, in order.
var Columns = []Column{
	{"Reference", ""},
	{"Date of seizure", ""},
	{"Country of seizure", "Country"},
	{"Place", ""},
	{"Crossing / port", "Crossing"},
	{"Latitude", ""},
	{"Longitude", ""},
	{"Drug", "Drug"},
	{"Quantity", ""},
	{"Unit", "Unit"},
	{"Installation", "Installation"},
	{"Transport", "Transport"},
	{"Concealment", "Concealment"},
	{"Producing country", "Country"},
	{"Departure country", "Country"},
	{"Destination country", "Country"},
	{"Routing", "Routing"},
	{"Arrests", ""},
	{"Pill logo", ""},
	{"Pill colour", ""},
	{"Reporting agency", ""},
	{"Caveats", ""},
}

// Lists are the pick lists of the Lists sheet, in its column order.
func Lists() []struct {
	Name   string
	Values []string
} {
	countries := make([]string, 0, len(jisr.Countries))
	for c := range jisr.Countries {
		countries = append(countries, c)
	}
	sort.Strings(countries)
	var crossings []string
	for _, p := range jisr.Places {
		if p.Kind == "crossing" || p.Kind == "port" {
			crossings = append(crossings, p.Code)
		}
	}
	return []struct {
		Name   string
		Values []string
	}{
		{"Drug", jisr.Substances}, {"Unit", jisr.DrugUnits}, {"Installation", jisr.Installations},
		{"Transport", jisr.Transports}, {"Concealment", jisr.Concealments}, {"Routing", jisr.Routings},
		{"Country", countries}, {"Crossing", crossings},
	}
}

// Options of a workbook.
type Options struct {
	Agencies map[string]*jisr.Agency
	From, To string // the period, as asked
	By       string // who exported it (user and agency)
	Now      time.Time
}

// Writer gathers seizures and writes the workbook on Close.
type Writer struct {
	w    io.Writer
	o    Options
	rows [][]any
	recs int
}

// NewWriter writes a workbook on w when closed.
func NewWriter(w io.Writer, o Options) *Writer {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return &Writer{w: w, o: o}
}

func num(s string) any {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	return s
}

// Rows maps a seizure record to its rows, one per drug quantity (one row
// with no drug when it lists none). Records of other kinds have none.
func Rows(r *jisr.Record, agencies map[string]*jisr.Agency) [][]any {
	if r.Kind != jisr.KindSeizure {
		return nil
	}
	s := r.Seizure
	if s == nil {
		s = &jisr.Seizure{}
	}
	place := r.Place.Name
	if place == "" {
		place = r.Place.NameAR
	}
	var lat, lon any = "", ""
	if r.Place.Lat != nil && r.Place.Lon != nil {
		lat, lon = *r.Place.Lat, *r.Place.Lon
	}
	agency := r.Originator
	if a := agencies[r.Originator]; a != nil && a.NameEN != "" {
		agency = r.Originator + " — " + a.NameEN
	}
	var arrests any = ""
	if s.Arrests > 0 {
		arrests = s.Arrests
	}
	row := func(drug, qty, unit, logo, colour string) []any {
		var q any = ""
		if qty != "" {
			q = num(qty)
		}
		return []any{r.ID, r.OccurredOn, r.Place.Country, place, s.Crossing, lat, lon, drug, q, unit,
			s.Installation, s.Transport, s.HidingPlace, s.ProducingCountry, s.DepartureCountry, s.DestinationCountry,
			s.Routing, arrests, logo, colour, agency, strings.Join(r.Caveats, " ")}
	}
	var out [][]any
	for i := range r.Entities {
		e := &r.Entities[i]
		if e.Schema == "DrugQuantity" {
			out = append(out, row(e.First("substance"), e.First("amount"), e.First("unit"), e.First("logo"), e.First("color")))
		}
	}
	if len(out) == 0 {
		out = append(out, row("", "", "", "", ""))
	}
	return out
}

// Write adds a record's rows.
func (x *Writer) Write(r *jisr.Record) error {
	rows := Rows(r, x.o.Agencies)
	if len(rows) > 0 {
		x.recs++
	}
	x.rows = append(x.rows, rows...)
	return nil
}

func col(i int) string {
	n, _ := excelize.ColumnNumberToName(i + 1)
	return n
}

// Close writes the workbook.
func (x *Writer) Close() error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetSeizures); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	head := make([]any, len(Columns))
	for i, c := range Columns {
		head[i] = c.Name
	}
	if err := f.SetSheetRow(SheetSeizures, "A1", &head); err != nil {
		return err
	}
	f.SetRowStyle(SheetSeizures, 1, 1, bold)
	for i, r := range x.rows {
		if err := f.SetSheetRow(SheetSeizures, "A"+strconv.Itoa(i+2), &r); err != nil {
			return err
		}
	}
	f.SetPanes(SheetSeizures, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	// The pick lists, and a drop-down on every pick-list column.
	if _, err := f.NewSheet(SheetLists); err != nil {
		return err
	}
	where := map[string]string{}
	for i, l := range Lists() {
		c := col(i)
		f.SetCellValue(SheetLists, c+"1", l.Name)
		for j, v := range l.Values {
			f.SetCellValue(SheetLists, c+strconv.Itoa(j+2), v)
		}
		where[l.Name] = fmt.Sprintf("%s!$%s$2:$%s$%d", SheetLists, c, c, len(l.Values)+1)
	}
	f.SetRowStyle(SheetLists, 1, 1, bold)
	last := len(x.rows) + 1
	if last < 1000 {
		last = 1000
	}
	for i, c := range Columns {
		if c.List == "" {
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col(i), col(i), last)
		dv.SetSqrefDropList(where[c.List])
		if err := f.AddDataValidation(SheetSeizures, dv); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet(SheetAbout); err != nil {
		return err
	}
	about := [][]any{
		{"UNODC Individual Drug Seizures (IDS) — seizures exported from jisr"},
		{"Period from", x.o.From},
		{"Period to", x.o.To},
		{"Exported by", x.o.By},
		{"Exported at", x.o.Now.UTC().Format(time.RFC3339)},
		{"Seizures", x.recs},
		{"Rows", len(x.rows)},
		{"Rows", "one per drug seized; quantities in the unit of the Unit column"},
		{"Pick lists", "the values of the Lists sheet (jisr's IDS lists); countries are ISO 3166-1 alpha-2 codes"},
		{"Caveats", "each row carries the handling caveats of its record: respect them before passing the sheet on"},
	}
	for i, r := range about {
		if err := f.SetSheetRow(SheetAbout, "A"+strconv.Itoa(i+1), &r); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(x.w)
	return err
}
