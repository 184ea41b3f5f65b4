package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// loadDemoRequests adds the demo's requests for information or action
// (issue 11), each through the services as its users would make it: a
// record attached and released by sending, a request from a blind hit,
// answered, refused, acknowledged and open ones. It does nothing on a node
// that has requests already.
func loadDemoRequests(ctx context.Context, env *cmdEnv, s nodeStore) error {
	e := engine.New(s)
	defer e.Close()
	as := func(username string) (jisr.Principal, error) {
		u, err := e.UserByName(ctx, username)
		if err != nil {
			return jisr.Principal{}, fmt.Errorf("demo requests: %s: %w", username, err)
		}
		a, err := e.Agency(ctx, u.Agency)
		if err != nil {
			return jisr.Principal{}, err
		}
		return jisr.Principal{UserID: u.ID, Username: u.Username, Agency: u.Agency, Country: a.Country, Role: u.Role, Groups: a.Groups}, nil
	}
	users := map[string]jisr.Principal{}
	for _, name := range []string{"jo.liaison", "iq.liaison", "iq.analyst", "sy.liaison", "sa.liaison", "lb.liaison", "jo.supervisor"} {
		p, err := as(name)
		if err != nil {
			return err
		}
		users[name] = p
	}
	if have, _, err := e.Requests(ctx, users["jo.liaison"], jisr.RequestFilter{Page: jisr.Page{Limit: 1}}); err != nil || len(have) > 0 {
		return err
	}
	n := 0
	send := func(from string, r *jisr.Request) *jisr.Request {
		if err := e.CreateRequest(ctx, users[from], r); err != nil {
			fmt.Fprintf(env.stderr, "jisr: demo request %q not sent: %v\n", r.Subject, err)
			return nil
		}
		n++
		return r
	}
	act := func(who string, r *jisr.Request, action, text string) {
		if r == nil {
			return
		}
		if err := e.ActOnRequest(ctx, users[who], r.ID, action, text); err != nil {
			fmt.Fprintf(env.stderr, "jisr: demo request %q: %s by %s: %v\n", r.Subject, action, who, err)
		}
	}
	// Jordan's liaison officer sends one of its records to Iraq and Syria:
	// sending releases it to them. Iraq answers; Syria has not yet.
	var attach []string
	if rs, _, err := e.Records(ctx, users["jo.liaison"], jisr.RecordFilter{Originator: "JO-AND", Kind: jisr.KindSeizure, Page: jisr.Page{Limit: 1}}); err == nil && len(rs) == 1 {
		attach = []string{rs[0].ID}
	}
	r1 := send("jo.liaison", &jisr.Request{To: []string{"IQ-GDNA", "SY-MOI"}, Priority: jisr.PriorityUrgent, Records: attach,
		Subject: "شاحنة مبرّدة عبرت جابر محمّلة بحبوب الكبتاغون — هل السائق معروف لديكم؟",
		Body:    "ضبطنا الشحنة المرفقة على معبر جابر. نرجو إفادتنا بأي معلومات عن السائق والجهة المرسِلة، وعن رقم الهاتف الوارد في السجل، قبل الإفراج عن الموقوفين خلال 24 ساعة."})
	act("iq.liaison", r1, jisr.ReqActAcknowledge, "")
	act("iq.liaison", r1, jisr.ReqActAnswer, "السائق معروف لدينا: سبق توقيفه في البصرة عام 2024 بتهمة نقل حبوب مخدرة، والرقم مسجّل باسم شركة نقل في الأنبار. سنرسل الملف عبر طلب إتاحة.")
	// Saudi Arabia asks Jordan about a container; Jordan acknowledged.
	r2 := send("sa.liaison", &jisr.Request{To: []string{"JO-AND"}, Priority: jisr.PriorityHigh,
		Subject: "Container MSCU1234565 bound for Jeddah via Aqaba",
		Body:    "Our risk engine flagged container MSCU1234565 (declared: citrus) routed Aqaba → Jeddah. Do you hold anything on the consignee or the trucking company that delivered it to Aqaba?"})
	act("jo.supervisor", r2, jisr.ReqActAcknowledge, "")
	// Lebanon asks Jordan for action; Jordan refuses with a reason and
	// Lebanon closes the request.
	r3 := send("lb.liaison", &jisr.Request{To: []string{"JO-AND"}, Priority: jisr.PriorityRoutine, Due: time.Now().Add(10 * 24 * time.Hour),
		Subject: "Demande de surveillance d'un véhicule à Ramtha",
		Body:    "Nous demandons une surveillance du véhicule signalé dans notre fiche de septembre à son passage à Ramtha."})
	act("jo.liaison", r3, jisr.ReqActRefuse, "Ramtha crossing is closed to private vehicles this month; we will watch Jaber instead if you confirm the route.")
	act("lb.liaison", r3, jisr.ReqActClose, "")
	// Iraq asks about a hit: blind hits go to the agency that holds the
	// match, which the requester does not read.
	if hs, _, err := e.Hits(ctx, users["iq.analyst"], jisr.HitFilter{}, jisr.Page{Limit: 200}); err == nil {
		for _, h := range hs {
			if h.Other.Disclosure == jisr.DisclosureBlind && h.Other.Agency != "IQ-GDNA" {
				send("iq.analyst", &jisr.Request{To: []string{h.Other.Agency}, Priority: jisr.PriorityHigh, Hits: []string{h.ID},
					Subject: "تطابق أعمى على أحد سجلاتنا — نرجو التواصل",
					Body:    "ظهر تطابق بين سجل لدينا وسجل لديكم. نرجو إفادتنا إن كان بالإمكان إتاحة السجل أو تزويدنا بما يمكن مشاركته."})
				break
			}
		}
	}
	fmt.Fprintf(env.stderr, "jisr: %d demo requests sent\n", n)
	return loadDemoConsents(ctx, env, e, users)
}

// loadDemoConsents adds the demo's requests for consent to a use (issue
// 11): Iraq asks Jordan's consent to put one of its H1 seizures before a
// Basra court, and Jordan grants it; Saudi Arabia asks the consent of an
// agency whose record it reads to announce a seizure publicly, still
// pending.
func loadDemoConsents(ctx context.Context, env *cmdEnv, e *engine.Engine, users map[string]jisr.Principal) error {
	// pick is the newest record of originator that asker reads, one with
	// handling code want if there is one.
	pick := func(asker, originator string, want jisr.Handling) *jisr.Record {
		rs, _, err := e.Records(ctx, users[asker], jisr.RecordFilter{Originator: originator, Kind: jisr.KindSeizure, Page: jisr.Page{Limit: 200}})
		if err != nil || len(rs) == 0 {
			return nil
		}
		for _, r := range rs {
			if r.Handling == want {
				return r
			}
		}
		return rs[0]
	}
	granted, pending := 0, 0
	if r := pick("iq.analyst", "JO-AND", jisr.H1); r != nil {
		rr := &jisr.ReleaseRequest{Kind: jisr.ReleaseKindConsent, RecordID: r.ID, Use: jisr.UseCourt,
			Purpose: "محاكمة شبكة تهريب الكبتاغون أمام محكمة جنايات البصرة (القضية 2026/417): نطلب تقديم محضر الضبط الأردني دليلاً على مسار الشحنة عبر جابر."}
		if err := e.RequestRelease(ctx, users["iq.analyst"], rr); err != nil {
			fmt.Fprintf(env.stderr, "jisr: demo consent request not sent: %v\n", err)
		} else if err := e.AnswerRelease(ctx, users["jo.liaison"], rr.ID, true, "Granted for case 2026/417 only; the source of the information is not to be named in court."); err != nil {
			fmt.Fprintf(env.stderr, "jisr: demo consent not granted: %v\n", err)
		} else {
			granted++
		}
	}
	for _, from := range []string{"JO-AND", "IQ-GDNA", "LB-ISF"} {
		r := pick("sa.liaison", from, jisr.H1)
		if r == nil {
			continue
		}
		rr := &jisr.ReleaseRequest{Kind: jisr.ReleaseKindConsent, RecordID: r.ID, Use: jisr.UsePublic,
			Purpose: "Joint press statement of the cell on this year's Captagon seizures, to be issued in Riyadh; we would cite the quantity and the crossing only."}
		if err := e.RequestRelease(ctx, users["sa.liaison"], rr); err != nil {
			fmt.Fprintf(env.stderr, "jisr: demo consent request not sent: %v\n", err)
			continue
		}
		pending++
		break
	}
	fmt.Fprintf(env.stderr, "jisr: demo consents: %d granted, %d pending\n", granted, pending)
	return nil
}
