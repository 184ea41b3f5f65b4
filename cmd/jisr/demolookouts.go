package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// loadDemoLookouts adds the demo's lookouts (issue 11), through the
// services as their users would: Jordan watches a phone that a Saudi
// record, kept to Saudi Arabia, then carries (a blind match: Jordan and
// Iraq learn only that SA-GDNC holds it); Iraq watches a name that a
// Jordanian record released to Iraq then carries in Arabic script (a full
// match across scripts); Lebanon watches a pill logo and withdraws a
// second lookout. It does nothing on a node that has lookouts already.
func loadDemoLookouts(ctx context.Context, env *cmdEnv, s nodeStore) error {
	e := engine.New(s)
	defer e.Close()
	users := map[string]jisr.Principal{}
	for _, name := range []string{"jo.liaison", "iq.liaison", "lb.liaison", "sa.liaison", "jo.analyst"} {
		u, err := e.UserByName(ctx, name)
		if err != nil {
			return fmt.Errorf("demo lookouts: %s: %w", name, err)
		}
		a, err := e.Agency(ctx, u.Agency)
		if err != nil {
			return err
		}
		users[name] = jisr.Principal{UserID: u.ID, Username: u.Username, Agency: u.Agency, Country: a.Country, Role: u.Role, Groups: a.Groups}
	}
	if have, _, err := e.Lookouts(ctx, users["jo.liaison"], jisr.LookoutFilter{Page: jisr.Page{Limit: 1}}); err != nil || len(have) > 0 {
		return err
	}
	month := time.Now().AddDate(0, 1, 0)
	n := 0
	issue := func(who string, l *jisr.Lookout) *jisr.Lookout {
		if err := e.CreateLookout(ctx, users[who], l); err != nil {
			fmt.Fprintf(env.stderr, "jisr: demo lookout %s %q not issued: %v\n", l.Type, l.Value, err)
			return nil
		}
		n++
		return l
	}
	record := func(who string, r *jisr.Record) {
		if err := e.CreateRecord(ctx, users[who], r); err != nil {
			fmt.Fprintf(env.stderr, "jisr: demo record %q not created: %v\n", r.Title, err)
		}
	}
	issue("jo.liaison", &jisr.Lookout{Type: jisr.LookPhone, Value: "0795550142", To: []string{"IQ-GDNA", "SA-GDNC"}, Expires: month,
		Note: "هاتف المنسّق الذي اتصل به سائق الشاحنة المضبوطة في جابر."})
	issue("iq.liaison", &jisr.Lookout{Type: jisr.LookPerson, Value: "Khaled Hamad Al-Jubouri", To: []string{"JO-AND", "SY-MOI"}, Expires: month,
		Note: "Wanted in Basra for trafficking; believed to move between Anbar and Amman."})
	issue("lb.liaison", &jisr.Lookout{Type: jisr.LookPillLogo, Value: "crown", To: []string{"JO-AND", "SY-MOI", "SA-GDNC"}, Expires: month,
		Note: "Nouveau logo « couronne » saisi à Beyrouth en octobre."})
	if l := issue("lb.liaison", &jisr.Lookout{Type: jisr.LookPlate, Value: "LB 123456", To: []string{"JO-AND"}, Expires: month}); l != nil {
		if err := e.WithdrawLookout(ctx, users["lb.liaison"], l.ID); err != nil {
			fmt.Fprintf(env.stderr, "jisr: demo lookout not withdrawn: %v\n", err)
		}
	}
	record("sa.liaison", &jisr.Record{Kind: jisr.KindReport, Title: "اتصالات مشبوهة قرب منفذ الحديثة",
		NarrativeAR: "رصدنا اتصالات متكررة من الرقم ‎+962 79 555 0142‎ بسائق شاحنة عبر منفذ الحديثة.", OccurredOn: time.Now().Format("2006-01-02"),
		Place: jisr.Place{Country: "SA", Name: "Al-Haditha"}, Grading: jisr.Grading{Source: "B", Information: 2}, TLP: jisr.TLPAmber, Handling: jisr.H0,
		Entities: []jisr.Entity{{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {"+962795550142"}}}}})
	record("jo.liaison", &jisr.Record{Kind: jisr.KindReport, Title: "مشتبه به في عمّان",
		NarrativeAR: "شوهد المدعو خالد حمد الجبوري في عمّان يلتقي سائقي شاحنات.", OccurredOn: time.Now().Format("2006-01-02"),
		Place: jisr.Place{Country: "JO", Name: "Amman"}, Grading: jisr.Grading{Source: "C", Information: 3}, TLP: jisr.TLPAmber, Handling: jisr.H0,
		Releasability: jisr.Releasability{Agencies: []string{"IQ-GDNA"}},
		Entities:      []jisr.Entity{{ID: "p1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {"خالد حمد الجبوري"}}}}})
	fmt.Fprintf(env.stderr, "jisr: %d demo lookouts issued\n", n)
	return nil
}
