// Package misp writes records as MISP events (the MISP core format, one
// {"Event": …} object per line) and reads MISP events back (read.go). Pure
// mapping: it writes to the io.Writer it is given and does nothing else.
//
// A record is one event: its title the info, its date the occurrence
// date, its agency the creating organisation (Orgc), its TLP a tlp: tag,
// its grading admiralty-scale tags, its handling code a jisr:handling tag
// and every caveat the copy carries a text attribute. Every property value
// of every entity is one attribute of the MISP type that fits
// (phone-number, iban, btc, full-name, passport-number, …, else text),
// whose comment names the entity, schema and property
// ("jisr:e2:Person:name:suspect") so jisr reads the event back whole;
// links, narratives, the place and the seizure or facility fields are
// text attributes named the same way. Events are written with
// distribution 0 (your organisation only): the receiving MISP must not
// pass them on by itself; the caveats say who may.
package misp

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/jisr-cell/jisr"
)

// Namespace of the name-based UUIDs of events, attributes and organisations.
var Namespace = uuid.MustParse("0c5b1c0e-8f0e-5b55-a0b4-6a6973722d32")

func uid(parts ...string) string {
	return uuid.NewSHA1(Namespace, []byte(strings.Join(parts, "\x00"))).String()
}

// OrgUUID is the uuid of an agency as a MISP organisation.
func OrgUUID(code string) string { return uid("org", code) }

// Event is the MISP core format of an event, as written.
type Event struct {
	ID                string       `json:"id"`
	OrgcID            string       `json:"orgc_id"`
	OrgID             string       `json:"org_id"`
	Date              string       `json:"date"`
	ThreatLevelID     string       `json:"threat_level_id"`
	Info              string       `json:"info"`
	Published         bool         `json:"published"`
	UUID              string       `json:"uuid"`
	AttributeCount    string       `json:"attribute_count"`
	Analysis          string       `json:"analysis"`
	Timestamp         string       `json:"timestamp"`
	Distribution      string       `json:"distribution"`
	ProposalEmailLock bool         `json:"proposal_email_lock"`
	Locked            bool         `json:"locked"`
	PublishTimestamp  string       `json:"publish_timestamp"`
	SharingGroupID    string       `json:"sharing_group_id"`
	Org               Org          `json:"Org"`
	Orgc              Org          `json:"Orgc"`
	Attribute         []Attribute  `json:"Attribute"`
	ShadowAttribute   []any        `json:"ShadowAttribute"`
	RelatedEvent      []any        `json:"RelatedEvent"`
	Tag               []Tag        `json:"Tag"`
	Object            []MISPObject `json:"Object,omitempty"`
}

// Org is a MISP organisation.
type Org struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	UUID string `json:"uuid"`
}

// Attribute is a MISP attribute.
type Attribute struct {
	ID                 string `json:"id"`
	EventID            string `json:"event_id"`
	ObjectRelation     string `json:"object_relation,omitempty"`
	Type               string `json:"type"`
	Category           string `json:"category"`
	ToIDs              bool   `json:"to_ids"`
	UUID               string `json:"uuid"`
	Distribution       string `json:"distribution"`
	SharingGroupID     string `json:"sharing_group_id"`
	Timestamp          string `json:"timestamp"`
	Comment            string `json:"comment"`
	Value              string `json:"value"`
	Deleted            bool   `json:"deleted"`
	DisableCorrelation bool   `json:"disable_correlation"`
	Tag                []Tag  `json:"Tag,omitempty"`
}

// MISPObject is a MISP object (read only: jisr writes attributes).
type MISPObject struct {
	Name      string      `json:"name"`
	UUID      string      `json:"uuid,omitempty"`
	Comment   string      `json:"comment,omitempty"`
	Attribute []Attribute `json:"Attribute"`
}

// Tag is a MISP tag.
type Tag struct {
	Name string `json:"name"`
}

// File is one event as a MISP file holds it.
type File struct {
	Event Event `json:"Event"`
}

// typeOf maps a schema's property to the MISP type and category of its
// attribute; anything else is text in category Other.
var typeOf = map[string][2]string{
	"Person.name":               {"full-name", "Person"},
	"Person.nationality":        {"nationality", "Person"},
	"Person.birthDate":          {"date-of-birth", "Person"},
	"Person.gender":             {"gender", "Person"},
	"Person.passportNumber":     {"passport-number", "Person"},
	"Person.idNumber":           {"identity-card-number", "Person"},
	"Phone.number":              {"phone-number", "Person"},
	"BankAccount.iban":          {"iban", "Financial fraud"},
	"BankAccount.accountNumber": {"bank-account-nr", "Financial fraud"},
	"Email.address":             {"email", "Person"},
}

// TypeOf returns the MISP type and category of an entity property.
func TypeOf(e *jisr.Entity, prop string) (typ, category string) {
	if e.Schema == "CryptoWallet" && prop == "publicKey" {
		switch e.First("currency") {
		case "BTC":
			return "btc", "Financial fraud"
		}
		return "text", "Financial fraud"
	}
	if t, ok := typeOf[e.Schema+"."+prop]; ok {
		return t[0], t[1]
	}
	return "text", "Other"
}

// TLPTags are the MISP tlp taxonomy tags of jisr's TLPs.
var TLPTags = map[jisr.TLP]string{
	jisr.TLPClear: "tlp:clear", jisr.TLPGreen: "tlp:green", jisr.TLPAmber: "tlp:amber",
	jisr.TLPAmberStrict: "tlp:amber+strict", jisr.TLPRed: "tlp:red",
}

// Comment prefixes of the attributes jisr writes.
const (
	prefix = "jisr:"
)

// Writer writes one event per record, one per line.
type Writer struct {
	w        io.Writer
	agencies map[string]*jisr.Agency
}

// NewWriter writes events on w; agencies name the organisations.
func NewWriter(w io.Writer, agencies map[string]*jisr.Agency) *Writer {
	return &Writer{w: w, agencies: agencies}
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// EventOf maps a record to a MISP event.
func EventOf(r *jisr.Record, agencies map[string]*jisr.Agency) *Event {
	ts := r.UpdatedAt
	if ts.IsZero() {
		ts = r.CreatedAt
	}
	org := Org{ID: "0", Name: r.Originator, UUID: OrgUUID(r.Originator)}
	if a := agencies[r.Originator]; a != nil && a.NameEN != "" {
		org.Name = a.NameEN
	}
	date := r.OccurredOn
	if date == "" && !r.CreatedAt.IsZero() {
		date = r.CreatedAt.UTC().Format("2006-01-02")
	}
	ev := &Event{
		ID: "0", OrgcID: "0", OrgID: "0", Date: date, ThreatLevelID: "4", Info: r.Title,
		UUID: uid("event", r.ID), Analysis: "2", Timestamp: unix(ts), Distribution: "0",
		PublishTimestamp: "0", SharingGroupID: "0", Org: org, Orgc: org,
		Attribute: []Attribute{}, ShadowAttribute: []any{}, RelatedEvent: []any{}, Tag: []Tag{},
	}
	if t, ok := TLPTags[r.TLP]; ok {
		ev.Tag = append(ev.Tag, Tag{Name: t})
	}
	if r.Grading.Source != "" {
		ev.Tag = append(ev.Tag, Tag{Name: fmt.Sprintf("admiralty-scale:source-reliability=%q", strings.ToLower(r.Grading.Source))})
	}
	if r.Grading.Information > 0 {
		ev.Tag = append(ev.Tag, Tag{Name: fmt.Sprintf("admiralty-scale:information-credibility=%q", strconv.Itoa(r.Grading.Information))})
	}
	if r.Handling != "" {
		ev.Tag = append(ev.Tag, Tag{Name: fmt.Sprintf("jisr:handling=%q", string(r.Handling))})
	}
	ev.Tag = append(ev.Tag, Tag{Name: fmt.Sprintf("jisr:kind=%q", string(r.Kind))})
	ev.Tag = append(ev.Tag, Tag{Name: fmt.Sprintf("jisr:originator=%q", r.Originator)})
	add := func(typ, cat, comment, value string) {
		if value == "" {
			return
		}
		n := len(ev.Attribute)
		ev.Attribute = append(ev.Attribute, Attribute{
			ID: "0", EventID: "0", Type: typ, Category: cat, UUID: uid("attribute", r.ID, strconv.Itoa(n), comment, value),
			Distribution: "5", SharingGroupID: "0", Timestamp: unix(ts), Comment: comment, Value: value,
		})
	}
	js := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	add("text", "Internal reference", prefix+"record_id", r.ID)
	add("text", "Other", prefix+"narrative_en", r.NarrativeEN)
	add("text", "Other", prefix+"narrative_ar", r.NarrativeAR)
	add("text", "Other", prefix+"occurred_on", r.OccurredOn)
	if r.Place != (jisr.Place{}) {
		add("text", "Other", prefix+"place", js(r.Place))
	}
	if r.Seizure != nil {
		add("text", "Other", prefix+"seizure", js(r.Seizure))
	}
	if r.Facility != nil {
		add("text", "Other", prefix+"facility", js(r.Facility))
	}
	add("text", "Other", prefix+"handling_conditions", r.HandlingConditions)
	add("text", "Other", prefix+"review_by", r.ReviewBy)
	for _, c := range r.Caveats {
		add("text", "Other", prefix+"caveat", c)
	}
	for i := range r.Entities {
		e := &r.Entities[i]
		names := propOrder(e)
		for _, p := range names {
			typ, cat := TypeOf(e, p)
			for _, v := range e.Props[p] {
				c := prefix + e.ID + ":" + e.Schema + ":" + p
				if e.Role != "" {
					c += ":" + e.Role
				}
				add(typ, cat, c, v)
			}
		}
	}
	for _, l := range r.Links {
		add("text", "Other", prefix+"link", l.From+" "+l.Type+" "+l.To)
	}
	ev.AttributeCount = strconv.Itoa(len(ev.Attribute))
	return ev
}

// propOrder lists an entity's properties in its schema's order, then any
// other.
func propOrder(e *jisr.Entity) []string {
	var out []string
	seen := map[string]bool{}
	if s := jisr.SchemaByName(e.Schema); s != nil {
		for _, p := range s.Props {
			if len(e.Props[p.Name]) > 0 {
				out = append(out, p.Name)
				seen[p.Name] = true
			}
		}
	}
	var rest []string
	for p := range e.Props {
		if !seen[p] {
			rest = append(rest, p)
		}
	}
	sortStrings(rest)
	return append(out, rest...)
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Write writes a record as one event line.
func (x *Writer) Write(r *jisr.Record) error {
	b, err := marshal(File{Event: *EventOf(r, x.agencies)})
	if err != nil {
		return err
	}
	_, err = x.w.Write(append(b, '\n'))
	return err
}

// Close does nothing: every line is whole.
func (x *Writer) Close() error { return nil }

func marshal(v any) ([]byte, error) {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(sb.String(), "\n")), nil
}
