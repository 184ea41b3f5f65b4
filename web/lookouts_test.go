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

var reRecordLink = regexp.MustCompile(`href="/records/[0-9a-f]{8}-`)

var reRawLookKey = regexp.MustCompile(`>(lookout|lookouts|looktype|lookstate|note|nav)\.[a-z_.]+<`)

// TestLookoutPages: a lookout issued in the web interface, its match seen
// blind by the recipient and in full by the issuer, in Arabic and English;
// identifiers isolated left to right; the withdraw button only for who
// may; an uninvolved agency gets the not-found page.
func TestLookoutPages(t *testing.T) {
	n := newNode(t, 0)
	jo := n.client(t)
	jo.login("jo.liaison")
	iq := n.client(t)
	iq.login("iq.liaison")
	sa := n.client(t)
	sa.login("sa.liaison")

	r := jo.post("/lookouts", "/lookouts", url.Values{"type": {"phone"}, "value": {"0791234567"}, "to": {"IQ-GDNA"}, "expires": {"2099-01-01"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "error-box") {
		t.Fatalf("an expiry too far: %d", r.StatusCode)
	}
	r = jo.post("/lookouts", "/lookouts", url.Values{"type": {"phone"}, "value": {"0791234567"}, "to": {"IQ-GDNA"}, "expires": {"2027-01-01"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("issue: %d %s", r.StatusCode, firstError(r.body))
	}
	path := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	id := strings.TrimPrefix(path, "/lookouts/")

	// Two Jordanian-phone records: one of Saudi Arabia kept to itself, one
	// released to Jordan.
	ctx := context.Background()
	tok, _, err := n.store.Login(ctx, "sa.liaison", password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	saP, _, _ := n.store.Authenticate(ctx, tok)
	for i, rel := range []jisr.Releasability{{}, {Agencies: []string{"JO-AND"}}} {
		rec := &jisr.Record{Kind: jisr.KindReport, Title: []string{"qxsaprivate", "qxsashared"}[i], NarrativeEN: "A courier used +962 79 123 4567.",
			OccurredOn: "2026-10-01", Place: jisr.Place{Country: "SA", Name: "Haditha"}, Grading: jisr.Grading{Source: "B", Information: 2},
			TLP: jisr.TLPAmber, Handling: jisr.H0, Releasability: rel}
		if err := n.store.CreateRecord(ctx, saP, rec); err != nil {
			t.Fatal(err)
		}
	}

	jo.lang = "en"
	page := jo.get(path)
	for _, want := range []string{`<bdi dir="ltr" class="ident">+962 7 9123 4567</bdi>`, "Withdraw the lookout", "not yours to read", `<bdi dir="ltr" class="code">SA-GDNC</bdi>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("issuer's page lacks %q", want)
		}
	}
	if n := len(reRecordLink.FindAllString(page.body, -1)); n != 1 {
		t.Errorf("the issuer sees %d records, want the one released to it", n)
	}
	if m := reRawLookKey.FindString(page.body); m != "" {
		t.Errorf("untranslated key %s", m)
	}
	iq.lang = "ar"
	page = iq.get(path)
	for _, want := range []string{"نشرة ترقب", "لا يحق لكم قراءته", `<bdi dir="ltr" class="ident">+962 7 9123 4567</bdi>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("recipient's Arabic page lacks %q", want)
		}
	}
	if reRecordLink.MatchString(page.body) || strings.Contains(page.body, "/withdraw") {
		t.Error("the recipient sees a record or may withdraw")
	}
	if m := reRawLookKey.FindString(page.body); m != "" {
		t.Errorf("untranslated key %s", m)
	}
	if !strings.Contains(iq.get("/notifications").body, `href="/lookouts/`+id+`"`) {
		t.Error("the recipient's notices do not lead to the lookout")
	}
	if page := sa.get(path); page.StatusCode != http.StatusNotFound {
		t.Errorf("an uninvolved agency: %d", page.StatusCode)
	}
	if list := sa.get("/lookouts"); strings.Contains(list.body, id) {
		t.Error("an uninvolved agency lists the lookout")
	}
	r = iq.post(path, path+"/withdraw", url.Values{})
	if r.StatusCode != http.StatusForbidden {
		t.Errorf("the recipient withdraws: %d", r.StatusCode)
	}
	r = jo.post(path, path+"/withdraw", url.Values{})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d %s", r.StatusCode, firstError(r.body))
	}
	if page := jo.get(path); !strings.Contains(page.body, "withdrawn") || strings.Contains(page.body, "Withdraw the lookout") {
		t.Error("the withdrawn lookout still offers to withdraw")
	}
}
