package misp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/inbound"
)

// MaxFile is the largest MISP file read (bytes).
const MaxFile = 64 << 20

// Read reads MISP events: one {"Event": …} object, several in a row (JSON
// lines), an array of them, or a {"response": […]} answer of the MISP API.
// Each event is a record (external id: the event's uuid, so importing the
// file again creates nothing twice). Phone numbers, IBANs and account
// numbers, wallets (btc), e-mail addresses, persons (full-name, person
// objects) become entities; TLP and admiralty-scale tags set the TLP and
// grading; everything else (text, comments, other attributes and tags) is
// written into the narrative, never dropped. An event jisr wrote is read
// back whole.
func Read(r io.Reader) ([]*jisr.Record, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFile {
		return nil, jisr.Because("body", "misp_size", MaxFile>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var out []*jisr.Record
	for n := 1; ; n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, jisr.Because("body", "misp_json", n, err)
		}
		evs, err := events(raw)
		if err != nil {
			return nil, jisr.Because("body", "misp_value", n, err)
		}
		for _, ev := range evs {
			out = append(out, EventRecord(ev))
		}
	}
	return out, nil
}

func events(raw json.RawMessage) ([]*Event, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, err
		}
		var out []*Event
		for _, x := range list {
			evs, err := events(x)
			if err != nil {
				return nil, err
			}
			out = append(out, evs...)
		}
		return out, nil
	}
	var v struct {
		Event    *Event            `json:"Event"`
		Response []json.RawMessage `json:"response"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	if v.Event != nil {
		return []*Event{v.Event}, nil
	}
	if v.Response != nil {
		var out []*Event
		for _, x := range v.Response {
			evs, err := events(x)
			if err != nil {
				return nil, err
			}
			out = append(out, evs...)
		}
		return out, nil
	}
	return nil, errors.New(`not a MISP event (no "Event")`)
}

// EventRecord maps one event to a record.
func EventRecord(ev *Event) *jisr.Record {
	b := inbound.NewBuilder("MISP")
	r := b.Record
	r.Title = strings.TrimSpace(ev.Info)
	if ev.UUID != "" {
		r.ExternalID = ev.UUID
	}
	if jisr.ValidDate(ev.Date) {
		r.OccurredOn = ev.Date
	}
	own := slices.ContainsFunc(ev.Attribute, func(a Attribute) bool { return a.Comment == prefix+"record_id" })
	for _, t := range ev.Tag {
		tagInto(b, t.Name, own)
	}
	if !own && ev.Orgc.Name != "" {
		b.Note("Source organisation: " + ev.Orgc.Name)
	}
	ents := map[string]*jisr.Entity{} // own: entity id → entity
	var order []string
	for _, a := range ev.Attribute {
		if own && strings.HasPrefix(a.Comment, prefix) {
			ownAttribute(b, a, ents, &order)
			continue
		}
		attribute(b, a, "")
	}
	for _, o := range ev.Object {
		object(b, o)
	}
	for _, id := range order {
		b.Entity(*ents[id])
	}
	b.Finish()
	return r
}

func tagInto(b *inbound.Builder, name string, own bool) {
	r := b.Record
	low := strings.ToLower(name)
	val := func() string {
		_, v, _ := strings.Cut(name, "=")
		return strings.Trim(v, `"`)
	}
	switch {
	case strings.HasPrefix(low, "tlp:"):
		if t, ok := inbound.TLP(low); ok {
			r.TLP = t
			return
		}
	case strings.HasPrefix(low, "admiralty-scale:source-reliability="):
		if v := strings.ToUpper(val()); len(v) == 1 && v >= "A" && v <= "F" {
			r.Grading.Source = v
			return
		}
	case strings.HasPrefix(low, "admiralty-scale:information-credibility="):
		if n, err := strconv.Atoi(val()); err == nil && n >= 1 && n <= 6 {
			r.Grading.Information = n
			return
		}
	case strings.HasPrefix(low, "jisr:handling="):
		if h := jisr.Handling(val()); slices.Contains(jisr.Handlings, h) {
			r.Handling = h
			return
		}
	case strings.HasPrefix(low, "jisr:originator=") && own:
		// Kept: the engine refuses another agency's record rather than
		// make it the importer's.
		r.Originator = val()
		return
	case strings.HasPrefix(low, "jisr:kind="):
		if k := jisr.Kind(val()); slices.Contains(jisr.Kinds, k) {
			r.Kind = k
			return
		}
	}
	b.Note("Tag: " + name)
}

func ownAttribute(b *inbound.Builder, a Attribute, ents map[string]*jisr.Entity, order *[]string) {
	r := b.Record
	key := strings.TrimPrefix(a.Comment, prefix)
	js := func(v any) {
		if err := json.Unmarshal([]byte(a.Value), v); err != nil {
			b.Note(key + ": " + a.Value)
		}
	}
	switch key {
	case "record_id", "caveat":
	case "narrative_en":
		r.NarrativeEN = a.Value
	case "narrative_ar":
		r.NarrativeAR = a.Value
	case "occurred_on":
		r.OccurredOn = a.Value
	case "place":
		js(&r.Place)
	case "seizure":
		r.Seizure = &jisr.Seizure{}
		js(r.Seizure)
	case "facility":
		r.Facility = &jisr.Facility{}
		js(r.Facility)
	case "handling_conditions":
		r.HandlingConditions = a.Value
	case "review_by":
		r.ReviewBy = a.Value
	case "link":
		f := strings.Fields(a.Value)
		if len(f) == 3 {
			r.Links = append(r.Links, jisr.Link{From: f[0], Type: f[1], To: f[2]})
		} else {
			b.Note("link: " + a.Value)
		}
	default:
		p := strings.SplitN(key, ":", 4) // e2:Person:name[:role]
		if len(p) < 3 {
			attribute(b, a, "")
			return
		}
		e := ents[p[0]]
		if e == nil {
			e = &jisr.Entity{ID: p[0], Schema: p[1], Props: map[string][]string{}}
			if len(p) == 4 {
				e.Role = p[3]
			}
			ents[p[0]] = e
			*order = append(*order, p[0])
		}
		e.Props[p[2]] = append(e.Props[p[2]], a.Value)
	}
}

// attribute maps a loose attribute of another MISP to an entity or a line
// of the narrative.
func attribute(b *inbound.Builder, a Attribute, role string) {
	v := strings.TrimSpace(a.Value)
	if v == "" {
		return
	}
	ent := func(schema, prop string, extra ...string) {
		props := map[string][]string{prop: {v}}
		for i := 0; i+1 < len(extra); i += 2 {
			props[extra[i]] = []string{extra[i+1]}
		}
		b.Entity(jisr.Entity{Schema: schema, Role: role, Props: props})
		if a.Comment != "" {
			b.Note(fmt.Sprintf("%s %s: %s", a.Type, v, a.Comment))
		}
	}
	switch strings.ToLower(a.Type) {
	case "phone-number", "whois-registrant-phone":
		ent("Phone", "number")
	case "iban":
		ent("BankAccount", "iban")
	case "bank-account-nr":
		ent("BankAccount", "accountNumber")
	case "btc":
		ent("CryptoWallet", "publicKey", "currency", "BTC")
	case "xmr", "dash":
		ent("CryptoWallet", "publicKey", "currency", "other")
	case "email", "email-src", "email-dst", "whois-registrant-email", "target-email":
		ent("EmailAddress", "address")
	case "full-name", "whois-registrant-name":
		ent("Person", "name")
	case "target-org", "whois-registrant-org":
		ent("Organization", "name")
	case "text", "comment", "other":
		if a.Comment != "" {
			b.Text(a.Comment + ": " + v)
		} else {
			b.Text(v)
		}
	default:
		line := fmt.Sprintf("%s (%s): %s", a.Type, a.Category, v)
		if a.Comment != "" {
			line += " — " + a.Comment
		}
		b.Note(line)
	}
}

// object maps a MISP object: a person object is one person; the
// attributes of any other are read one by one.
func object(b *inbound.Builder, o MISPObject) {
	if o.Name != "person" {
		for _, a := range o.Attribute {
			attribute(b, a, "")
		}
		return
	}
	props := map[string][]string{}
	var first, last string
	for _, a := range o.Attribute {
		v := strings.TrimSpace(a.Value)
		rel := a.ObjectRelation
		if rel == "" {
			rel = a.Type
		}
		switch rel {
		case "full-name":
			props["name"] = append(props["name"], v)
		case "first-name":
			first = v
		case "last-name":
			last = v
		case "date-of-birth":
			if jisr.ValidDate(v) {
				props["birthDate"] = []string{v}
			} else {
				b.Note("date-of-birth: " + v)
			}
		case "gender":
			if g := strings.ToLower(v); g == "male" || g == "female" {
				props["gender"] = []string{g}
			} else {
				b.Note("gender: " + v)
			}
		case "nationality":
			if c := strings.ToUpper(v); jisr.ValidCountry(c) {
				props["nationality"] = []string{c}
			} else {
				b.Note("nationality: " + v)
			}
		case "passport-number":
			props["passportNumber"] = []string{v}
		case "identity-card-number":
			props["idNumber"] = []string{v}
		default:
			attribute(b, a, "")
		}
	}
	if n := strings.TrimSpace(first + " " + last); n != "" {
		props["name"] = append(props["name"], n)
	}
	if len(props["name"]) == 0 {
		if len(props) > 0 {
			b.Note(fmt.Sprintf("person without a name: %v", props))
		}
		return
	}
	b.Entity(jisr.Entity{Schema: "Person", Props: props})
}
