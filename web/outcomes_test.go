package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

var reRawOutKey = regexp.MustCompile(`>(outcome|outcomes|outkind|leadkind|disclosure|disclosures|discstate|discact|consent|nav)\.[a-z_.]+<`)

// TestOutcomeAndDisclosurePages: an outcome reported in the web interface
// on a Jordanian record is read by Jordan; an announcement drawing on a
// Lebanese record is approved only after Lebanon consents; an uninvolved
// agency gets the not-found page.
func TestOutcomeAndDisclosurePages(t *testing.T) {
	n := newNode(t, 0)
	ctx := context.Background()
	as := func(name string) jisr.Principal {
		tok, _, err := n.store.Login(ctx, name, password, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		p, _, _ := n.store.Authenticate(ctx, tok)
		return p
	}
	joP, lbP := as("jo.liaison"), as("lb.liaison")
	rec := func(p jisr.Principal, title string, rel ...string) *jisr.Record {
		r := &jisr.Record{Kind: jisr.KindReport, Title: title, NarrativeEN: "x", OccurredOn: "2026-10-01", Place: jisr.Place{Country: "JO", Name: "Amman"},
			Grading: jisr.Grading{Source: "B", Information: 2}, TLP: jisr.TLPAmber, Handling: jisr.H0, Releasability: jisr.Releasability{Agencies: rel}}
		if err := n.store.CreateRecord(ctx, p, r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	joRec := rec(joP, "qxjolead", "IQ-GDNA")
	lbRec := rec(lbP, "qxlbshared", "JO-AND")
	iq := n.client(t)
	iq.login("iq.liaison")
	r := iq.post("/outcomes", "/outcomes", url.Values{"of_kind": {"record"}, "of": {joRec.ID}, "kind": {"raid"}, "text": {"Raid in Basra."}, "arrests": {"2"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d %s", r.StatusCode, firstError(r.body))
	}
	jo := n.client(t)
	jo.login("jo.liaison")
	jo.lang = "en"
	page := jo.get("/outcomes")
	for _, want := range []string{"Raid in Basra.", "raid", `<bdi dir="ltr" class="code">IQ-GDNA</bdi>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the lead's originator lacks %q", want)
		}
	}
	if m := reRawOutKey.FindString(page.body); m != "" {
		t.Errorf("untranslated key %s", m)
	}
	sa := n.client(t)
	sa.login("sa.liaison")
	if strings.Contains(sa.get("/outcomes").body, "Raid in Basra.") {
		t.Error("an uninvolved agency reads the outcome")
	}
	op := &jisr.Operation{Name: "Pomegranate", Participants: []string{"IQ-GDNA"}}
	if err := n.store.CreateOperation(ctx, joP, op); err != nil {
		t.Fatal(err)
	}
	d := &jisr.Disclosure{Operation: op.ID, Title: "Joint seizure", Text: "2 million pills.", Records: []string{joRec.ID, lbRec.ID}}
	if err := n.store.CreateDisclosure(ctx, joP, d); err != nil {
		t.Fatal(err)
	}
	path := "/disclosures/" + d.ID
	if r := jo.post(path, path+"/act", url.Values{"action": {"approve"}}); r.StatusCode != http.StatusConflict {
		t.Errorf("approved before Lebanon consented: %d", r.StatusCode)
	}
	lb := n.client(t)
	lb.login("lb.liaison")
	// lb.liaison reads French.
	page = lb.get(path)
	if !strings.Contains(page.body, `value="consent"`) || strings.Contains(page.body, `value="approve"`) || !strings.Contains(page.body, "en attente") {
		t.Errorf("Lebanon's page: consent offered %v", strings.Contains(page.body, `value="consent"`))
	}
	if m := reRawOutKey.FindString(page.body); m != "" {
		t.Errorf("untranslated key %s", m)
	}
	if r := lb.post(path, path+"/act", url.Values{"action": {"consent"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("consent: %d %s", r.StatusCode, firstError(r.body))
	}
	if r := jo.post(path, path+"/act", url.Values{"action": {"approve"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", r.StatusCode, firstError(r.body))
	}
	if page := jo.get(path); !strings.Contains(page.body, "approved, frozen") || strings.Contains(page.body, `value="edit"`) {
		t.Error("the approved announcement is not frozen")
	}
	if page := sa.get(path); page.StatusCode != http.StatusNotFound {
		t.Errorf("an uninvolved agency: %d", page.StatusCode)
	}
}
