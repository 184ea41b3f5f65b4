package ftm_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/jisr-cell/jisr/formats/ftm"
	"github.com/jisr-cell/jisr/formats/internal/formatstest"
)

// model is the FollowTheMoney model read from its published schema YAML.
type model map[string]*schema

type schema struct {
	Extends    []string             `yaml:"extends"`
	Abstract   bool                 `yaml:"abstract"`
	Required   []string             `yaml:"required"`
	Properties map[string]*property `yaml:"properties"`
}

type property struct {
	Type  string `yaml:"type"`
	Range string `yaml:"range"`
}

func loadModel(t *testing.T) model {
	files, err := filepath.Glob("testdata/followthemoney/followthemoney/schema/*.y*ml")
	if err != nil || len(files) < 40 {
		t.Fatalf("vendored FtM schemata: %d files, %v", len(files), err)
	}
	m := model{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var one map[string]*schema
		if err := yaml.Unmarshal(b, &one); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range one {
			m[k] = v
		}
	}
	return m
}

// prop finds a property in a schema or its ancestors.
func (m model) prop(s, p string) *property {
	sc := m[s]
	if sc == nil {
		return nil
	}
	if x, ok := sc.Properties[p]; ok {
		if x == nil {
			x = &property{}
		}
		if x.Type == "" {
			x.Type = "string"
		}
		return x
	}
	for _, e := range sc.Extends {
		if x := m.prop(e, p); x != nil {
			return x
		}
	}
	return nil
}

func (m model) is(s, ancestor string) bool {
	if s == ancestor {
		return true
	}
	for _, e := range m[s].Extends {
		if m.is(e, ancestor) {
			return true
		}
	}
	return false
}

// required are a schema's own required properties: followthemoney's
// Schema.validate checks those only (schema.py), not its parents'.
func (m model) required(s string) []string { return m[s].Required }

var (
	countryRe = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]+)?$`)
	dateRe    = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?$`)
)

// TestFtMEntitiesFollowModel writes the demo scenario as FtM entities and
// checks them against the followthemoney model (schemata, properties,
// required properties, property types, entity ranges).
func TestFtMEntitiesFollowModel(t *testing.T) {
	m := loadModel(t)
	recs := formatstest.Records(150)
	var buf bytes.Buffer
	w := ftm.NewWriter(&buf, formatstest.Agencies())
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	var ents []ftm.Entity
	byID := map[string]string{}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var e ftm.Entity
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if byID[e.ID] != "" {
			t.Fatalf("id %s twice", e.ID)
		}
		byID[e.ID] = e.Schema
		ents = append(ents, e)
	}
	schemata := map[string]int{}
	for _, e := range ents {
		schemata[e.Schema]++
		s := m[e.Schema]
		if s == nil || s.Abstract {
			t.Errorf("%s: schema %q is not a concrete FtM schema", e.ID, e.Schema)
			continue
		}
		for _, r := range m.required(e.Schema) {
			if len(e.Properties[r]) == 0 {
				t.Errorf("%s (%s) lacks required %s", e.ID, e.Schema, r)
			}
		}
		for p, vals := range e.Properties {
			x := m.prop(e.Schema, p)
			if x == nil {
				t.Errorf("%s: %s has no property %q", e.ID, e.Schema, p)
				continue
			}
			for _, v := range vals {
				switch x.Type {
				case "entity":
					target := byID[v]
					if target == "" {
						t.Errorf("%s.%s names %s, which is not in the export", e.ID, p, v)
					} else if x.Range != "" && !m.is(target, x.Range) {
						t.Errorf("%s.%s names a %s, not a %s", e.ID, p, target, x.Range)
					}
				case "country":
					if !countryRe.MatchString(v) {
						t.Errorf("%s.%s = %q is not an FtM country code", e.ID, p, v)
					}
				case "date":
					if !dateRe.MatchString(v) {
						t.Errorf("%s.%s = %q is not an FtM date", e.ID, p, v)
					}
				}
			}
		}
	}
	for _, s := range []string{"Document", "Person", "Vehicle", "Note", "UnknownLink"} {
		if schemata[s] == 0 {
			t.Errorf("no %s in the demo export: %v", s, schemata)
		}
	}
	if schemata["Document"] != len(recs) {
		t.Errorf("%d documents for %d records", schemata["Document"], len(recs))
	}
	t.Logf("%d records → %d entities: %v", len(recs), len(ents), schemata)
}
