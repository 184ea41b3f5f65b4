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
	return loadDemoOperation(ctx, env, e)
}

// loadDemoOperation adds the demo's joint operation (issue 11): a
// controlled delivery of a truck from the Syrian side through the
// Nasib/Jaber crossing, across Jordan to the Saudi border at Al-Haditha
// and on to the port of Jeddah, handed over and acknowledged at each
// border; Syria and Jordan have handed over, Saudi Arabia watches the
// last leg. It does nothing on a node that has operations already.
func loadDemoOperation(ctx context.Context, env *cmdEnv, e *engine.Engine) error {
	users := map[string]jisr.Principal{}
	for _, name := range []string{"jo.liaison", "sy.liaison", "sa.liaison", "jo.officer", "sa.officer"} {
		u, err := e.UserByName(ctx, name)
		if err != nil {
			return fmt.Errorf("demo operation: %s: %w", name, err)
		}
		a, err := e.Agency(ctx, u.Agency)
		if err != nil {
			return err
		}
		users[name] = jisr.Principal{UserID: u.ID, Username: u.Username, Agency: u.Agency, Country: a.Country, Role: u.Role, Groups: a.Groups}
	}
	if have, _, err := e.Operations(ctx, users["jo.liaison"], jisr.Page{Limit: 1}); err != nil || len(have) > 0 {
		return err
	}
	o := &jisr.Operation{Name: "عملية الرمّان — تسليم مراقب", Participants: []string{"SY-MOI", "SA-GDNC"},
		Summary: "شاحنة مبرّدة محمّلة بالرمان يُشتبه بإخفاء حبوب كبتاغون فيها، تُتابَع من الجانب السوري عبر نصيب/جابر وعبر الأردن حتى ميناء جدة لكشف المستلمين."}
	if err := e.CreateOperation(ctx, users["jo.liaison"], o); err != nil {
		fmt.Fprintf(env.stderr, "jisr: demo operation not opened: %v\n", err)
		return nil
	}
	steps := []struct {
		who string
		a   jisr.OperationAct
	}{
		{"jo.liaison", jisr.OperationAct{Action: jisr.OpActTask, Title: "تصوير أختام الشاحنة عند جابر", OwnerAg: "JO-AND", Due: time.Now().Add(24 * time.Hour)}},
		{"jo.liaison", jisr.OperationAct{Action: jisr.OpActTask, Title: "Identify the consignee at Jeddah port", OwnerAg: "SA-GDNC", Due: time.Now().Add(72 * time.Hour)}},
		{"jo.liaison", jisr.OperationAct{Action: jisr.OpActDelivery, Text: "شاحنة مبرّدة، لوحة سورية، حمولة رمان — المقطورة 40-81295", Legs: []jisr.Leg{
			{From: "درعا", To: "نصيب / جابر", Kind: "crossing", Agency: "SY-MOI"},
			{From: "جابر", To: "الحديثة", Kind: "crossing", Agency: "JO-AND"},
			{From: "الحديثة", To: "ميناء جدة الإسلامي", Kind: "port", Agency: "SA-GDNC"}}}},
	}
	del := ""
	for _, st := range steps {
		a := st.a
		id, err := e.ActOnOperation(ctx, users[st.who], o.ID, &a)
		if err != nil {
			fmt.Fprintf(env.stderr, "jisr: demo operation: %s: %v\n", a.Action, err)
			return nil
		}
		if a.Action == jisr.OpActDelivery {
			del = id
		}
	}
	for _, st := range []struct{ who, action, text string }{
		{"sy.liaison", jisr.OpActStart, ""},
		{"sy.liaison", jisr.OpActNote, "الشاحنة غادرت درعا باتجاه نصيب"},
		{"sy.liaison", jisr.OpActHandover, "سُلّمت المراقبة عند نصيب"},
		{"jo.liaison", jisr.OpActAcknowledge, "استلمنا المراقبة عند جابر"},
		{"jo.officer", jisr.OpActNote, "الشاحنة على الطريق الصحراوي قرب الأزرق"},
		{"jo.liaison", jisr.OpActHandover, "سُلّمت المراقبة عند الحديثة"},
		{"sa.liaison", jisr.OpActAcknowledge, "Received at Al-Haditha"},
		{"sa.officer", jisr.OpActNote, "Truck heading south on Route 15 towards Jeddah"},
	} {
		if _, err := e.ActOnOperation(ctx, users[st.who], o.ID, &jisr.OperationAct{Action: st.action, Delivery: del, Text: st.text}); err != nil {
			fmt.Fprintf(env.stderr, "jisr: demo delivery: %s by %s: %v\n", st.action, st.who, err)
			return nil
		}
	}
	fmt.Fprintf(env.stderr, "jisr: 1 demo joint operation with a controlled delivery\n")
	// The outcome: Saudi Arabia interdicts the truck at Jeddah port and
	// reports it on the operation (Jordan and Syria, who passed the lead,
	// read it); it drafts the announcement on a record of its own and one
	// of Jordan's, which Jordan has not yet consented to.
	if _, err := e.ActOnOperation(ctx, users["sa.liaison"], o.ID, &jisr.OperationAct{Action: jisr.OpActOutcome, Delivery: del, State: jisr.DelInterdicted,
		Text: "Interdicted at Jeddah Islamic Port: 1.4 million Captagon pills in the pomegranate crates; consignee and two receivers arrested."}); err != nil {
		fmt.Fprintf(env.stderr, "jisr: demo delivery outcome: %v\n", err)
		return nil
	}
	seizure := &jisr.Record{Kind: jisr.KindSeizure, Title: "Captagon in pomegranate crates, Jeddah Islamic Port", OccurredOn: time.Now().Format("2006-01-02"),
		NarrativeEN: "Controlled delivery from Daraa via Jaber and Al-Haditha ended at Jeddah Islamic Port: 1.4 million pills seized, three arrested.",
		Place:       jisr.Place{Country: "SA", Name: "Jeddah Islamic Port"}, Grading: jisr.Grading{Source: "A", Information: 1}, TLP: jisr.TLPAmber, Handling: jisr.H0,
		Releasability: jisr.Releasability{Agencies: []string{"JO-AND", "SY-MOI"}},
		Seizure:       &jisr.Seizure{HidingPlace: "fruit-pomegranates", Transport: "commercial-road", Routing: "border-inbound"},
		Entities:      []jisr.Entity{{ID: "d1", Schema: "DrugQuantity", Props: map[string][]string{"substance": {"captagon"}, "amount": {"1400000"}, "unit": {"pills"}}}}}
	if err := e.CreateRecord(ctx, users["sa.liaison"], seizure); err != nil {
		fmt.Fprintf(env.stderr, "jisr: demo seizure: %v\n", err)
		return nil
	}
	if err := e.CreateOutcome(ctx, users["sa.liaison"], &jisr.Outcome{Of: jisr.Lead{Kind: jisr.LeadOperation, ID: o.ID}, Kind: "seizure", Arrests: 3,
		Text: "1.4 million pills seized at Jeddah Islamic Port; the consignee and two receivers arrested.", Records: []string{seizure.ID}}); err != nil {
		fmt.Fprintf(env.stderr, "jisr: demo outcome: %v\n", err)
	}
	records := []string{seizure.ID}
	if rs, _, err := e.Records(ctx, users["jo.liaison"], jisr.RecordFilter{Originator: "JO-AND", Kind: jisr.KindSeizure, Page: jisr.Page{Limit: 1}}); err == nil && len(rs) == 1 {
		// A Jordanian record Saudi Arabia reads, if there is one.
		if _, err := e.Record(ctx, users["sa.liaison"], rs[0].ID); err == nil {
			records = append(records, rs[0].ID)
		}
	}
	if err := e.CreateDisclosure(ctx, users["sa.liaison"], &jisr.Disclosure{Operation: o.ID, Records: records,
		Title: "Joint operation seizes 1.4 million Captagon pills",
		Text:  "A controlled delivery followed by the Syrian, Jordanian and Saudi authorities ended at Jeddah Islamic Port with the seizure of 1.4 million Captagon pills and three arrests."}); err != nil {
		fmt.Fprintf(env.stderr, "jisr: demo disclosure: %v\n", err)
	}
	return nil
}
