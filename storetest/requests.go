package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

// RequestStore is a store with requests for information or action and
// notifications (issue 11). The suites below skip a store without them.
type RequestStore interface {
	Store
	jisr.RequestService
	jisr.NotificationService
	SweepRequests(ctx context.Context, now time.Time) (int, error)
}

func requestStore(t *testing.T, s Store) RequestStore {
	t.Helper()
	rs, ok := s.(RequestStore)
	if !ok {
		t.Skip("the store has no requests")
	}
	return rs
}

// notes returns the kinds of p's notifications, oldest first, and marks
// nothing read.
func notes(t *testing.T, s RequestStore, p jisr.Principal) []string {
	t.Helper()
	ns, _, err := s.Notifications(context.Background(), p, jisr.NotificationFilter{Page: jisr.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(ns) - 1; i >= 0; i-- {
		out = append(out, ns[i].Kind)
	}
	return out
}

// testRequests: every change of state of a request, who may and who may
// not make it, what each side sees, the notices, lists and figures.
func testRequests(t *testing.T, st Store) {
	ctx := context.Background()
	s := requestStore(t, st)
	Seed(t, s)
	jo, joL, joAdm := As(t, s, "jo.analyst"), As(t, s, "jo.liaison"), As(t, s, "jo.admin")
	iq, iqL, lb, lbL, sa := As(t, s, "iq.analyst"), As(t, s, "iq.liaison"), As(t, s, "lb.analyst"), As(t, s, "lb.liaison"), As(t, s, "sa.officer")

	r := &jisr.Request{To: []string{"IQ-GDNA", "LB-ISF"}, Subject: "Who uses +962791234567?", Body: "The driver called it before crossing at Jaber.", Priority: jisr.PriorityHigh}
	if err := s.CreateRequest(ctx, joAdm, r); code(err) != jisr.EFORBIDDEN {
		t.Fatalf("an administrator sent a request: %v", err)
	}
	bad := *r
	bad.To = []string{"IQ-NOPE"}
	if err := s.CreateRequest(ctx, jo, &bad); code(err) != jisr.EINVALID || jisr.ErrorField(err) != "to[0]" {
		t.Fatalf("unknown agency: %v", err)
	}
	if err := s.CreateRequest(ctx, jo, r); err != nil {
		t.Fatal(err)
	}
	if r.ID == "" || r.From != "JO-AND" || r.CreatedBy != "jo.analyst" || r.State != jisr.ReqOpen || len(r.Replies) != 2 || r.Due.IsZero() {
		t.Fatalf("created %+v", r)
	}
	const absent = "0190f000-0000-7000-8000-000000000000"
	// Who may act: the table. Not found for those who do not see it,
	// exactly like an absent request; forbidden for those who see it.
	for _, c := range []struct {
		name   string
		p      jisr.Principal
		action string
		want   string
	}{
		{"third agency acknowledges", sa, jisr.ReqActAcknowledge, jisr.ENOTFOUND},
		{"third agency closes", sa, jisr.ReqActClose, jisr.ENOTFOUND},
		{"administrator of the requester closes", joAdm, jisr.ReqActClose, jisr.ENOTFOUND},
		{"addressee analyst acknowledges", iq, jisr.ReqActAcknowledge, jisr.EFORBIDDEN},
		{"addressee analyst answers", iq, jisr.ReqActAnswer, jisr.EFORBIDDEN},
		{"requester acknowledges", jo, jisr.ReqActAcknowledge, jisr.EFORBIDDEN},
		{"requester's liaison answers", joL, jisr.ReqActAnswer, jisr.EFORBIDDEN},
		{"addressee liaison closes", iqL, jisr.ReqActClose, jisr.EFORBIDDEN},
		{"addressee analyst closes", lb, jisr.ReqActClose, jisr.EFORBIDDEN},
	} {
		err := s.ActOnRequest(ctx, c.p, r.ID, c.action, "text")
		if code(err) != c.want {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
		if c.want == jisr.ENOTFOUND {
			e2 := s.ActOnRequest(ctx, c.p, absent, c.action, "text")
			if jisr.ErrorMessage(err) != strings.ReplaceAll(jisr.ErrorMessage(e2), absent, r.ID) {
				t.Errorf("%s: hidden %q, absent %q", c.name, err, e2)
			}
		}
	}
	if _, err := s.Request(ctx, sa, r.ID); code(err) != jisr.ENOTFOUND {
		t.Errorf("third agency reads the request: %v", err)
	}
	if err := s.ActOnRequest(ctx, iqL, r.ID, "delete", ""); code(err) != jisr.EINVALID {
		t.Errorf("unknown action: %v", err)
	}
	// The addressee acknowledges, then answers; each once.
	steps := []struct {
		p           jisr.Principal
		action, txt string
		want        string
	}{
		{iqL, jisr.ReqActAcknowledge, "", ""},
		{iqL, jisr.ReqActAcknowledge, "", jisr.ECONFLICT},
		{iqL, jisr.ReqActAnswer, "", jisr.EINVALID},
		{iqL, jisr.ReqActAnswer, "A known trafficker; file IQ-2026-77.", ""},
		{iqL, jisr.ReqActAnswer, "again", jisr.ECONFLICT},
		{iqL, jisr.ReqActRefuse, "no", jisr.ECONFLICT},
		{lbL, jisr.ReqActRefuse, " ", jisr.EINVALID},
		{lbL, jisr.ReqActRefuse, "Outside our remit.", ""}, // refused without acknowledging first
		{lbL, jisr.ReqActAcknowledge, "", jisr.ECONFLICT},
	}
	for i, st := range steps {
		if err := s.ActOnRequest(ctx, st.p, r.ID, st.action, st.txt); code(err) != st.want {
			t.Fatalf("step %d %s by %s: %v, want %q", i, st.action, st.p.Username, err, st.want)
		}
	}
	// What each side sees.
	mine, err := s.Request(ctx, jo, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mine.State != jisr.ReqRefused || len(mine.Replies) != 2 || mine.Replies[0].Answer != "A known trafficker; file IQ-2026-77." || mine.Replies[1].Reason != "Outside our remit." ||
		mine.Replies[0].AcknowledgedAt == nil || mine.Replies[1].AcknowledgedAt == nil || mine.Version != 4 {
		t.Errorf("requester sees %+v", mine)
	}
	theirs, err := s.Request(ctx, lb, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(theirs); theirs.State != jisr.ReqRefused || len(theirs.Replies) != 1 || bytes.Contains(b, []byte("IQ-2026-77")) {
		t.Errorf("LB sees %s", b)
	}
	if v, _ := s.Request(ctx, iq, r.ID); v == nil || v.State != jisr.ReqAnswered {
		t.Errorf("IQ's analyst sees %+v", v)
	}
	// The requester closes; nothing moves after.
	if err := s.ActOnRequest(ctx, jo, r.ID, jisr.ReqActClose, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.ActOnRequest(ctx, joL, r.ID, jisr.ReqActClose, ""); code(err) != jisr.ECONFLICT {
		t.Errorf("closed twice: %v", err)
	}
	if v, _ := s.Request(ctx, iqL, r.ID); v == nil || v.State != jisr.ReqClosed || v.ClosedBy != "jo.analyst" {
		t.Errorf("closed request seen by IQ as %+v", v)
	}
	// A second request, closed by the requester's liaison before any answer.
	r2 := &jisr.Request{To: []string{"IQ-GDNA"}, Subject: "Container MSCU1234565", Body: "Any holdings?", Priority: jisr.PriorityUrgent}
	if err := s.CreateRequest(ctx, joL, r2); err != nil {
		t.Fatal(err)
	}
	if err := s.ActOnRequest(ctx, joL, r2.ID, jisr.ReqActClose, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.ActOnRequest(ctx, iqL, r2.ID, jisr.ReqActAnswer, "late"); code(err) != jisr.ECONFLICT {
		t.Errorf("answered a closed request: %v", err)
	}

	// Notices: to those who must act or who asked, nobody else.
	for _, c := range []struct {
		p    jisr.Principal
		want string
	}{
		{jo, "request.acknowledged request.answered request.refused"},
		{joL, "request.acknowledged request.answered request.refused"},
		{iqL, "request.new request.closed request.new request.closed"},
		{lbL, "request.new request.closed"},
		{iq, ""}, {lb, ""}, {sa, ""}, {joAdm, ""},
	} {
		if got := strings.Join(notes(t, s, c.p), " "); got != c.want {
			t.Errorf("notices of %s: %q, want %q", c.p.Username, got, c.want)
		}
	}
	if n, _ := s.UnreadCount(ctx, iqL); n != 4 {
		t.Errorf("unread %d", n)
	}
	ns, _, _ := s.Notifications(ctx, iqL, jisr.NotificationFilter{Unread: true, Page: jisr.Page{Limit: 1}})
	if len(ns) != 1 || ns[0].Agency != "JO-AND" || ns[0].Object == "" || ns[0].Subject == "" {
		t.Fatalf("notice %+v", ns)
	}
	if err := s.MarkRead(ctx, iqL, []string{ns[0].ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRead(ctx, lbL, []string{}); err != nil { // all of LB's
		t.Fatal(err)
	}
	if err := s.MarkRead(ctx, iq, []string{ns[0].ID}); err != nil { // another user's: nothing
		t.Fatal(err)
	}
	if a, b := mustUnread(t, s, iqL), mustUnread(t, s, lbL); a != 3 || b != 0 {
		t.Errorf("unread after marking: %d %d", a, b)
	}
	// E-mail is opt-in.
	if on, _ := s.EmailNotices(ctx, iqL); on {
		t.Error("e-mail on by default")
	}
	if err := s.SetEmailNotices(ctx, iqL, true); err != nil {
		t.Fatal(err)
	}
	if on, _ := s.EmailNotices(ctx, iqL); !on {
		t.Error("e-mail opt-in not kept")
	}

	// Lists: made by or addressed to the caller's agency, paged by cursor.
	for _, c := range []struct {
		p    jisr.Principal
		f    jisr.RequestFilter
		want []string
	}{
		{jo, jisr.RequestFilter{}, []string{r2.ID, r.ID}},
		{jo, jisr.RequestFilter{Box: jisr.BoxReceived}, nil},
		{iq, jisr.RequestFilter{Box: jisr.BoxReceived}, []string{r2.ID, r.ID}},
		{lb, jisr.RequestFilter{}, []string{r.ID}},
		{sa, jisr.RequestFilter{}, nil},
		{jo, jisr.RequestFilter{State: jisr.ReqOpen}, nil},
		{jo, jisr.RequestFilter{State: jisr.ReqClosed}, []string{r2.ID, r.ID}},
	} {
		got := allRequests(t, s, c.p, c.f)
		if !slices.Equal(got, c.want) {
			t.Errorf("list of %s %+v: %v, want %v", c.p.Username, c.f, got, c.want)
		}
	}
	if _, _, err := s.Requests(ctx, joAdm, jisr.RequestFilter{}); code(err) != jisr.EFORBIDDEN {
		t.Errorf("administrator lists requests: %v", err)
	}
	_, next, err := s.Requests(ctx, jo, jisr.RequestFilter{Page: jisr.Page{Limit: 1}})
	if err != nil || next == "" {
		t.Fatalf("first page: %q %v", next, err)
	}
	if _, _, err := s.Requests(ctx, iq, jisr.RequestFilter{Page: jisr.Page{Limit: 1, Cursor: next}}); code(err) != jisr.EINVALID {
		t.Errorf("another user's cursor: %v", err)
	}

	// Figures: per addressee and per pair.
	fig, err := s.RequestFigures(ctx, jo)
	if err != nil {
		t.Fatal(err)
	}
	if len(fig.Agencies) != 2 || fig.Agencies[0].To != "IQ-GDNA" || fig.Agencies[0].Requests != 2 || fig.Agencies[0].AckMedian == nil || fig.Agencies[0].AnswerP90 == nil {
		t.Errorf("figures %s", mustJSON(fig))
	}
	if f, _ := s.RequestFigures(ctx, sa); len(f.Agencies)+len(f.Pairs) != 0 {
		t.Errorf("a third agency sees figures of others' requests: %s", mustJSON(f))
	}
}

func mustUnread(t *testing.T, s RequestStore, p jisr.Principal) int {
	t.Helper()
	n, err := s.UnreadCount(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func allRequests(t *testing.T, s RequestStore, p jisr.Principal, f jisr.RequestFilter) []string {
	t.Helper()
	var out []string
	f.Page.Limit = 1
	for range 100 {
		rs, next, err := s.Requests(context.Background(), p, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			out = append(out, r.ID)
		}
		if next == "" {
			return out
		}
		f.Page.Cursor = next
	}
	t.Fatal("paging does not end")
	return nil
}

// testRequestSweep: reminders before the due time, escalation to the
// addressee's supervisors once overdue, each once.
func testRequestSweep(t *testing.T, st Store) {
	ctx := context.Background()
	s := requestStore(t, st)
	Seed(t, s)
	if err := s.CreateUser(ctx, System, &jisr.User{Username: "iq.supervisor", Agency: "IQ-GDNA", Role: jisr.RoleSupervisor}, Password); err != nil {
		t.Fatal(err)
	}
	jo, iqL, iqS, iq := As(t, s, "jo.analyst"), As(t, s, "iq.liaison"), As(t, s, "iq.supervisor"), As(t, s, "iq.analyst")
	now := time.Now()
	r := &jisr.Request{To: []string{"IQ-GDNA"}, Subject: "Truck 12-34567 at Trebil", Body: "Is it known?", Priority: jisr.PriorityUrgent, Due: now.Add(time.Hour)}
	if err := s.CreateRequest(ctx, jo, r); err != nil {
		t.Fatal(err)
	}
	if n, err := s.SweepRequests(ctx, now); err != nil || n != 1 {
		t.Fatalf("reminder sweep: %d %v", n, err)
	}
	if n, _ := s.SweepRequests(ctx, now.Add(time.Minute)); n != 0 {
		t.Errorf("reminded twice: %d", n)
	}
	if n, err := s.SweepRequests(ctx, now.Add(2*time.Hour)); err != nil || n != 1 {
		t.Fatalf("overdue sweep: %d %v", n, err)
	}
	if n, _ := s.SweepRequests(ctx, now.Add(3*time.Hour)); n != 0 {
		t.Errorf("escalated twice: %d", n)
	}
	for _, c := range []struct {
		p    jisr.Principal
		want string
	}{
		{iqL, "request.new request.reminder"},
		{iqS, "request.new request.reminder request.overdue"},
		{jo, "request.overdue"},
		{iq, ""},
	} {
		if got := strings.Join(notes(t, s, c.p), " "); got != c.want {
			t.Errorf("notices of %s: %q, want %q", c.p.Username, got, c.want)
		}
	}
	v, err := s.Request(ctx, iqL, r.ID)
	if err != nil || len(v.Replies) != 1 || !v.Replies[0].Escalated {
		t.Errorf("escalation not shown: %+v %v", v, err)
	}
	// An answered request is neither reminded nor escalated.
	r2 := &jisr.Request{To: []string{"IQ-GDNA"}, Subject: "Answered", Body: "x", Priority: jisr.PriorityUrgent, Due: now.Add(time.Hour)}
	if err := s.CreateRequest(ctx, jo, r2); err != nil {
		t.Fatal(err)
	}
	if err := s.ActOnRequest(ctx, iqL, r2.ID, jisr.ReqActAnswer, "done"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.SweepRequests(ctx, now.Add(5*time.Hour)); n != 0 {
		t.Errorf("answered request swept: %d", n)
	}
}

// testRequestRace: concurrent answers to one request: one wins, the others
// are conflicts, and the winner's answer is the one kept.
func testRequestRace(t *testing.T, st Store) {
	ctx := context.Background()
	s := requestStore(t, st)
	Seed(t, s)
	jo, iqL := As(t, s, "jo.analyst"), As(t, s, "iq.liaison")
	r := &jisr.Request{To: []string{"IQ-GDNA"}, Subject: "Race", Body: "Answer once.", Priority: jisr.PriorityRoutine}
	if err := s.CreateRequest(ctx, jo, r); err != nil {
		t.Fatal(err)
	}
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			act, txt := jisr.ReqActAnswer, "answer "+string(rune('A'+i))
			if i%2 == 1 {
				act, txt = jisr.ReqActRefuse, "refusal "+string(rune('A'+i))
			}
			errs[i] = s.ActOnRequest(ctx, iqL, r.ID, act, txt)
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch code(err) {
		case "":
			if won >= 0 {
				t.Fatalf("two answers applied: %d and %d", won, i)
			}
			won = i
		case jisr.ECONFLICT:
		default:
			t.Fatalf("answer %d: %v", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no answer applied")
	}
	v, err := s.Request(ctx, jo, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	x := v.Replies[0]
	if !strings.HasSuffix(x.Answer+x.Reason, string(rune('A'+won))) || v.Version != 2 {
		t.Errorf("kept %+v (version %d), winner %d", x, v.Version, won)
	}
}

// testRequestLeaks is the leak table of requests and notices: a request
// about a record never shows the record, nor its id, to a caller who may
// not read it; a request the caller is not party to is absent; a blind
// hit's request tells the requester nothing beyond the agency; attaching
// releases only by the release rule.
func testRequestLeaks(t *testing.T, st Store) {
	ctx := context.Background()
	s := requestStore(t, st)
	Seed(t, s)
	jo, joL, iq, iqL, lbL := As(t, s, "jo.analyst"), As(t, s, "jo.liaison"), As(t, s, "iq.analyst"), As(t, s, "iq.liaison"), As(t, s, "lb.liaison")
	ids := map[string]string{}
	cases := leakCases()
	for _, c := range cases {
		r := Seizure(c.marker, c.tlp, c.h, c.rel)
		mustCreate(t, s, joL, r)
		ids[c.marker] = r.ID
	}
	// An analyst cannot release by attaching: refused, nothing sent, the
	// record stays Jordan's.
	refused := &jisr.Request{To: []string{"SA-GDNC"}, Subject: "Attach private", Body: "x", Records: []string{ids["qxprivate"]}}
	if err := s.CreateRequest(ctx, jo, refused); code(err) != jisr.EFORBIDDEN {
		t.Fatalf("an analyst released by attaching: %v", err)
	}
	// Another agency's record the caller may not read is not found; one it
	// reads but did not originate is not released by a request.
	if err := s.CreateRequest(ctx, iqL, &jisr.Request{To: []string{"LB-ISF"}, Subject: "x", Body: "x", Records: []string{ids["qxprivate"]}}); code(err) != jisr.ENOTFOUND || jisr.ErrorField(err) != "records[0]" {
		t.Fatalf("attaching an unreadable record: %v", err)
	}
	if err := s.CreateRequest(ctx, iqL, &jisr.Request{To: []string{"SA-GDNC"}, Subject: "x", Body: "x", Records: []string{ids["qxamberiq"]}}); code(err) != jisr.EFORBIDDEN {
		t.Fatalf("a receiver released another agency's record: %v", err)
	}
	// Jordan's liaison attaches records to a request to Lebanon: the
	// private one is released to Lebanon by sending, the strict one Lebanon
	// reads already; Iraq, not addressed, learns nothing.
	toLB := &jisr.Request{To: []string{"LB-ISF"}, Subject: "Two records for you", Body: "See attached.", Priority: jisr.PriorityHigh,
		Records: []string{ids["qxprivate"], ids["qxstrictlb"]}}
	if err := s.CreateRequest(ctx, joL, toLB); err != nil {
		t.Fatal(err)
	}
	for i := range cases {
		if cases[i].marker == "qxprivate" {
			cases[i].readers = append(slices.Clone(cases[i].readers), "lb.analyst")
		}
	}
	if _, err := s.Record(ctx, lbL, ids["qxprivate"]); err != nil {
		t.Errorf("the attached record was not released to the addressee: %v", err)
	}
	// A request to Iraq about the TLP:RED record named to Iraq: only its
	// liaison reads the record; its analyst sees the request without it.
	toIQ := &jisr.Request{To: []string{"IQ-GDNA"}, Subject: "About a red record", Body: "Please act.", Records: []string{ids["qxrediq"], ids["qxcountryiq"]}}
	if err := s.CreateRequest(ctx, joL, toIQ); err != nil {
		t.Fatal(err)
	}
	// A blind hit: Iraq holds a phone privately; Jordan's analyst meets it
	// and asks Iraq about it without learning anything more.
	iqRec := withPhone(Seizure("qxiqholds", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "+9647701234567")
	mustCreate(t, s, iq, iqRec)
	joRec := withPhone(Seizure("qxjoasks", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "+964 770 123 4567")
	mustCreate(t, s, jo, joRec)
	hs, err := s.RecordHits(ctx, jo, joRec.ID)
	if err != nil {
		t.Fatal(err)
	}
	var blind *jisr.Hit
	for _, h := range hs {
		if h.Other.Disclosure == jisr.DisclosureBlind && h.Other.Agency == "IQ-GDNA" {
			blind = h
		}
	}
	if blind == nil {
		t.Fatalf("no blind hit: %s", mustJSON(hs))
	}
	if err := s.CreateRequest(ctx, jo, &jisr.Request{To: []string{"LB-ISF"}, Subject: "x", Body: "x", Hits: []string{blind.ID}}); code(err) != jisr.EINVALID || jisr.ErrorField(err) != "to" {
		t.Fatalf("hit request to the wrong agency: %v", err)
	}
	if err := s.CreateRequest(ctx, lbL, &jisr.Request{To: []string{"IQ-GDNA"}, Subject: "x", Body: "x", Hits: []string{blind.ID}}); code(err) != jisr.ENOTFOUND || jisr.ErrorField(err) != "hits[0]" {
		t.Fatalf("a hit another agency sees was usable: %v", err)
	}
	aboutHit := &jisr.Request{To: []string{"IQ-GDNA"}, Subject: "Your match on our phone", Body: "Please share what you hold.", Priority: jisr.PriorityUrgent, Hits: []string{blind.ID}}
	if err := s.CreateRequest(ctx, jo, aboutHit); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, leakCase{"qxiqholds", jisr.TLPAmber, jisr.H0, jisr.Releasability{}, []string{"iq.analyst", "iq.liaison"}},
		leakCase{"qxjoasks", jisr.TLPAmber, jisr.H0, jisr.Releasability{}, joReaders})
	ids["qxiqholds"], ids["qxjoasks"] = iqRec.ID, joRec.ID
	if v, err := s.Request(ctx, iqL, aboutHit.ID); err != nil || len(v.Hits) != 1 || v.Hits[0] != blind.ID {
		t.Errorf("the holder does not see the hit of the request: %+v %v", v, err)
	}
	if err := s.ActOnRequest(ctx, iqL, aboutHit.ID, jisr.ReqActAnswer, "We hold it; release follows."); err != nil {
		t.Fatal(err)
	}
	parties := map[string][]string{ // request → who sees it
		toLB.ID:     {"jo.analyst", "jo.liaison", "lb.analyst"},
		toIQ.ID:     {"jo.analyst", "jo.liaison", "iq.analyst", "iq.liaison"},
		aboutHit.ID: {"jo.analyst", "jo.liaison", "iq.analyst", "iq.liaison"},
	}
	for _, who := range callers {
		t.Run(who, func(t *testing.T) {
			p := As(t, s, who)
			var seen bytes.Buffer
			show := func(v any) { b, _ := json.Marshal(v); seen.Write(b) }
			list, _, err := s.Requests(ctx, p, jisr.RequestFilter{Page: jisr.Page{Limit: 500}})
			if policyReads(who) && err != nil {
				t.Fatal(err)
			}
			show(list)
			var listed []string
			for _, r := range list {
				listed = append(listed, r.ID)
			}
			for id, party := range parties {
				may := slices.Contains(party, who)
				v, err := s.Request(ctx, p, id)
				show(v)
				if may != (err == nil) || (!may && code(err) != jisr.ENOTFOUND) {
					t.Errorf("get request %s: may=%v err=%v", id, may, err)
				}
				if may != slices.Contains(listed, id) {
					t.Errorf("list: request %s listed=%v, may=%v", id, !may, may)
				}
				for _, act := range []string{jisr.ReqActAcknowledge, jisr.ReqActAnswer, jisr.ReqActRefuse, jisr.ReqActClose} {
					if may {
						break
					}
					if err := s.ActOnRequest(ctx, p, id, act, "x"); code(err) != jisr.ENOTFOUND {
						t.Errorf("%s on a request %s does not see: %v", act, who, err)
					}
				}
			}
			ns, _, err := s.Notifications(ctx, p, jisr.NotificationFilter{Page: jisr.Page{Limit: 500}})
			if err != nil {
				t.Fatal(err)
			}
			show(ns)
			for _, n := range ns {
				if !slices.Contains(parties[n.Object], who) {
					t.Errorf("%s told of request %s", who, n.Object)
				}
			}
			f, err := s.RequestFigures(ctx, p)
			show(f)
			if policyReads(who) && err != nil {
				t.Fatal(err)
			}
			wantVisible := map[string]bool{}
			for _, c := range cases {
				if slices.Contains(c.readers, who) {
					wantVisible[ids[c.marker]] = true
				}
			}
			for _, c := range cases {
				if !wantVisible[ids[c.marker]] && bytes.Contains(seen.Bytes(), []byte(ids[c.marker])) {
					t.Errorf("id of %s leaked to %s", c.marker, who)
				}
				if !wantVisible[ids[c.marker]] && bytes.Contains(seen.Bytes(), []byte(c.marker)) {
					t.Errorf("%s leaked to %s", c.marker, who)
				}
				r, err := s.Record(ctx, p, ids[c.marker])
				if wantVisible[ids[c.marker]] != (err == nil) {
					t.Errorf("record %s: may=%v err=%v (%v)", c.marker, wantVisible[ids[c.marker]], err, r != nil)
				}
			}
			if !slices.Contains(parties[aboutHit.ID], who) && bytes.Contains(seen.Bytes(), []byte(blind.ID)) {
				t.Errorf("the hit of the request shown to %s", who)
			}
		})
	}
}
