// Package formats is the one door of the export formats: jisr's own JSON
// lines, FollowTheMoney (ftm), MISP events (misp), STIX 2.1 (stix) and the
// UNODC IDS spreadsheet (ids). Each format is a package of its own (pure
// mapping onto a writer); this package picks one by name. Every export
// goes through the engine's ExportRecords (policy: what the caller may
// pass on, with its caveats; audited as an export), which hands the
// records to the Writer.
package formats

import (
	"bufio"
	"encoding/json"
	"io"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/ftm"
	"github.com/jisr-cell/jisr/formats/ids"
	"github.com/jisr-cell/jisr/formats/misp"
	"github.com/jisr-cell/jisr/formats/stix"
)

// Names of the export formats, the default first.
var Names = []string{"jsonl", "ftm", "misp", "stix", "ids"}

// Writer receives the exported records one by one; Close ends the file.
type Writer interface {
	Write(*jisr.Record) error
	Close() error
}

// Options of an export.
type Options struct {
	Agencies map[string]*jisr.Agency // agencies by code (names in identities, organisations)
	From, To string                  // the period asked (IDS)
	By       string                  // who exports (IDS About sheet)
	Now      time.Time
}

// Info says how a format is served.
type Info struct {
	ContentType string
	Extension   string
	// Kind, when set, is the only kind of record the format carries (the
	// export asks only for these).
	Kind jisr.Kind
}

// About returns how a format is served, or an invalid error naming the field.
func About(name string) (Info, error) {
	switch name {
	case "", "jsonl":
		return Info{ContentType: "application/x-ndjson; charset=utf-8", Extension: "jsonl"}, nil
	case "ftm":
		return Info{ContentType: "application/x-ndjson; charset=utf-8", Extension: "ftm.jsonl"}, nil
	case "misp":
		return Info{ContentType: "application/x-ndjson; charset=utf-8", Extension: "misp.jsonl"}, nil
	case "stix":
		return Info{ContentType: "application/stix+json;version=2.1", Extension: "stix.json"}, nil
	case "ids":
		return Info{ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Extension: "ids.xlsx", Kind: jisr.KindSeizure}, nil
	}
	return Info{}, jisr.Because("format", "export_format")
}

// New returns the writer of a format on w.
func New(name string, w io.Writer, o Options) (Writer, error) {
	if _, err := About(name); err != nil {
		return nil, err
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	switch name {
	case "ftm":
		return ftm.NewWriter(w, o.Agencies), nil
	case "misp":
		return misp.NewWriter(w, o.Agencies), nil
	case "stix":
		return stix.NewWriter(w, stix.Options{Agencies: o.Agencies, Now: o.Now}), nil
	case "ids":
		return ids.NewWriter(w, ids.Options{Agencies: o.Agencies, From: o.From, To: o.To, By: o.By, Now: o.Now}), nil
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonl{bw: bw, enc: enc}, nil
}

type jsonl struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func (j *jsonl) Write(r *jisr.Record) error { return j.enc.Encode(r) }
func (j *jsonl) Close() error               { return j.bw.Flush() }

// AgencyMap indexes agencies by code.
func AgencyMap(as []*jisr.Agency) map[string]*jisr.Agency {
	m := make(map[string]*jisr.Agency, len(as))
	for _, a := range as {
		m[a.Code] = a
	}
	return m
}
