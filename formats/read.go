package formats

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/ftm"
	"github.com/jisr-cell/jisr/formats/misp"
	"github.com/jisr-cell/jisr/formats/stix"
)

// InNames are the formats jisr imports from a file of records (the
// spreadsheets, which need a mapping, are in package sheet).
var InNames = []string{"jsonl", "misp", "stix", "ftm"}

// Read reads the records of a MISP, STIX or FtM file.
func Read(name string, r io.Reader) ([]*jisr.Record, error) {
	switch name {
	case "misp":
		return misp.Read(r)
	case "stix":
		return stix.Read(r)
	case "ftm":
		return ftm.Read(r)
	}
	return nil, jisr.Because("format", "import_format")
}

// Items turns records read from a file into import items. A record with
// an external id (a MISP event's uuid, a STIX report's id, an FtM
// document's id) is known by it; one without is known by the digest of
// its content, keyed by the engine like a line's, so importing the same
// file again creates nothing twice either way.
func Items(recs []*jisr.Record) func() (*jisr.ImportItem, error) {
	i := 0
	return func() (*jisr.ImportItem, error) {
		if i >= len(recs) {
			return nil, io.EOF
		}
		r := recs[i]
		i++
		it := &jisr.ImportItem{Line: i, Record: r}
		if r.ExternalID == "" {
			b, _ := json.Marshal(r)
			sum := sha256.Sum256(b)
			it.Digest = hex.EncodeToString(sum[:])
		}
		return it, nil
	}
}
