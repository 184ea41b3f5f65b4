package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// TestBodiesRefuseBadText: invalid UTF-8 and NUL are refused in every text
// field of every body, naming the field, instead of being stored as U+FFFD
// or as a NUL.
func TestBodiesRefuseBadText(t *testing.T) {
	n := newNode(t)
	var rec jisr.Record
	if code := n.do(t, "jo.liaison", "POST", "/api/v1/records", seizureJSON("qxtext", jisr.TLPAmber, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), &rec); code != 201 {
		t.Fatalf("create: %d", code)
	}
	good, _ := json.Marshal(seizureJSON("qxtext2", jisr.TLPAmber, jisr.Releasability{}))
	// withText puts raw (not escaped) text into a record's field.
	withText := func(field, raw string) string {
		return strings.Replace(string(good), `"title":"`, `"`+field+`":"`+raw+`","title":"`, 1)
	}
	inName := strings.Replace(string(good), `"Driverqxtext2`, "\"\xffDriver", 1)
	if inName == string(good) {
		t.Fatal("fixture has no Arabic name to spoil")
	}
	tests := []struct {
		name, user, method, path, body, field, msg string
	}{
		{"record title invalid UTF-8", "jo.analyst", "POST", "/api/v1/records", strings.Replace(string(good), `"title":"`, "\"title\":\"\xff", 1), "title", "UTF-8"},
		{"record narrative NUL", "jo.analyst", "POST", "/api/v1/records", withText("narrative_ar", `\u0000`), "narrative_ar", "NUL"},
		{"record conditions lone surrogate", "jo.analyst", "POST", "/api/v1/records", withText("handling_conditions", `\udfff`), "handling_conditions", "UTF-8"},
		{"entity name invalid UTF-8", "jo.analyst", "POST", "/api/v1/records", inName, "entities[1].props.name[0]", "UTF-8"},
		{"update review_by NUL", "jo.analyst", "PUT", "/api/v1/records/" + rec.ID, withText("review_by", `2026\u0000`), "review_by", "NUL"},
		{"releasability group NUL", "jo.liaison", "PUT", "/api/v1/records/" + rec.ID + "/releasability", `{"agencies":["IQ-GDNA"],"groups":["lev\u0000"]}`, "groups[0]", "NUL"},
		{"release request reason NUL", "iq.liaison", "POST", "/api/v1/records/" + rec.ID + "/release-requests", `{"wanted":{"countries":["IQ"]},"reason":"need\u0000"}`, "reason", "NUL"},
		{"release request reason invalid UTF-8", "iq.liaison", "POST", "/api/v1/records/" + rec.ID + "/release-requests", "{\"wanted\":{\"countries\":[\"IQ\"]},\"reason\":\"need\xc3\"}", "reason", "UTF-8"},
		{"release answer NUL", "jo.liaison", "POST", "/api/v1/release-requests/1/answer", `{"accept":false,"answer":"no\u0000"}`, "answer", "NUL"},
		{"login username NUL", "", "POST", "/api/v1/login", `{"username":"jo.analyst\u0000","password":"x"}`, "username", "NUL"},
		{"login password invalid UTF-8", "", "POST", "/api/v1/login", "{\"username\":\"jo.analyst\",\"password\":\"\xfe\"}", "password", "UTF-8"},
		{"user display name NUL", "jo.admin", "POST", "/api/v1/users", `{"username":"new.user","display_name":"Ali\u0000","agency":"JO-AND","role":"analyst","password":"` + storetest.Password + `"}`, "display_name", "NUL"},
		{"user email invalid UTF-8", "jo.admin", "POST", "/api/v1/users", "{\"username\":\"new.user\",\"email\":\"a@b\xff\",\"agency\":\"JO-AND\",\"role\":\"analyst\",\"password\":\"" + storetest.Password + "\"}", "email", "UTF-8"},
		{"new password NUL", "jo.admin", "POST", "/api/v1/users/jo.analyst/password", `{"password":"` + storetest.Password + `\u0000"}`, "password", "NUL"},
		{"agency name NUL", "jo.admin", "POST", "/api/v1/agencies", `{"code":"EG-ANGA","country":"EG","name_en":"Anti\u0000","name_ar":"مكافحة"}`, "name_en", "NUL"},
		{"extract text invalid UTF-8", "iq.analyst", "POST", "/api/v1/extract", "{\"text\":\"\xff\"}", "text", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := n.raw(t, tt.user, tt.method, tt.path, tt.body)
			var e struct{ Code, Message, Field string }
			json.Unmarshal(body, &e)
			if code != 400 || e.Code != "invalid" || e.Field != tt.field || !strings.Contains(e.Message, tt.msg) {
				t.Fatalf("%d %s, want 400 invalid %q with %q", code, body, tt.field, tt.msg)
			}
		})
	}
}

// TestLimitsOverAPI: the two bodies the issue reported are refused.
func TestLimitsOverAPI(t *testing.T) {
	n := newNode(t)
	r := seizureJSON("qxbig", jisr.TLPAmber, jisr.Releasability{})
	r.Handling, r.HandlingConditions = jisr.H3, strings.Repeat("x", 3<<20)
	code, body := n.raw(t, "jo.analyst", "POST", "/api/v1/records", r)
	if code != 400 || !strings.Contains(string(body), `"field":"handling_conditions"`) {
		t.Fatalf("3 MB handling conditions: %d %.300s", code, body)
	}
	r = seizureJSON("qxphones", jisr.TLPAmber, jisr.Releasability{})
	phones := make([]string, 100_000)
	for i := range phones {
		phones[i] = fmt.Sprintf("+96279%07d", i)
	}
	r.Entities = append(r.Entities, jisr.Entity{ID: "ph", Schema: "Phone", Props: map[string][]string{"number": phones}})
	code, body = n.raw(t, "jo.analyst", "POST", "/api/v1/records", r)
	if code != 400 || !strings.Contains(string(body), `"field":"entities[`) || !strings.Contains(string(body), `more than 50`) {
		t.Fatalf("100,000 phones: %d %.300s", code, body)
	}
}

// TestOpenAPILimits: every limit of jisr.Limits is in the served document.
func TestOpenAPILimits(t *testing.T) {
	n := newNode(t)
	_, body := n.raw(t, "", "GET", "/api/v1/openapi.json", nil)
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	get := func(m any, keys ...string) any {
		for _, k := range keys {
			mm, _ := m.(map[string]any)
			m = mm[k]
		}
		return m
	}
	for _, l := range jisr.Limits {
		var schema any
		if method, path, ok := strings.Cut(l.Schema, " "); ok {
			schema = get(doc, "paths", path, strings.ToLower(method), "requestBody", "content", "application/json", "schema")
		} else {
			schema = get(doc, "components", "schemas", l.Schema)
		}
		field, each := strings.CutSuffix(l.Field, "[]")
		field, mapped := strings.CutSuffix(field, "{}")
		node := get(schema, "properties", field)
		if mapped {
			node = get(node, "additionalProperties")
		}
		if each {
			node = get(node, "items")
		}
		key := "maxLength"
		if l.Items {
			key = "maxItems"
		}
		if got, _ := get(node, key).(float64); int(got) != l.Max {
			t.Errorf("%s %s: %s is %v, want %d", l.Schema, l.Field, key, get(node, key), l.Max)
		}
	}
}

// TestTypeErrorsInAPIWords: type errors name the field and say what is
// expected in JSON words, never Go type names.
func TestTypeErrorsInAPIWords(t *testing.T) {
	n := newNode(t)
	for _, tt := range []struct{ body, field, msg string }{
		{`[{"kind":"report"}]`, "body", "must be a JSON object"},
		{`{"grading":{"source":"B","information":"two"}}`, "grading.information", "must be an integer"},
		{`{"tlp":1}`, "tlp", "must be one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED"},
		{`{"handling":true}`, "handling", "must be one of H0, H1, H2, H3"},
		{`{"place":{"lat":"north"}}`, "place.lat", "must be a number"},
	} {
		code, body := n.raw(t, "jo.analyst", "POST", "/api/v1/records", tt.body)
		var e struct{ Code, Message, Field string }
		json.Unmarshal(body, &e)
		if code != 400 || e.Field != tt.field || e.Message != tt.msg {
			t.Errorf("%s: %d %s, want %q %q", tt.body, code, body, tt.field, tt.msg)
		}
	}
	code, body := n.raw(t, "jo.admin", "POST", "/api/v1/users", `{"username":"x.y","role":7}`)
	if code != 400 || !strings.Contains(string(body), `must be one of analyst, officer`) {
		t.Errorf("role: %d %s", code, body)
	}
}

// TestMethodNotAllowed: a known path with the wrong method is 405 with
// Allow, not 404; an unknown path stays 404.
func TestMethodNotAllowed(t *testing.T) {
	n := newNode(t)
	for _, tt := range []struct {
		user, method, path string
		status             int
		allow              string
	}{
		{"jo.analyst", "DELETE", "/api/v1/records/abc", 405, "GET, HEAD, PUT"},
		{"jo.analyst", "PATCH", "/api/v1/records", 405, "GET, HEAD, POST"},
		{"", "GET", "/api/v1/login", 405, "POST"},
		{"", "DELETE", "/api/v1/users/jo.analyst/disable", 405, "POST"},
		{"jo.analyst", "GET", "/api/v1/nothing", 404, ""},
		{"jo.analyst", "POST", "/api/v1/records/abc/nothing", 404, ""},
	} {
		req, _ := http.NewRequest(tt.method, n.URL+tt.path, nil)
		if tt.user != "" {
			req.Header.Set("Authorization", "Bearer "+n.tokens[tt.user])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct{ Code string }
		json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q, want %d %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"), tt.status, tt.allow)
		}
		if tt.status == 405 && e.Code != jisr.EMETHOD {
			t.Errorf("%s %s: code %q", tt.method, tt.path, e.Code)
		}
	}
}

// TestAttachmentNamesOverAPI: names that hide a file's real name or climb
// out of a directory are refused, naming the field.
func TestAttachmentNamesOverAPI(t *testing.T) {
	n := newNode(t)
	var rec jisr.Record
	n.do(t, "jo.analyst", "POST", "/api/v1/records", seizureJSON("qxatt", jisr.TLPAmber, jisr.Releasability{}), &rec)
	for _, name := range []string{"..", "..%2F..%2Fnode.key", "a%01b.jpg", "invoice%E2%80%AEgpj.exe", "x%00.jpg"} {
		code, body := n.raw(t, "jo.analyst", "POST", "/api/v1/records/"+rec.ID+"/attachments?name="+name, "DATA")
		if code != 400 || !strings.Contains(string(body), `"field":"name"`) {
			t.Errorf("name %s: %d %s", name, code, body)
		}
	}
	code, body := n.raw(t, "jo.analyst", "POST", "/api/v1/records/"+rec.ID+"/attachments?name=%D8%B5%D9%88%D8%B1%D8%A9.jpg", "DATA")
	if code != 201 {
		t.Fatalf("Arabic name: %d %s", code, body)
	}
	var a jisr.Attachment
	json.Unmarshal(body, &a)
	req, _ := http.NewRequest("GET", n.URL+"/api/v1/records/"+rec.ID+"/attachments/"+a.ID, nil)
	req.Header.Set("Authorization", "Bearer "+n.tokens["jo.analyst"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="________.jpg"; filename*=UTF-8''%D8%B5%D9%88%D8%B1%D8%A9.jpg` {
		t.Errorf("Content-Disposition %q", cd)
	}
}

// TestSearchSyntax: whatever is typed in a search, the answer is a list
// or "invalid", never an internal error ("captagon* *" once made an FTS5
// syntax error; found by FuzzMatchQuery).
func TestSearchSyntax(t *testing.T) {
	n := newNode(t)
	for _, q := range []string{"captagon*+*", "0*+*", "NEAR(a+b)", "a%22b", "a+OR+NOT+b", "text:x", "%5Ex"} {
		code, body := n.raw(t, "jo.analyst", "GET", "/api/v1/records?q="+q, nil)
		if code != 200 {
			t.Errorf("q=%s: %d %s", q, code, body)
		}
	}
	for _, q := range []string{"*", "%22", "*+*"} {
		if code, body := n.raw(t, "jo.analyst", "GET", "/api/v1/records?q="+q, nil); code != 400 || !strings.Contains(string(body), `"field":"q"`) {
			t.Errorf("q=%s: %d %s", q, code, body)
		}
	}
}
