package stix

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/inbound"
)

// MaxBundle is the largest bundle read (bytes).
const MaxBundle = 64 << 20

// tlp1 are the STIX 2.1 predefined TLP 1.0 markings, read as their TLP 2.0
// equivalents (WHITE is CLEAR).
var tlp1 = map[string]jisr.TLP{
	"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": jisr.TLPClear,
	"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": jisr.TLPGreen,
	"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": jisr.TLPAmber,
	"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": jisr.TLPRed,
}

type object map[string]any

func (o object) str(k string) string {
	s, _ := o[k].(string)
	return s
}

func (o object) strs(k string) []string {
	var out []string
	if l, ok := o[k].([]any); ok {
		for _, v := range l {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// Read reads a STIX 2.1 bundle: each report is a record holding the
// objects it refers to; objects no report refers to make one more record.
// Persons and organisations (identities), addresses (locations), phones,
// IBANs, wallets, e-mail addresses, vehicles, vessels and containers
// (indicators' patterns and cyber-observables) become entities,
// relationships between them links; everything else is written into the
// narrative, never dropped. TLP markings (2.0, and 1.0 read as 2.0) set
// the TLP. A bundle jisr wrote is read back whole (x_jisr_record,
// x_jisr_entity). Each record's external id is its report's STIX id (or
// the bundle's), so importing the bundle again creates nothing twice.
func Read(r io.Reader) ([]*jisr.Record, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBundle+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxBundle {
		return nil, jisr.Because("body", "bundle_size", MaxBundle>>20)
	}
	var bundle struct {
		Type    string   `json:"type"`
		ID      string   `json:"id"`
		Objects []object `json:"objects"`
	}
	if err := json.Unmarshal(b, &bundle); err != nil {
		return nil, jisr.Because("body", "not_stix", err)
	}
	if bundle.Type != "bundle" {
		return nil, jisr.Because("type", "must_bundle")
	}
	byID := map[string]object{}
	var order []string
	for i, o := range bundle.Objects {
		id := o.str("id")
		if id == "" || o.str("type") == "" {
			return nil, jisr.Because(fmt.Sprintf("objects[%d]", i), "stix_object")
		}
		if _, dup := byID[id]; !dup {
			order = append(order, id)
		}
		byID[id] = o
	}
	used := map[string]bool{}
	creators := map[string]bool{}
	for _, o := range byID {
		if c := o.str("created_by_ref"); c != "" {
			creators[c] = true
		}
	}
	var out []*jisr.Record
	for _, id := range order {
		o := byID[id]
		if o.str("type") != "report" {
			continue
		}
		refs := o.strs("object_refs")
		for _, ref := range refs {
			used[ref] = true
		}
		used[id] = true
		out = append(out, record(o, refs, byID, bundle.ID))
	}
	var rest []string
	for _, id := range order {
		o := byID[id]
		switch o.str("type") {
		case "marking-definition", "report", "extension-definition", "language-content":
			continue
		case "identity":
			if o["x_jisr_agency"] != nil || creators[id] {
				continue
			}
		}
		if !used[id] {
			rest = append(rest, id)
		}
	}
	if len(rest) > 0 {
		title := "STIX bundle " + bundle.ID
		if len(out) > 0 {
			title = "Objects of STIX bundle " + bundle.ID + " outside its reports"
		}
		out = append(out, record(object{"id": bundle.ID, "name": title}, rest, byID, bundle.ID))
	}
	return out, nil
}

var (
	reComparison = regexp.MustCompile(`([a-zA-Z0-9_-]+):([a-zA-Z0-9_.'\[\]*-]+)\s*=\s*'((?:[^'\\]|\\.)*)'`)
	unescape     = strings.NewReplacer(`\'`, `'`, `\\`, `\`)
)

// observable maps a cyber-observable type and property (STIX's, jisr's
// x-jisr-*, OpenCTI's custom ones) to an entity schema and property.
func observable(typ, prop string) (schema, p string) {
	typ, prop = strings.ToLower(typ), strings.ToLower(prop)
	switch {
	case typ == "email-addr":
		return "EmailAddress", "address"
	case strings.Contains(typ, "phone"):
		if prop == "imei" {
			return "Phone", "imei"
		}
		return "Phone", "number"
	case strings.Contains(typ, "bank-account") || prop == "iban":
		if prop == "account_number" {
			return "BankAccount", "accountNumber"
		}
		return "BankAccount", "iban"
	case strings.Contains(typ, "wallet"):
		return "CryptoWallet", "publicKey"
	case strings.Contains(typ, "vessel"):
		switch prop {
		case "mmsi":
			return "Vessel", "mmsi"
		case "name":
			return "Vessel", "name"
		}
		return "Vessel", "imoNumber"
	case strings.Contains(typ, "vehicle"):
		return "Vehicle", "registrationNumber"
	case strings.Contains(typ, "container"):
		return "Container", "number"
	}
	return "", ""
}

func record(rep object, refs []string, byID map[string]object, bundleID string) *jisr.Record {
	b := inbound.NewBuilder("STIX")
	r := b.Record
	r.ExternalID = rep.str("id")
	r.Title = rep.str("name")
	desc := rep.str("description")
	var extra recordExtra
	own := false
	if raw, ok := rep["x_jisr_record"]; ok {
		if js, err := json.Marshal(raw); err == nil && json.Unmarshal(js, &extra) == nil && extra.Kind != "" {
			own = true
		}
	}
	if own {
		// The originator is kept: the engine refuses another agency's
		// record rather than make it the importer's.
		r.Originator = extra.Originator
		r.Kind, r.OccurredOn, r.Grading, r.Handling, r.HandlingConditions = extra.Kind, extra.OccurredOn, extra.Grading, extra.Handling, extra.HandlingConditions
		r.TLP, r.NarrativeAR, r.ReviewBy, r.Seizure, r.Facility = extra.TLP, extra.NarrativeAR, extra.ReviewBy, extra.Seizure, extra.Facility
		if extra.Place != nil {
			r.Place = *extra.Place
		}
		if desc != extra.NarrativeAR {
			r.NarrativeEN = desc
		}
	} else {
		b.Text(desc)
		if c := rep.str("created_by_ref"); c != "" && byID[c] != nil {
			b.Note("Source: " + byID[c].str("name"))
		}
	}
	// TLP from the report's markings; statements kept in the narrative.
	for _, m := range rep.strs("object_marking_refs") {
		if t, ok := tlpOf(m, byID); ok {
			if !own {
				r.TLP = t
			}
			continue
		}
		if md := byID[m]; md != nil && !own {
			if def, ok := md["definition"].(map[string]any); ok {
				if s, ok := def["statement"].(string); ok {
					b.Note("Marking: " + s)
				}
			}
		}
	}
	local := map[string]string{} // STIX id → entity id
	for _, ref := range refs {
		o := byID[ref]
		if o == nil {
			if !own {
				b.Note("Referenced object not in the bundle: " + ref)
			}
			continue
		}
		if id, ok := entityOf(b, o, own); ok {
			local[ref] = id
		}
	}
	for _, ref := range refs {
		o := byID[ref]
		if o == nil || o.str("type") != "relationship" {
			continue
		}
		from, to := local[o.str("source_ref")], local[o.str("target_ref")]
		lt := o.str("x_jisr_link_type")
		if lt == "" {
			lt = camel(o.str("relationship_type"))
		}
		if from != "" && to != "" && slices.Contains(jisr.LinkTypes, lt) {
			r.Links = append(r.Links, jisr.Link{From: from, To: to, Type: lt})
			continue
		}
		b.Note(fmt.Sprintf("Relationship: %s %s %s", name(byID[o.str("source_ref")], o.str("source_ref")), o.str("relationship_type"), name(byID[o.str("target_ref")], o.str("target_ref"))))
	}
	if !own && r.Title == "" {
		r.Title = "STIX bundle " + bundleID
	}
	b.Finish()
	return r
}

func name(o object, id string) string {
	if o == nil {
		return id
	}
	if n := o.str("name"); n != "" {
		return n
	}
	if v := o.str("value"); v != "" {
		return v
	}
	return id
}

func tlpOf(id string, byID map[string]object) (jisr.TLP, bool) {
	for t, m := range TLPMarkings {
		if m == id {
			return t, true
		}
	}
	if t, ok := tlp1[id]; ok {
		return t, true
	}
	if md := byID[id]; md != nil {
		if def, ok := md["definition"].(map[string]any); ok {
			if s, ok := def["tlp"].(string); ok {
				return inbound.TLP(s)
			}
		}
		if ext, ok := md["extensions"].(map[string]any); ok {
			if e, ok := ext[tlpExtension].(map[string]any); ok {
				if s, ok := e["tlp_2_0"].(string); ok {
					return inbound.TLP(s)
				}
			}
		}
	}
	return "", false
}

// entityOf adds the entity an object stands for, or writes it into the
// narrative; it returns the entity id when there is one.
func entityOf(b *inbound.Builder, o object, own bool) (string, bool) {
	if raw, ok := o["x_jisr_entity"]; ok {
		var e jisr.Entity
		if js, err := json.Marshal(raw); err == nil && json.Unmarshal(js, &e) == nil && e.Schema != "" {
			return b.Entity(e), true
		}
	}
	typ := o.str("type")
	switch typ {
	case "relationship", "marking-definition":
		return "", false
	case "identity":
		if o["x_jisr_agency"] != nil {
			return "", false
		}
		role := ""
		for _, r := range o.strs("roles") {
			if slices.Contains(jisr.PersonRoles, r) {
				role = r
			}
		}
		schema := "Organization"
		if o.str("identity_class") == "individual" {
			schema = "Person"
		}
		props := map[string][]string{"name": {o.str("name")}}
		if d := o.str("description"); d != "" {
			props["notes"] = []string{d}
		}
		return b.Entity(jisr.Entity{Schema: schema, Role: role, Props: props}), true
	case "location":
		full := o.str("street_address")
		if full == "" {
			full = o.str("name")
		}
		props := map[string][]string{}
		set := func(k, v string) {
			if v != "" {
				props[k] = []string{v}
			}
		}
		set("city", o.str("city"))
		if c := strings.ToUpper(o.str("country")); jisr.ValidCountry(c) && c != "ZZ" {
			set("country", c)
		}
		if la, ok := o["latitude"].(float64); ok {
			if lo, ok := o["longitude"].(float64); ok {
				set("latitude", fmt.Sprint(la))
				set("longitude", fmt.Sprint(lo))
			}
		}
		if full == "" {
			full = strings.Join(append(props["city"], props["country"]...), ", ")
		}
		if full == "" {
			b.Note("Location: " + o.str("id"))
			return "", false
		}
		set("full", full)
		return b.Entity(jisr.Entity{Schema: "Address", Props: props}), true
	case "indicator":
		var ids []string
		for _, m := range reComparison.FindAllStringSubmatch(o.str("pattern"), -1) {
			schema, prop := observable(m[1], m[2])
			if schema == "" {
				continue
			}
			ids = append(ids, b.Entity(jisr.Entity{Schema: schema, Props: map[string][]string{prop: {unescape.Replace(m[3])}}}))
		}
		if len(ids) == 0 {
			b.Note(fmt.Sprintf("Indicator %s: %s", o.str("name"), o.str("pattern")))
			return "", false
		}
		if len(ids) > 1 || o.str("description") != "" {
			b.Note(fmt.Sprintf("Indicator %s: %s %s", o.str("name"), o.str("pattern"), o.str("description")))
		}
		return ids[0], true
	case "note":
		b.Note("Note: " + o.str("content"))
		return "", false
	}
	// A cyber-observable of a kind jisr holds.
	for _, prop := range []string{"value", "iban", "number", "public_key", "imo_number", "registration_number"} {
		if v := o.str(prop); v != "" {
			if schema, p := observable(typ, prop); schema != "" {
				return b.Entity(jisr.Entity{Schema: schema, Props: map[string][]string{p: {v}}}), true
			}
		}
	}
	// Anything else: its name, type and description in the narrative.
	var parts []string
	for _, k := range []string{"name", "value", "description", "content", "pattern"} {
		if v := o.str(k); v != "" {
			parts = append(parts, v)
		}
	}
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(parts) == 0 {
		parts = append(parts, o.str("id"))
	}
	b.Note(typ + ": " + strings.Join(parts, " — "))
	return "", false
}

func camel(s string) string {
	parts := strings.Split(s, "-")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
