package jisr_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

// TestValidateLimitsAndText: every text field refuses NUL and invalid
// UTF-8 naming the field, and every field and list of a record has a limit.
func TestValidateLimitsAndText(t *testing.T) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	many := func(n int, v string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = v
		}
		return out
	}
	tests := []struct {
		name  string
		edit  func(r *jisr.Record)
		field string
		msg   string
	}{
		{"handling conditions of 3 MB", func(r *jisr.Record) { r.HandlingConditions = strings.Repeat("x", 3<<20) }, "handling_conditions", "longer than 2000"},
		{"100,000 phone numbers", func(r *jisr.Record) {
			r.Entities = append(r.Entities, jisr.Entity{ID: "t1", Schema: "Phone", Props: map[string][]string{"number": many(100_000, "+962791234567")}})
		}, "entities[2].props.number", "more than 50"},
		{"title in characters, not bytes", func(r *jisr.Record) { r.Title = strings.Repeat("ج", jisr.MaxTitle+1) }, "title", "longer than 300 characters"},
		{"place name", func(r *jisr.Record) { r.Place.Name = strings.Repeat("a", jisr.MaxPlaceText+1) }, "place.name", "longer"},
		{"too many links", func(r *jisr.Record) {
			r.Links = make([]jisr.Link, jisr.MaxLinks+1)
		}, "links", "more than 1000"},
		{"too many agencies", func(r *jisr.Record) { r.Releasability.Agencies = many(jisr.MaxReleaseItems+1, "IQ-GDNA") }, "releasability.agencies", "more than"},
		{"NUL in title", func(r *jisr.Record) { r.Title = "Pills\x00" }, "title", "NUL"},
		{"invalid UTF-8 in narrative", func(r *jisr.Record) { r.NarrativeAR = "ضبط \xff" }, "narrative_ar", "UTF-8"},
		{"NUL in handling conditions", func(r *jisr.Record) { r.HandlingConditions = "a\x00b" }, "handling_conditions", "NUL"},
		{"NUL in place admin", func(r *jisr.Record) { r.Place.Admin = "\x00" }, "place.admin", "NUL"},
		{"NUL in a name", func(r *jisr.Record) { r.Entities[1].Props["name"] = []string{"محمد", "Mo\x00"} }, "entities[1].props.name[1]", "NUL"},
		{"invalid UTF-8 in notes", func(r *jisr.Record) { r.Entities[1].Props["notes"] = []string{"\xc3("} }, "entities[1].props.notes[0]", "UTF-8"},
		{"NUL in a group", func(r *jisr.Record) { r.Releasability.Groups = []string{"levant\x00"} }, "releasability.groups[0]", "NUL"},
		{"NUL in entity id", func(r *jisr.Record) { r.Entities[1].ID = "p\x00" }, "entities[1].id", "NUL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validSeizure()
			tt.edit(r)
			err := r.Validate(now)
			if jisr.ErrorCode(err) != jisr.EINVALID || jisr.ErrorField(err) != tt.field || !strings.Contains(jisr.ErrorMessage(err), tt.msg) {
				t.Fatalf("got %v (field %q), want invalid %q with %q", err, jisr.ErrorField(err), tt.field, tt.msg)
			}
		})
	}
	// At the limits, a record is accepted.
	r := validSeizure()
	r.Title = strings.Repeat("ج", jisr.MaxTitle)
	r.HandlingConditions = strings.Repeat("x", jisr.MaxConditions)
	r.Entities = append(r.Entities, jisr.Entity{ID: "t1", Schema: "Phone", Props: map[string][]string{"number": many(jisr.MaxPropValues, "+962791234567")}})
	if err := r.Validate(now); err != nil {
		t.Fatalf("record at the limits refused: %v", err)
	}
}

func TestValidateUserAndAgency(t *testing.T) {
	for _, tt := range []struct {
		u     jisr.User
		field string
	}{
		{jisr.User{Username: "a.b", DisplayName: "Ali\x00"}, "display_name"},
		{jisr.User{Username: "a.b", Email: "a@b\xff"}, "email"},
		{jisr.User{Username: "a.b", DisplayName: strings.Repeat("x", jisr.MaxDisplayName+1)}, "display_name"},
		{jisr.User{Username: strings.Repeat("a", jisr.MaxUsername+1)}, "username"},
		{jisr.User{Username: "a.b", DisplayName: "علي"}, ""},
	} {
		if err := tt.u.Validate(); jisr.ErrorField(err) != tt.field {
			t.Errorf("%+v: %v, want field %q", tt.u, err, tt.field)
		}
	}
	ok := jisr.Agency{Code: "JO-AND", Country: "JO", NameEN: "Anti-Narcotics", NameAR: "مكافحة"}
	for _, tt := range []struct {
		edit  func(a *jisr.Agency)
		field string
	}{
		{func(a *jisr.Agency) {}, ""},
		{func(a *jisr.Agency) { a.NameAR = "\x00" }, "name_ar"},
		{func(a *jisr.Agency) { a.Code = "JO-" + strings.Repeat("AB-", 20) + "X1" }, "code"},
		{func(a *jisr.Agency) { a.Groups = make([]string, jisr.MaxAgencyGroups+1) }, "groups"},
		{func(a *jisr.Agency) { a.Groups = []string{"levant", "gulf\xff"} }, "groups[1]"},
	} {
		a := ok
		tt.edit(&a)
		if err := a.Validate(); jisr.ErrorField(err) != tt.field {
			t.Errorf("%+v: %v, want field %q", a, err, tt.field)
		}
	}
	rr := jisr.ReleaseRequest{Reason: "we hold the truck\x00"}
	if err := rr.Validate(); jisr.ErrorField(err) != "reason" {
		t.Errorf("reason with NUL: %v", err)
	}
	if err := jisr.ValidateAnswer(strings.Repeat("x", jisr.MaxReason+1)); jisr.ErrorField(err) != "answer" {
		t.Errorf("long answer: %v", err)
	}
}

// TestDecodeJSON: the strict decoder refuses what encoding/json would
// silently repair, names the field, and speaks the API's language.
func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name, body, field, msg string
	}{
		{"invalid UTF-8 in title", "{\"kind\":\"report\",\"title\":\"a\xffb\"}", "title", "not valid UTF-8"},
		{"invalid UTF-8 deep", "{\"entities\":[{\"id\":\"e1\"},{\"id\":\"e2\",\"props\":{\"name\":[\"ok\",\"\xc3(\"]}}]}", "entities[1].props.name[1]", "not valid UTF-8"},
		{"NUL escape", `{"title":"ok","narrative_en":"a\u0000b"}`, "narrative_en", "NUL"},
		{"NUL escape in a key", `{"ti\u0000tle":"x"}`, "body", "NUL"},
		{"NUL escape in a nested key", `{"place":{"na\u0000me":"x"}}`, "place", "NUL"},
		{"lone surrogate", `{"place":{"name":"\ud800x"}}`, "place.name", "surrogate"},
		{"low surrogate alone", `{"handling_conditions":"\udc00"}`, "handling_conditions", "surrogate"},
		{"array body", `[{"kind":"report"}]`, "body", "must be a JSON object"},
		{"string body", `"report"`, "body", "must be a JSON object"},
		{"int as string", `{"grading":{"source":"B","information":"two"}}`, "grading.information", "must be an integer"},
		{"int as float", `{"version":1.5}`, "version", "must be an integer"},
		{"tlp as number", `{"tlp":3}`, "tlp", "must be one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED"},
		{"kind as list", `{"kind":["report"]}`, "kind", "must be one of report, seizure, facility"},
		{"list as string", `{"entities":"e1"}`, "entities", "must be a list"},
		{"object as string", `{"place":"Amman"}`, "place", "must be a JSON object"},
		{"bool as string", `{"no_hit_disclosure":"yes"}`, "no_hit_disclosure", "must be true or false"},
		{"unknown field", `{"colour":"red"}`, "colour", "is not a known field"},
		{"trailing data", `{"title":"x"} {}`, "body", "data after"},
		{"truncated", `{"title":`, "body", "not valid JSON"},
		{"empty", ``, "body", "is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r jisr.Record
			err := jisr.DecodeJSON([]byte(tt.body), &r)
			if jisr.ErrorCode(err) != jisr.EINVALID || jisr.ErrorField(err) != tt.field || !strings.Contains(jisr.ErrorMessage(err), tt.msg) {
				t.Fatalf("got %v (field %q), want %q: %q", err, jisr.ErrorField(err), tt.field, tt.msg)
			}
			for _, goName := range []string{"jisr.", "a int", "int64", "string into", "Go "} {
				if strings.Contains(jisr.ErrorMessage(err), goName) {
					t.Errorf("message speaks Go: %q", jisr.ErrorMessage(err))
				}
			}
		})
	}
	// What is valid passes, with escapes intact.
	var r jisr.Record
	if err := jisr.DecodeJSON([]byte(`{"title":"\ud83d\ude00 \u0645 \"q\" \\u0000"}`), &r); err != nil || r.Title != "😀 م \"q\" \\u0000" {
		t.Fatalf("%v %q", err, r.Title)
	}
	b, _ := json.Marshal(validSeizure())
	if err := jisr.DecodeJSON(b, &r); err != nil {
		t.Fatal(err)
	}
}

func TestAttachmentNames(t *testing.T) {
	for _, name := range []string{"..", "../../etc/passwd", `a\..\b`, "photo\x01.jpg", "photo\x7f.jpg", "invoice\u202Egpj.exe", "a\u2066b", "x\u200Fy", "a\xffb", "line\u2028break"} {
		if err := jisr.CheckAttachmentName(name); jisr.ErrorCode(err) != jisr.EINVALID || jisr.ErrorField(err) != "name" {
			t.Errorf("%q accepted: %v", name, err)
		}
	}
	for _, name := range []string{"photo.jpg", "صورة الشاحنة.jpg", "C:\\Users\\ali\\scan 1.pdf", "نامه‌ها.pdf", "a..b.txt"} {
		if err := jisr.CheckAttachmentName(name); err != nil {
			t.Errorf("%q refused: %v", name, err)
		}
	}
	for in, want := range map[string]string{
		"invoice\u202Egpj.exe": "invoice_gpj.exe",
		"..":                   "attachment",
		"a/b\r\nSet-Cookie: x": "a_b__Set-Cookie: x",
		"صورة.jpg":             "صورة.jpg",
	} {
		if got := jisr.CleanAttachmentName(in); got != want {
			t.Errorf("CleanAttachmentName(%q) = %q, want %q", in, got, want)
		}
	}
}
