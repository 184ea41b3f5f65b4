package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var reConsentAnswer = regexp.MustCompile(`action="/release-requests/([0-9a-f]{32})"`)

// TestConsentPages: consent to a use in the web interface (issue 11). A
// reader of another agency's record asks from the record page; the
// originator's liaison officer answers from its dashboard, under a text
// that states what is consented to whom; the granted consent is shown on
// the record to the asking agency (Arabic: codes, date and reference
// isolated left to right) and to the originator, and a third agency that
// reads the record sees nothing of it, on the record or the dashboard.
func TestConsentPages(t *testing.T) {
	n := newNode(t, 0)
	jo := n.client(t)
	jo.login("jo.supervisor")
	form := seizureForm("QXCW") // H1
	form["rel_agency"] = []string{"IQ-GDNA", "LB-ISF"}
	r := jo.post("/records/new", "/records", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.StatusCode, firstError(r.body))
	}
	id := strings.TrimSuffix(strings.TrimPrefix(r.Header.Get("Location"), "/records/"), "?done=created")
	rec := "/records/" + id
	if page := jo.get(rec); strings.Contains(page.body, `action="`+rec+`/consent"`) {
		t.Error("the originator is offered to ask itself for consent")
	}
	iq := n.client(t)
	iq.login("iq.analyst")
	iq.lang = "en"
	page := iq.get(rec)
	if page.StatusCode != 200 || !strings.Contains(page.body, `action="`+rec+`/consent"`) || !strings.Contains(page.body, `<option value="court" selected>`) {
		t.Fatalf("no consent form on an H1 record of another agency: %d", page.StatusCode)
	}
	// Bad input comes back on the record page, naming the field.
	if r := iq.post(rec, rec+"/consent", url.Values{"use": {"onward"}, "purpose": {"Extradition file"}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="consent"`) {
		t.Errorf("onward without a recipient: %d %s", r.StatusCode, firstError(r.body))
	}
	if r := iq.post(rec, rec+"/consent", url.Values{"use": {"court"}, "purpose": {"Trial at the Qxbasra criminal court"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask consent: %d %s", r.StatusCode, firstError(r.body))
	}
	// Asking again while the request is pending is refused, in the
	// reader's language, with the request's state named in it.
	iq.lang = "ar"
	if r := iq.post(rec, rec+"/consent", url.Values{"use": {"court"}, "purpose": {"again"}}); r.StatusCode != http.StatusConflict ||
		!strings.Contains(firstError(r.body), "سبق أن طلبت جهتكم هذه الموافقة") || !strings.Contains(firstError(r.body), "بانتظار الجهة المُصدِرة") {
		t.Errorf("asked the same consent twice: %d %s", r.StatusCode, firstError(r.body))
	}
	iq.lang = "en"
	// A third agency that reads the record sees nothing of the request.
	lb := n.client(t)
	lb.login("lb.liaison")
	for _, p := range []string{rec, "/"} {
		if page := lb.get(p); page.StatusCode != 200 || strings.Contains(page.body, "Qxbasra") || reConsentAnswer.MatchString(page.body) {
			t.Errorf("Lebanon's %s shows the consent request: %d", p, page.StatusCode)
		}
	}
	// The originator's liaison officer: the request and what granting means.
	joL := n.client(t)
	joL.login("jo.liaison")
	joL.lang = "en"
	dash := joL.get("/")
	m := reConsentAnswer.FindStringSubmatch(dash.body)
	if m == nil || !strings.Contains(dash.body, "Trial at the Qxbasra criminal court") ||
		!strings.Contains(dash.body, `By granting, <bdi dir="ltr">JO-AND</bdi> consents to <bdi dir="ltr">IQ-GDNA</bdi> using this record as evidence in judicial proceedings`) {
		t.Fatalf("the originator's dashboard lacks the consent request or its confirmation: %v", m)
	}
	ref := m[1]
	// Refusing needs a reason.
	if r := joL.post("/", "/release-requests/"+ref, url.Values{"decision": {"refuse"}, "next": {"/"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("refused without a reason: %d", r.StatusCode)
	}
	if r := joL.post("/", "/release-requests/"+ref, url.Values{"decision": {"accept"}, "answer": {"For this trial only"}, "next": {"/"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant: %d %s", r.StatusCode, firstError(r.body))
	}
	// The asking agency sees the consent on the record, in Arabic too.
	iq.lang = "ar"
	page = iq.get(rec)
	if !strings.Contains(page.body, `id="consents"`) || !strings.Contains(page.body, `مُنحت لـ <bdi dir="ltr">IQ-GDNA</bdi> من <bdi dir="ltr">JO-AND</bdi> بتاريخ <bdi dir="ltr">`) ||
		!strings.Contains(page.body, `المرجع <bdi dir="ltr">`+ref+`</bdi>`) {
		t.Errorf("Iraq's record page lacks the granted consent")
	}
	if page := joL.get(rec); !strings.Contains(page.body, `id="consents"`) || !strings.Contains(page.body, ref) {
		t.Errorf("the originator's record page lacks the granted consent")
	}
	for _, p := range []string{rec, "/"} {
		if page := lb.get(p); page.StatusCode != 200 || strings.Contains(page.body, ref) || strings.Contains(page.body, `id="consents"`) || strings.Contains(page.body, "Qxbasra") {
			t.Errorf("Lebanon's %s shows the consent: %d", p, page.StatusCode)
		}
	}
}
