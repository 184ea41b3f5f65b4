package storetest

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

// testAuditReads: every read path records the records it returned, so
// "who saw record X" finds the read — also graph views, hits, persons and
// exports past their first thousand records — and "what did user Y see"
// lists them. Search terms, names and selectors are kept as keyed hashes,
// found again when the auditor supplies the value.
func testAuditReads(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	SeedAccess(t, s)
	// jo.auditor audits the node (who saw JO's record, in every agency);
	// iq.auditor reads the content of its own agency's entries.
	jo, iq, aud, iqAud := As(t, s, "jo.liaison"), As(t, s, "iq.analyst"), As(t, s, "jo.auditor"), As(t, s, "iq.auditor")
	toIraq := jisr.Releasability{Agencies: []string{"IQ-GDNA"}}
	// 1001 older records first, so the record an export returns last is
	// past its first thousand.
	i := 0
	rep, err := s.ImportRecords(ctx, jo, func() (*jisr.ImportItem, error) {
		if i == 1001 {
			return nil, io.EOF
		}
		i++
		return &jisr.ImportItem{Line: i, Record: Seizure(fmt.Sprintf("qxbulk%d", i), jisr.TLPAmber, jisr.H0, toIraq), Digest: fmt.Sprintf("%064x", i)}, nil
	}, jisr.ImportOptions{})
	if err != nil || rep.Created != 1001 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	r := mustCreate(t, s, jo, withPhone(Seizure("qxseen", jisr.TLPAmber, jisr.H0, toIraq), "+964 770 765 4321"))
	r2 := mustCreate(t, s, As(t, s, "iq.liaison"), withPhone(Seizure("qxother", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"JO-AND"}}), "+964 770 765 4321"))
	att, err := s.AddAttachment(ctx, jo, r.ID, "truck.jpg", "image/jpeg", strings.NewReader("abc"))
	if err != nil {
		t.Fatal(err)
	}
	last := func() int64 {
		es, _, err := s.AuditEntries(ctx, aud, jisr.AuditFilter{Page: jisr.Page{Limit: 1}})
		if err != nil || len(es) == 0 {
			t.Fatalf("audit: %v", err)
		}
		return es[0].Seq
	}
	cases := []struct {
		name, action string
		read         func() error
	}{
		{"get", jisr.ActRead, func() error { _, err := s.Record(ctx, iq, r.ID); return err }},
		{"list", jisr.ActList, func() error {
			_, _, err := s.Records(ctx, iq, jisr.RecordFilter{Originator: "JO-AND", Page: jisr.Page{Limit: 3}})
			return err
		}},
		{"search", jisr.ActSearch, func() error { _, _, err := s.Records(ctx, iq, jisr.RecordFilter{Text: "qxseen"}); return err }},
		{"history", jisr.ActHistory, func() error { _, err := s.History(ctx, iq, r.ID); return err }},
		{"export past 1000", jisr.ActExport, func() error {
			_, err := s.ExportRecords(ctx, iq, jisr.RecordFilter{}, func(*jisr.Record) error { return nil })
			return err
		}},
		{"graph selector", jisr.ActGraphRead, func() error { _, err := s.Neighbours(ctx, iq, "sel:phone:+9647707654321", 0); return err }},
		{"graph record", jisr.ActGraphRead, func() error { _, err := s.Neighbours(ctx, iq, "record:"+r.ID, 0); return err }},
		{"graph path", jisr.ActGraphPath, func() error { _, err := s.Path(ctx, iq, "record:"+r2.ID, "record:"+r.ID, 0); return err }},
		{"hit inbox", jisr.ActHitInbox, func() error { _, _, err := s.Hits(ctx, iq, jisr.HitFilter{}, jisr.Page{}); return err }},
		{"record hits", jisr.ActHitRead, func() error { _, err := s.RecordHits(ctx, iq, r2.ID); return err }},
		{"persons", jisr.ActPersonSearch, func() error { _, err := s.SearchPersons(ctx, iq, "Driverqxseen", 10); return err }},
		{"attachment", jisr.ActAttachRead, func() error {
			_, body, err := s.Attachment(ctx, iq, r.ID, att.ID)
			if err == nil {
				body.Close()
			}
			return err
		}},
	}
	for _, c := range cases {
		before := last()
		if err := c.read(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		who, _, err := s.AuditEntries(ctx, aud, jisr.AuditFilter{Object: r.ID, Actor: "iq.analyst", Action: c.action, Page: jisr.Page{Limit: 1}})
		if err != nil || len(who) != 1 || who[0].Seq <= before {
			t.Errorf("%s: who saw %s does not find the read: %+v %v", c.name, r.ID, who, err)
		}
	}
	// What did Iraq's analyst see: their reads, each with the ids.
	seen, _, err := s.AuditEntries(ctx, iqAud, jisr.AuditFilter{User: "iq.analyst", Action: jisr.ActGraphRead, Page: jisr.Page{Limit: 10}})
	if err != nil || len(seen) != 2 || !slices.Contains(seen[0].Records, r.ID) || !slices.Contains(seen[1].Records, r.ID) || seen[1].Reads != 2 {
		t.Fatalf("what did iq.analyst see in the graph: %+v %v", seen, err)
	}
	// Who searched for a term, a name, a selector: found from the value,
	// which the trail does not hold in clear.
	for _, tc := range []struct{ term, action string }{
		{"QXSEEN", jisr.ActSearch}, {"driverqxseen", jisr.ActPersonSearch}, {"+964 770 765 4321", jisr.ActGraphRead},
	} {
		es, _, err := s.AuditEntries(ctx, iqAud, jisr.AuditFilter{Term: tc.term, Page: jisr.Page{Limit: 50}})
		if err != nil || !slices.ContainsFunc(es, func(e *jisr.AuditEntry) bool { return e.Action == tc.action && e.Actor == "iq.analyst" }) {
			t.Errorf("who searched for %q: %+v %v", tc.term, es, err)
		}
	}
	if es, _, _ := s.AuditEntries(ctx, aud, jisr.AuditFilter{Term: "qxnever"}); len(es) != 0 {
		t.Errorf("a term never searched matches %d entries", len(es))
	}
	all, _, _ := s.AuditEntries(ctx, aud, jisr.AuditFilter{Page: jisr.Page{Limit: 500}})
	for _, e := range all {
		text := strings.ToLower(e.Object + " " + e.Detail)
		for _, clear := range []string{"qxseen", "7707654321", "qxnever"} {
			if strings.Contains(text, clear) {
				t.Errorf("audit entry %d holds %q in clear: %s %s", e.Seq, clear, e.Object, e.Detail)
			}
		}
	}
	if n, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("verify after reads: %d %v", n, err)
	}
}
