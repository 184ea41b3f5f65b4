package jisr_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jisr-cell/jisr"
)

var recordSeeds = []string{
	`{"kind":"seizure","title":"Pills in a fruit truck","narrative_en":"Seized at Jaber.","narrative_ar":"ضبط في جابر","occurred_on":"2026-10-01","place":{"country":"JO","name":"Jaber","lat":32.5,"lon":36.2},"grading":{"source":"B","information":2},"handling":"H3","handling_conditions":"not for court","tlp":"AMBER","releasability":{"agencies":["IQ-GDNA"],"groups":["levant"]},"seizure":{"crossing":"JO-JABER","hiding_place":"fruit-pomegranates","arrests":2},"entities":[{"id":"d1","schema":"DrugQuantity","props":{"substance":["captagon"],"amount":["565000"],"unit":["pills"]}},{"id":"p1","schema":"Person","role":"driver","props":{"name":["محمد الأسعد","Mohammed al-Asaad"]}}],"links":[{"from":"p1","to":"d1","type":"owns"}]}`,
	`{"kind":"facility","title":"Lab","narrative_ar":"معمل","grading":{"source":"C","information":3},"handling":"H0","tlp":"GREEN","facility":{"type":"lab","status":"active"}}`,
	"{\"title\":\"a\xffb\"}", `{"title":"\u0000"}`, `{"title":"\ud800"}`, `{"title":"\ud83d\ude00"}`, `{"title":"\\u0000"}`,
	`[]`, `null`, `"x"`, `{"version":1e99}`, `{"tlp":1}`, `{"entities":[{"props":{"name":[1]}}]}`, `{"a":1}`, `{} {}`, `{`,
	`{"id":"theirs","attachments":[{"id":"a"}]}`,
}

// checkDecoded is the invariant of strict decoding: an error is EINVALID
// naming a field, in the API's words; an accepted body holds no invalid
// UTF-8, NUL or replacement character that was not in the body itself, and
// validation does not panic on it.
func checkDecoded(t *testing.T, body []byte, r *jisr.Record, err error) {
	t.Helper()
	if err != nil {
		if jisr.ErrorCode(err) != jisr.EINVALID || jisr.ErrorField(err) == "" {
			t.Fatalf("%q: error %v is not invalid with a field", body, err)
		}
		if msg := jisr.ErrorMessage(err); strings.Contains(msg, "jisr.") || strings.Contains(msg, "Go value") {
			t.Fatalf("%q: message speaks Go: %q", body, msg)
		}
		return
	}
	if !utf8.Valid(body) {
		t.Fatalf("%q: invalid UTF-8 accepted", body)
	}
	replacement := bytes.ContainsRune(body, utf8.RuneError) || bytes.Contains(bytes.ToLower(body), []byte(`\ufffd`))
	eachString(reflect.ValueOf(r), func(s string) {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			t.Fatalf("%q: accepted string %q", body, s)
		}
		if !replacement && strings.ContainsRune(s, utf8.RuneError) {
			t.Fatalf("%q: silently replaced text in %q", body, s)
		}
	})
	r.Validate(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
}

// eachString calls fn with every string held in v: fields, list items,
// map keys and values.
func eachString(v reflect.Value, fn func(string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			eachString(v.Elem(), fn)
		}
	case reflect.String:
		fn(v.String())
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				eachString(v.Field(i), fn)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			eachString(v.Index(i), fn)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			eachString(it.Key(), fn)
			eachString(it.Value(), fn)
		}
	}
}

// FuzzDecodeRecord: decoding a record body as the API does (POST and PUT
// /api/v1/records read the body with jisr.DecodeJSON) keeps the invariant
// of checkDecoded.
func FuzzDecodeRecord(f *testing.F) {
	for _, s := range recordSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var r jisr.Record
		err := jisr.DecodeJSON(body, &r)
		checkDecoded(t, body, &r, err)
	})
}

// FuzzRecordLines: a file given to "jisr import" yields records with no id
// or attachments of their own and the invariant of checkDecoded, or an
// error naming the line; it never loops or panics.
func FuzzRecordLines(f *testing.F) {
	for _, s := range recordSeeds {
		f.Add([]byte(s + "\n\n" + recordSeeds[1] + "\r\n"))
	}
	f.Fuzz(func(t *testing.T, file []byte) {
		next := jisr.RecordLines(bytes.NewReader(file))
		lines := bytes.Count(file, []byte("\n")) + 1
		for n := 0; ; n++ {
			if n > lines {
				t.Fatalf("%q: more records than lines", file)
			}
			r, err := next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				if !strings.HasPrefix(err.Error(), "line ") || jisr.ErrorCode(err) != jisr.EINVALID {
					t.Fatalf("%q: %v", file, err)
				}
				return
			}
			if r.ID != "" || r.Attachments != nil {
				t.Fatalf("%q: id %q, attachments %v kept", file, r.ID, r.Attachments)
			}
			b, _ := json.Marshal(r)
			checkDecoded(t, b, r, nil)
		}
	})
}

// TestRecordLines: lines are read strictly and errors name the line.
func TestRecordLines(t *testing.T) {
	good := recordSeeds[1]
	next := jisr.RecordLines(strings.NewReader(good + "\n\n" + `{"id":"theirs","title":"x","attachments":[{"id":"a"}]}` + "\r\n" + "{\"title\":\"a\xffb\"}\n" + good))
	for i, want := range []string{"", "", "line 4: invalid: title: is not valid UTF-8"} {
		r, err := next()
		switch {
		case want == "" && (err != nil || r.ID != "" || r.Attachments != nil):
			t.Fatalf("record %d: %+v %v", i, r, err)
		case want != "" && (err == nil || err.Error() != want || jisr.ErrorField(err) != "title"):
			t.Fatalf("record %d: %v, want %q", i, err, want)
		}
	}
	next = jisr.RecordLines(strings.NewReader(""))
	if _, err := next(); !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
}
