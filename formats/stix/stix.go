// Package stix writes records as a STIX 2.1 bundle (and reads bundles back,
// see read.go). Pure mapping: it writes to the io.Writer it is given and
// does nothing else.
//
// A record becomes a report (its title, English narrative, dates, the
// originator as created_by_ref, its objects as object_refs), its agency an
// identity, persons and organisations identities, addresses locations,
// selectors (phones, bank accounts, wallets, vehicles, vessels,
// containers) indicators with a STIX pattern, drug quantities, precursors
// and machinery notes, links relationships. Every object carries the TLP
// 2.0 marking definition of the record (the published ids) and one
// statement marking per caveat the copy carries (the handling code with
// its conditions, the TLP text, the third-party rule). Fields STIX has no
// place for are custom properties prefixed x_jisr_, so a bundle read back
// by jisr keeps them.
package stix

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/jisr-cell/jisr"
)

// Namespace of the name-based (version 5) UUIDs of the objects written:
// the same record, entity or agency always has the same STIX id.
var Namespace = uuid.MustParse("6f1d7d8e-0b1a-5c7e-9a3e-6a6973722d31")

// TLP 2.0 marking definitions as published by OASIS (cti-stix-common-objects,
// extension-definition-specifications/tlp-2.0).
const tlpExtension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

// TLPMarkings are the ids of the TLP 2.0 marking definitions.
var TLPMarkings = map[jisr.TLP]string{
	jisr.TLPClear:       "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
	jisr.TLPGreen:       "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
	jisr.TLPAmber:       "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
	jisr.TLPAmberStrict: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
	jisr.TLPRed:         "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

// TLPMarking returns the published TLP 2.0 marking definition object.
func TLPMarking(t jisr.TLP) map[string]any {
	return map[string]any{
		"type": "marking-definition", "spec_version": "2.1", "id": TLPMarkings[t],
		"created": "2022-10-01T00:00:00.000Z", "name": "TLP:" + string(t),
		"extensions": map[string]any{tlpExtension: map[string]any{
			"extension_type": "property-extension", "tlp_2_0": strings.ToLower(string(t)),
		}},
	}
}

// ID returns the STIX id of type typ named by parts.
func ID(typ string, parts ...string) string {
	return typ + "--" + uuid.NewSHA1(Namespace, []byte(typ+"\x00"+strings.Join(parts, "\x00"))).String()
}

// Timestamp writes t as STIX does (UTC, milliseconds).
func Timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// Options of a bundle.
type Options struct {
	Agencies map[string]*jisr.Agency // names of originators' identities
	Now      time.Time               // created of statement markings
	BundleID string                  // default: random
}

// Writer streams one bundle: objects are written as records come, shared
// objects (identities, markings) once.
type Writer struct {
	w     *bufio.Writer
	o     Options
	seen  map[string]bool
	n     int
	err   error
	start bool
}

// NewWriter starts a bundle on w.
func NewWriter(w io.Writer, o Options) *Writer {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.BundleID == "" {
		o.BundleID = "bundle--" + uuid.NewString()
	}
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), o: o, seen: map[string]bool{}}
}

func (x *Writer) emit(obj map[string]any) {
	if x.err != nil {
		return
	}
	id, _ := obj["id"].(string)
	if x.seen[id] {
		return
	}
	x.seen[id] = true
	if !x.start {
		x.start = true
		fmt.Fprintf(x.w, "{\"type\":\"bundle\",\"id\":%q,\"objects\":[\n", x.o.BundleID)
	} else {
		x.w.WriteString(",\n")
	}
	b, err := marshal(obj)
	if err != nil {
		x.err = err
		return
	}
	x.w.Write(b)
	x.n++
}

func marshal(v any) ([]byte, error) {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(sb.String(), "\n")), nil
}

// AgencyIdentity is the identity object of an agency.
func AgencyIdentity(code string, a *jisr.Agency) map[string]any {
	o := map[string]any{
		"type": "identity", "spec_version": "2.1", "id": ID("identity", "agency", code),
		"created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
		"name": code, "identity_class": "organization", "x_jisr_agency": code,
	}
	if a != nil {
		if a.NameEN != "" {
			o["name"] = a.NameEN
		}
		if a.NameAR != "" {
			o["description"] = a.NameAR
		}
		if a.Country != "" {
			o["x_jisr_country"] = a.Country
		}
	}
	return o
}

// confidence maps the information credibility of the Admiralty code to
// STIX confidence (STIX 2.1 appendix, Admiralty Credibility scale); 6
// (cannot be judged) has none.
var confidence = map[int]int{1: 90, 2: 70, 3: 50, 4: 30, 5: 10}

// Kind of STIX object an entity schema becomes.
func kindOf(schema string) string {
	switch schema {
	case "Person", "Organization", "Company":
		return "identity"
	case "Address":
		return "location"
	case "Phone", "BankAccount", "CryptoWallet", "Vehicle", "Vessel", "Container", "Email":
		return "indicator"
	default:
		return "note"
	}
}

// patternKey names the custom cyber-observable type and property of a
// selector schema in an indicator's pattern (email is STIX's own).
var patternKey = map[string][2]string{
	"Phone":        {"x-jisr-phone", "number"},
	"BankAccount":  {"x-jisr-bank-account", "iban"},
	"CryptoWallet": {"x-jisr-crypto-wallet", "public_key"},
	"Vehicle":      {"x-jisr-vehicle", "registration_number"},
	"Vessel":       {"x-jisr-vessel", "imo_number"},
	"Container":    {"x-jisr-container", "number"},
	"Email":        {"email-addr", "value"},
}

func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// pattern builds the STIX pattern of a selector entity: every identifying
// value it has, ORed.
func pattern(e *jisr.Entity) string {
	k := patternKey[e.Schema]
	var terms []string
	add := func(typ, prop string, vals []string) {
		for _, v := range vals {
			if v != "" {
				terms = append(terms, typ+":"+prop+" = "+quote(v))
			}
		}
	}
	switch e.Schema {
	case "Phone":
		add(k[0], "number", e.Props["number"])
		add(k[0], "imei", e.Props["imei"])
	case "BankAccount":
		add(k[0], "iban", e.Props["iban"])
		add(k[0], "account_number", e.Props["accountNumber"])
	case "Vessel":
		add(k[0], "imo_number", e.Props["imoNumber"])
		add(k[0], "mmsi", e.Props["mmsi"])
		add(k[0], "name", e.Props["name"])
	case "CryptoWallet":
		add(k[0], "public_key", e.Props["publicKey"])
	case "Vehicle":
		add(k[0], "registration_number", e.Props["registrationNumber"])
	case "Container":
		add(k[0], "number", e.Props["number"])
	case "Email":
		add(k[0], "value", e.Props["address"])
	}
	if len(terms) == 0 {
		terms = append(terms, k[0]+":"+k[1]+" = "+quote(e.ID))
	}
	return "[" + strings.Join(terms, " OR ") + "]"
}

// entityText is a one-line description of an entity, for notes.
func entityText(e *jisr.Entity) string {
	s := jisr.SchemaByName(e.Schema)
	var parts []string
	if s != nil {
		for _, p := range s.Props {
			if v := e.Props[p.Name]; len(v) > 0 {
				parts = append(parts, p.Name+": "+strings.Join(v, ", "))
			}
		}
	}
	label := e.Schema
	if s != nil {
		label = s.LabelEN
	}
	return label + " — " + strings.Join(parts, "; ")
}

// recordExtra is what of a record STIX has no property for.
type recordExtra struct {
	RecordID           string         `json:"record_id"`
	Kind               jisr.Kind      `json:"kind"`
	Originator         string         `json:"originator"`
	Version            int            `json:"version,omitempty"`
	OccurredOn         string         `json:"occurred_on,omitempty"`
	Place              *jisr.Place    `json:"place,omitempty"`
	Grading            jisr.Grading   `json:"grading"`
	Handling           jisr.Handling  `json:"handling"`
	HandlingConditions string         `json:"handling_conditions,omitempty"`
	TLP                jisr.TLP       `json:"tlp"`
	NarrativeAR        string         `json:"narrative_ar,omitempty"`
	ReviewBy           string         `json:"review_by,omitempty"`
	Seizure            *jisr.Seizure  `json:"seizure,omitempty"`
	Facility           *jisr.Facility `json:"facility,omitempty"`
	Caveats            []string       `json:"caveats,omitempty"`
}

// Write adds a record's objects to the bundle.
func (x *Writer) Write(r *jisr.Record) error {
	if x.err != nil {
		return x.err
	}
	for _, o := range Objects(r, x.o) {
		x.emit(o)
	}
	return x.err
}

// Objects returns the STIX objects of a record, the shared ones (its
// agency's identity, its markings) first, then its report and the objects
// of its entities and links.
func Objects(r *jisr.Record, opt Options) []map[string]any {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	var out []map[string]any
	x := struct{ o Options }{opt}
	emitTo := func(o map[string]any) { out = append(out, o) }
	created, modified := r.CreatedAt, r.UpdatedAt
	if created.IsZero() {
		created = x.o.Now
	}
	if modified.Before(created) {
		modified = created
	}
	agency := ID("identity", "agency", r.Originator)
	emitTo(AgencyIdentity(r.Originator, x.o.Agencies[r.Originator]))
	var marks []string
	if id, ok := TLPMarkings[r.TLP]; ok {
		emitTo(TLPMarking(r.TLP))
		marks = append(marks, id)
	}
	for _, c := range r.Caveats {
		id := ID("marking-definition", "statement", c)
		emitTo(map[string]any{
			"type": "marking-definition", "spec_version": "2.1", "id": id,
			"created": Timestamp(x.o.Now), "definition_type": "statement",
			"definition": map[string]any{"statement": c},
		})
		marks = append(marks, id)
	}
	base := func(typ, id string) map[string]any {
		o := map[string]any{
			"type": typ, "spec_version": "2.1", "id": id,
			"created": Timestamp(created), "modified": Timestamp(modified),
			"created_by_ref": agency,
		}
		if len(marks) > 0 {
			o["object_marking_refs"] = marks
		}
		return o
	}
	reportID := ID("report", r.ID)
	ids := map[string]string{}
	refs := []string{agency}
	var objs []map[string]any
	for i := range r.Entities {
		e := &r.Entities[i]
		k := kindOf(e.Schema)
		id := ID(k, r.ID, e.ID)
		ids[e.ID] = id
		o := base(k, id)
		o["x_jisr_entity"] = map[string]any{"id": e.ID, "schema": e.Schema, "role": e.Role, "props": e.Props}
		switch k {
		case "identity":
			o["name"] = e.Caption()
			if e.Schema == "Person" {
				o["identity_class"] = "individual"
			} else {
				o["identity_class"] = "organization"
			}
			if e.Role != "" {
				o["roles"] = []string{e.Role}
			}
			if n := e.First("notes"); n != "" {
				o["description"] = n
			}
		case "location":
			o["name"] = e.First("full")
			if v := e.First("city"); v != "" {
				o["city"] = v
			}
			if v := e.First("full"); v != "" {
				o["street_address"] = v
			}
			country := e.First("country")
			if country == "" {
				country = r.Place.Country
			}
			lat, lon := e.First("latitude"), e.First("longitude")
			if lat != "" && lon != "" {
				var la, lo float64
				if _, err := fmt.Sscan(lat, &la); err == nil {
					if _, err := fmt.Sscan(lon, &lo); err == nil {
						o["latitude"], o["longitude"] = la, lo
					}
				}
			}
			if country == "" && o["latitude"] == nil {
				country = "ZZ" // the location schema needs a country or coordinates
			}
			if country != "" {
				o["country"] = country
			}
		case "indicator":
			o["name"] = e.Schema + " " + e.Caption()
			o["pattern_type"] = "stix"
			o["pattern"] = pattern(e)
			o["valid_from"] = Timestamp(created)
			o["indicator_types"] = []string{"attribution"}
		case "note":
			o["content"] = entityText(e)
			o["object_refs"] = []string{reportID}
		}
		objs = append(objs, o)
		refs = append(refs, id)
	}
	for i, l := range r.Links {
		from, to := ids[l.From], ids[l.To]
		if from == "" || to == "" {
			continue
		}
		id := ID("relationship", r.ID, fmt.Sprint(i), l.From, l.Type, l.To)
		o := base("relationship", id)
		o["relationship_type"] = kebab(l.Type)
		o["source_ref"], o["target_ref"] = from, to
		o["x_jisr_link_type"] = l.Type
		objs = append(objs, o)
		refs = append(refs, id)
	}
	rep := base("report", reportID)
	rep["name"] = r.Title
	if r.NarrativeEN != "" {
		rep["description"] = r.NarrativeEN
	} else if r.NarrativeAR != "" {
		rep["description"] = r.NarrativeAR
	}
	rep["published"] = Timestamp(created)
	rep["report_types"] = []string{"jisr-" + string(r.Kind)}
	rep["object_refs"] = refs
	if c, ok := confidence[r.Grading.Information]; ok {
		rep["confidence"] = c
	}
	rep["labels"] = []string{"jisr:" + string(r.Kind), "admiralty:" + r.Grading.String(), "handling:" + string(r.Handling)}
	rep["external_references"] = []map[string]any{{"source_name": "jisr", "external_id": r.ID}}
	extra := recordExtra{RecordID: r.ID, Kind: r.Kind, Originator: r.Originator, Version: r.Version, OccurredOn: r.OccurredOn,
		Grading: r.Grading, Handling: r.Handling, HandlingConditions: r.HandlingConditions, TLP: r.TLP,
		NarrativeAR: r.NarrativeAR, ReviewBy: r.ReviewBy, Seizure: r.Seizure, Facility: r.Facility, Caveats: r.Caveats}
	if r.Place != (jisr.Place{}) {
		p := r.Place
		extra.Place = &p
	}
	rep["x_jisr_record"] = extra
	emitTo(rep)
	return append(out, objs...)
}

func kebab(s string) string {
	var b strings.Builder
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte('-')
			}
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Close ends the bundle. A bundle with no record holds no object: STIX
// asks for at least one, so an empty export is a bundle without objects
// (the objects property is optional).
func (x *Writer) Close() error {
	if x.err != nil {
		return x.err
	}
	if !x.start {
		fmt.Fprintf(x.w, "{\"type\":\"bundle\",\"id\":%q}\n", x.o.BundleID)
	} else {
		x.w.WriteString("\n]}\n")
	}
	return x.w.Flush()
}

// Count is the number of objects written.
func (x *Writer) Count() int { return x.n }
