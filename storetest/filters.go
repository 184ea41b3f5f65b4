package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

// testListFilters: the substance and concealment filters of a list (the
// map's) find the caller's seizures by the substance of a drug quantity
// and the hiding place, in the store's query; another agency's private
// seizures of the same substance and hiding place are neither listed nor
// counted; statistics refuse the two filters rather than ignore them.
func testListFilters(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	iq, jo := As(t, s, "iq.analyst"), As(t, s, "jo.analyst")
	mk := func(p jisr.Principal, marker, substance, hiding string) {
		r := Seizure(marker, jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		r.Entities[0].Props["substance"] = []string{substance}
		r.Entities = append(r.Entities, jisr.Entity{ID: "d2", Schema: "DrugQuantity", Props: map[string][]string{"substance": {"cannabis-resin"}, "amount": {"3"}, "unit": {"kg"}}})
		r.Seizure.HidingPlace = hiding
		mustCreate(t, s, p, r)
	}
	iqL := As(t, s, "iq.liaison")
	mk(iqL, "qxfiltiq1", "heroin", "body-carry")
	mk(iqL, "qxfiltiq2", "captagon", "body-carry")
	mk(iqL, "qxfiltiq3", "heroin", "fruit-pomegranates")
	look := func() map[string]string {
		t.Helper()
		out := map[string]string{}
		for name, f := range map[string]jisr.RecordFilter{
			"heroin":           {Substance: "heroin"},
			"resin":            {Substance: "cannabis-resin"},
			"body":             {Concealment: "body-carry"},
			"heroin in a body": {Substance: "heroin", Concealment: "body-carry"},
			"seizure heroin":   {Kind: jisr.KindSeizure, Substance: "heroin"},
		} {
			f.Page = jisr.Page{Limit: 100}
			recs, _, err := s.Records(ctx, iq, f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			n, err := s.CountRecords(ctx, iq, f)
			if err != nil {
				t.Fatalf("count %s: %v", name, err)
			}
			var titles []string
			for _, r := range recs {
				titles = append(titles, r.Title)
			}
			out[name] = strings.Join(titles, ",") + " n=" + string(rune('0'+n))
		}
		return out
	}
	before := look()
	want := map[string]string{
		"heroin":           "Seizure qxfiltiq3,Seizure qxfiltiq1 n=2",
		"resin":            "Seizure qxfiltiq3,Seizure qxfiltiq2,Seizure qxfiltiq1 n=3",
		"body":             "Seizure qxfiltiq2,Seizure qxfiltiq1 n=2",
		"heroin in a body": "Seizure qxfiltiq1 n=1",
		"seizure heroin":   "Seizure qxfiltiq3,Seizure qxfiltiq1 n=2",
	}
	for k, v := range want {
		if before[k] != v {
			t.Errorf("%s for Iraq: %q, want %q", k, before[k], v)
		}
	}
	mk(jo, "qxfiltjo1", "heroin", "body-carry")
	mk(jo, "qxfiltjo2", "heroin", "fruit-pomegranates")
	if after := look(); len(after) != len(before) {
		t.Fatal(after)
	} else {
		for k := range before {
			if after[k] != before[k] {
				t.Errorf("Jordan's private seizures changed Iraq's list %s: %q → %q", k, before[k], after[k])
			}
		}
	}
	if n, err := s.CountRecords(ctx, jo, jisr.RecordFilter{Substance: "heroin", Concealment: "body-carry"}); err != nil || n != 1 {
		t.Errorf("Jordan's own: %d %v", n, err)
	}
	if _, _, err := s.Records(ctx, iq, jisr.RecordFilter{Substance: "nonsense"}); jisr.ErrorCode(err) != jisr.EINVALID {
		t.Errorf("a substance off the list: %v", err)
	}
	if _, err := s.Stats(ctx, iq, jisr.RecordFilter{Substance: "heroin"}); jisr.ErrorCode(err) != jisr.EINVALID {
		t.Errorf("statistics by substance: %v", err)
	}
}
