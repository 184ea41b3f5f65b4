package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/jisr-cell/jisr"
)

// testStatsBuckets: the breakdowns of the statistics count and sum the
// caller's seizures only, with and without a text query.
func testStatsBuckets(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, iq := As(t, s, "jo.analyst"), As(t, s, "iq.analyst")
	seizure := func(p jisr.Principal, marker, country, date, crossing, hiding, pills string) {
		r := Seizure(marker, jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		r.Place.Country, r.OccurredOn = country, date
		r.Seizure.Crossing, r.Seizure.HidingPlace = crossing, hiding
		r.Entities[0].Props["amount"] = []string{pills}
		mustCreate(t, s, p, r)
	}
	seizure(jo, "qxstata", "JO", "2026-09-03", "JO-JABER", "fruit-apples", "1000")
	seizure(jo, "qxstatb", "JO", "2026-10-01", "JO-JABER", "date-paste", "2000")
	seizure(jo, "qxstatb", "SA", "2026-10-02", "SA-HADITHA", "date-paste", "4000")
	seizure(iq, "qxstatb", "IQ", "2026-10-02", "IQ-QAIM", "date-paste", "8000") // not Jordan's to see
	report := Seizure("qxstatb", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	report.Kind, report.Seizure = jisr.KindReport, nil
	mustCreate(t, s, jo, report)
	str := func(bs []jisr.StatBucket) string {
		out := ""
		for _, b := range bs {
			out += fmt.Sprintf("%s:%d/%.0f ", b.Key, b.Seizures, b.Pills)
		}
		return out
	}
	for _, c := range []struct {
		q                                     string
		n                                     int
		pills                                 float64
		country, month, concealment, crossing string
	}{
		{"", 3, 7000, "JO:2/3000 SA:1/4000 ", "2026-09:1/1000 2026-10:2/6000 ", "date-paste:2/6000 fruit-apples:1/1000 ", "JO-JABER:2/3000 SA-HADITHA:1/4000 "},
		{"qxstatb", 2, 6000, "JO:1/2000 SA:1/4000 ", "2026-10:2/6000 ", "date-paste:2/6000 ", "JO-JABER:1/2000 SA-HADITHA:1/4000 "},
	} {
		st, err := s.Stats(ctx, jo, jisr.RecordFilter{Text: c.q})
		if err != nil {
			t.Fatal(err)
		}
		if st.Seizures != c.n || st.Pills != c.pills || str(st.ByCountry) != c.country || str(st.ByMonth) != c.month ||
			str(st.ByConcealment) != c.concealment || str(st.ByCrossing) != c.crossing {
			t.Errorf("q=%q: %d seizures %.0f pills\n country %s\n month %s\n concealment %s\n crossing %s", c.q, st.Seizures, st.Pills,
				str(st.ByCountry), str(st.ByMonth), str(st.ByConcealment), str(st.ByCrossing))
		}
	}
}
