package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var reRawOpKey = regexp.MustCompile(`>(operation|operations|delivery|task|opstate|delstate|checkpoint|delact|opevent|nav)\.[a-z_.]+<`)

// TestOperationPages: a joint operation opened in the web interface, a
// controlled delivery planned, started, handed over and acknowledged by
// the receiving agency, in English and Arabic; each side is offered only
// the changes it may make; an uninvolved agency gets the not-found page.
func TestOperationPages(t *testing.T) {
	n := newNode(t, 0)
	jo := n.client(t)
	jo.login("jo.liaison")
	sy := n.client(t)
	sy.login("sy.liaison")
	sa := n.client(t)
	sa.login("sa.liaison")
	lb := n.client(t)
	lb.login("lb.liaison")

	r := jo.post("/operations", "/operations", url.Values{"name": {"Pomegranate"}, "participants": {"SY-MOI", "SA-GDNC"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d %s", r.StatusCode, firstError(r.body))
	}
	path := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	r = jo.post(path, path+"/act", url.Values{"action": {"delivery"}, "text": {"Refrigerated truck 40-81295"},
		"leg_from": {"Daraa", "Jaber"}, "leg_to": {"Nasib / Jaber", "Al-Haditha"}, "leg_kind": {"crossing", "crossing"}, "leg_agency": {"SY-MOI", "JO-AND"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan: %d %s", r.StatusCode, firstError(r.body))
	}
	delivery := regexp.MustCompile(`name="delivery" value="([0-9a-f-]+)"`)
	jo.lang = "en"
	page := jo.get(path)
	m := delivery.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no delivery form on the lead's page")
	}
	if strings.Contains(page.body, `value="acknowledge"`) || strings.Contains(page.body, `value="handover"`) {
		t.Error("the lead is offered a hand-over it may not make")
	}
	if rk := reRawOpKey.FindString(page.body); rk != "" {
		t.Errorf("untranslated key %s", rk)
	}
	del := m[1]
	for _, c := range []struct {
		who    *client
		action string
		status int
	}{{sy, "start", http.StatusSeeOther}, {jo, "acknowledge", http.StatusConflict}, {sy, "handover", http.StatusSeeOther},
		{sa, "acknowledge", http.StatusForbidden}, {jo, "acknowledge", http.StatusSeeOther}} {
		r := c.who.post(path, path+"/act", url.Values{"action": {c.action}, "delivery": {del}})
		if r.StatusCode != c.status {
			t.Errorf("%s: %d, want %d: %s", c.action, r.StatusCode, c.status, firstError(r.body))
		}
	}
	sy.lang = "ar"
	page = sy.get(path)
	for _, want := range []string{"الجهات المشاركة", "أُقرّ الاستلام", `<bdi dir="ltr" class="code">JO-AND</bdi>`, "في الطريق"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("Arabic operation page lacks %q", want)
		}
	}
	if rk := reRawOpKey.FindString(page.body); rk != "" {
		t.Errorf("untranslated key %s", rk)
	}
	if page := lb.get(path); page.StatusCode != http.StatusNotFound {
		t.Errorf("an uninvolved agency: %d", page.StatusCode)
	}
	if list := lb.get("/operations"); strings.Contains(list.body, "Pomegranate") {
		t.Error("an uninvolved agency lists the operation")
	}
}
