package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var reRawKey = regexp.MustCompile(`>(request|requests|reqstate|priority|note|notifications|nav)\.[a-z_.]+<`)

// TestRequestPages: a request made in the web interface, seen and answered
// by the addressee, in Arabic and English: translated texts, ids and dates
// isolated left-to-right, the unread count in the header, and the actions
// each side may take.
func TestRequestPages(t *testing.T) {
	n := newNode(t, 0)
	jo := n.client(t)
	jo.login("jo.liaison") // English is his language
	iq := n.client(t)
	iq.login("iq.liaison")
	sa := n.client(t)
	sa.login("sa.liaison")

	form := jo.get("/requests/new")
	if form.StatusCode != 200 || !strings.Contains(form.body, `name="to" value="IQ-GDNA"`) || strings.Contains(form.body, `name="to" value="JO-AND"`) {
		t.Fatalf("new request form: %d", form.StatusCode)
	}
	r := jo.post("/requests/new", "/requests", url.Values{"to": {"IQ-GDNA"}, "subject": {"شاحنة 12-34567 في طريبيل"},
		"body": {"هل الشاحنة معروفة لديكم؟"}, "priority": {"urgent"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d %s", r.StatusCode, firstError(r.body))
	}
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, "/requests/") {
		t.Fatalf("redirect to %q", loc)
	}
	path := strings.SplitN(loc, "?", 2)[0]
	id := strings.TrimPrefix(path, "/requests/")

	// The addressee: the unread count in the header, the request in Arabic.
	iq.lang = "ar"
	page := iq.get("/requests")
	if page.StatusCode != 200 || !strings.Contains(page.body, id) || !strings.Contains(page.body, "طلبات المعلومات أو الإجراء") {
		t.Fatalf("list: %d", page.StatusCode)
	}
	if !regexp.MustCompile(`id="unread"[^>]*><bdi dir="ltr">[1١]</bdi>`).MatchString(page.body) {
		t.Errorf("no unread count in the header")
	}
	page = iq.get(path)
	for _, want := range []string{"شاحنة 12-34567 في طريبيل", `<bdi class="code" dir="ltr">` + id + `</bdi>`, "عاجل", "مفتوح",
		`value="acknowledge"`, `value="answer"`, `value="refuse"`, "الإقرار بالاستلام"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("Arabic request page lacks %q", want)
		}
	}
	if strings.Contains(page.body, `value="close"`) {
		t.Error("the addressee is offered to close")
	}
	if m := reRawKey.FindString(page.body); m != "" {
		t.Errorf("untranslated key %s", m)
	}
	// It answers; the requester sees the answer, in English.
	r = iq.post(path, path+"/act", url.Values{"action": {"answer"}, "text": {"معروفة: الملف 2026/77"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d %s", r.StatusCode, firstError(r.body))
	}
	jo.lang = "en"
	page = jo.get(path)
	for _, want := range []string{"معروفة: الملف 2026/77", "answered", "urgent", `value="close"`, "Close the request"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("English request page lacks %q", want)
		}
	}
	if strings.Contains(page.body, `value="answer"`) {
		t.Error("the requester is offered to answer")
	}
	if m := reRawKey.FindString(page.body); m != "" {
		t.Errorf("untranslated key %s", m)
	}
	if l := jo.get("/requests"); !strings.Contains(l.body, "Response times") || !strings.Contains(l.body, `<bdi dir="ltr" class="code">IQ-GDNA</bdi>`) {
		t.Error("no response times on the requests page")
	}
	for _, page := range []string{"/", "/stats"} {
		if d := jo.get(page); !strings.Contains(d.body, "Response times") {
			t.Errorf("no response times on %s", page)
		}
	}
	notes := jo.get("/notifications")
	if !strings.Contains(notes.body, `answered your request`) || !strings.Contains(notes.body, `<bdi dir="ltr" class="code">IQ-GDNA</bdi>`) {
		t.Errorf("notifications page: %s", firstError(notes.body))
	}
	// A refused action shows the error on the page, nothing changes.
	r = iq.post(path, path+"/act", url.Values{"action": {"answer"}, "text": {"again"}})
	if r.StatusCode != http.StatusConflict {
		t.Errorf("second answer: %d", r.StatusCode)
	}
	// A bystander: not found, exactly like an absent request.
	if r := sa.get(path); r.StatusCode != 404 || strings.Contains(r.body, "12-34567") {
		t.Errorf("bystander sees the request: %d", r.StatusCode)
	}
	// From a record: the form carries it.
	if r := jo.get("/requests/new?record=0190f000-0000-7000-8000-000000000000"); !strings.Contains(r.body, `name="record" value="0190f000-0000-7000-8000-000000000000"`) {
		t.Error("the form does not carry the record")
	}
}

// TestConsentForH1: a record of another agency with handling code H1 links
// to the form on the same page that asks the originator's consent (a
// release request of kind consent), with judicial use chosen; the
// originator's own users get neither the link nor the form.
func TestConsentForH1(t *testing.T) {
	n := newNode(t, 0)
	jo := n.client(t)
	jo.login("jo.supervisor")
	form := seizureForm("H1C") // handling H1, released to IQ-GDNA
	r := jo.post("/records/new", "/records", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.StatusCode, firstError(r.body))
	}
	id := strings.TrimSuffix(strings.TrimPrefix(r.Header.Get("Location"), "/records/"), "?done=created")
	link, action := `href="#consent"`, `action="/records/`+id+`/consent"`
	if page := jo.get("/records/" + id); strings.Contains(page.body, link) || strings.Contains(page.body, action) {
		t.Error("the originator is offered to ask itself for consent")
	}
	iq := n.client(t)
	iq.login("iq.liaison")
	iq.lang = "ar"
	page := iq.get("/records/" + id)
	if page.StatusCode != 200 || !strings.Contains(page.body, link) || !strings.Contains(page.body, action) {
		t.Fatalf("no consent link and form on an H1 record of another agency: %d", page.StatusCode)
	}
	if !strings.Contains(page.body, `<option value="court" selected>`) {
		t.Error("the consent form of an H1 record does not propose judicial use")
	}
}
