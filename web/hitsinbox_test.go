package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestHitsInbox (issue 11): filters by match kind, agency, status and
// strength; on a blind row our own value and the reason; who must act in
// words, for a liaison officer and for an analyst.
func TestHitsInbox(t *testing.T) {
	n := newNode(t, 0)
	ours := seizureForm("F1")
	ours.Del("rel_agency")
	ours.Set("e.Phone.0.number", "+962 79 555 0101")
	jo := n.client(t)
	jo.login("jo.officer")
	if r := jo.post("/records/new", "/records", ours); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("jo record: %d %s", r.StatusCode, firstError(r.body))
	}
	theirs := seizureForm("F2")
	theirs.Del("rel_agency")
	theirs.Set("place.country", "LB")
	theirs.Set("e.Phone.0.number", "00962795550101")
	theirs["e.Person.0.name"] = []string{"Khalid Yusuf al-Omari"}
	lb := n.client(t)
	lb.login("lb.officer")
	if r := lb.post("/records/new", "/records", theirs); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("lb record: %d %s", r.StatusCode, firstError(r.body))
	}
	joL := n.client(t)
	joL.login("jo.liaison")
	joL.lang = "en"
	page := joL.get("/hits")
	for _, want := range []string{"hit-blind", "Awaiting your decision", "+962 7 9555 0101", "the identifier shown is in their record too"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("liaison's inbox lacks %q", want)
		}
	}
	if strings.Contains(page.body, "Al-Karameh F2") {
		t.Error("a blind row shows the far record")
	}
	an := n.client(t)
	an.login("jo.analyst")
	// jo.analyst reads Arabic.
	if page := an.get("/hits"); !strings.Contains(page.body, "بانتظار ضباط الارتباط في جهتكم (أو LB-ISF") || strings.Contains(page.body, `name="decision"`) {
		t.Errorf("the analyst is not told who must act, or is offered to decide")
	}
	// The phone hit is a strong, pending, blind selector hit with LB-ISF
	// (the fixture's persons may add a name hit, a weak one).
	for _, c := range []struct {
		query string
		phone bool
	}{
		{"?rule=selector", true}, {"?rule=name", false}, {"?agency=LB-ISF", true}, {"?agency=SA-GDNC", false},
		{"?status=pending", true}, {"?status=released", false}, {"?strength=strong", true}, {"?strength=weak", false},
	} {
		page := joL.get("/hits" + c.query)
		if page.StatusCode != 200 || strings.Contains(page.body, "+962 7 9555 0101") != c.phone {
			t.Errorf("%s: %d, phone row shown %v", c.query, page.StatusCode, !c.phone)
		}
	}
	// A blind name row shows our person's name and why, never theirs
	// (the name hit comes from the worker, after the commit).
	var names string
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if names = joL.get("/hits?rule=name").body; strings.Contains(names, "hit-blind") {
			break
		}
	}
	if !strings.Contains(names, "Khaled Youssef Al-Omari") && !strings.Contains(names, "خالد يوسف العمري") || !strings.Contains(names, "which is not shown") {
		t.Errorf("the blind name row lacks our name or the reason")
	}
	if strings.Contains(names, "Khalid Yusuf") {
		t.Errorf("the blind name row shows their name")
	}
	// Grouped per entity or value of ours: the phone's group, counted, and
	// its link lists its hits.
	groups := joL.get("/hits?view=groups&strength=strong")
	if groups.StatusCode != 200 || !strings.Contains(groups.body, "hit-group") || !strings.Contains(groups.body, "+962 7 9555 0101") ||
		!strings.Contains(groups.body, "group=sel%3Aphone%3A%2B962795550101") {
		t.Errorf("grouped inbox: %d", groups.StatusCode)
	}
	if one := joL.get("/hits?group=sel%3Aphone%3A%2B962795550101"); one.StatusCode != 200 || !strings.Contains(one.body, "hit-blind") {
		t.Errorf("one group's hits: %d", one.StatusCode)
	}
	// A bad filter is said, not ignored.
	if bad := joL.get("/hits?strength=medium"); bad.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad strength: %d", bad.StatusCode)
	}
}
