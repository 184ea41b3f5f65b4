// Package formatstest gives the format packages' tests the demo scenario
// as exported records, and a JSON Schema validator over vendored schemas.
package formatstest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/policy"
)

// Agencies returns the demo agencies by code.
func Agencies() map[string]*jisr.Agency {
	m := map[string]*jisr.Agency{}
	for _, a := range demo.Agencies() {
		m[a.Code] = a
	}
	return m
}

// Records returns n demo records as an export hands them out: with ids,
// versions and times, as seen by a liaison officer of IQ-GDNA (redacted,
// with caveats); records that officer may not pass on are left out, like
// the engine does.
func Records(n int) []*jisr.Record {
	g := demo.New(7)
	p := jisr.Principal{Username: "iq.liaison", Agency: "IQ-GDNA", Country: "IQ", Role: jisr.RoleLiaison, Groups: []string{demo.GroupLevantCell}}
	var out []*jisr.Record
	for i := 0; len(out) < n && i < n*20; i++ {
		r := g.Next()
		r.ID = fmt.Sprintf("r%06d", i+1)
		r.Version = 1
		r.CreatedAt = demo.ScenarioNow.Add(-time.Duration(i) * time.Hour)
		r.UpdatedAt = r.CreatedAt
		if !policy.CanRead(p, r) || policy.Withheld(p, r) != "" {
			continue
		}
		c := policy.Redact(p, r)
		c.Caveats = policy.Caveats(p, r)
		out = append(out, c)
	}
	return out
}

// Schemas compiles JSON schemas from dir: every .json file under it is
// registered under prefix + its path relative to dir.
func Schemas(t testing.TB, dir, prefix string) *jsonschema.Compiler {
	t.Helper()
	c := jsonschema.NewCompiler()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		rel, _ := filepath.Rel(dir, path)
		return c.AddResource(prefix+filepath.ToSlash(rel), doc)
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Validate checks one JSON document against a compiled schema.
func Validate(t testing.TB, s *jsonschema.Schema, doc []byte, what string) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", what, err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s does not follow its schema: %v\n%s", what, err, trunc(doc))
	}
}

func trunc(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}
