package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Stats implements jisr.RecordService: aggregates of the seizures the
// caller may see, and only those. The store reads the caller's seizures
// once, grouped by country, month, concealment and crossing together
// (SeizureGroups); the four breakdowns and the totals are summed here from
// those groups (SumSeizureGroups).
func (e *Engine) Stats(ctx context.Context, p jisr.Principal, f jisr.RecordFilter) (*jisr.SeizureStats, error) {
	f.Kind = jisr.KindSeizure
	// The seizure counts hold no substance; a statistic never ignores a
	// filter it was asked for.
	if f.Substance != "" {
		return nil, jisr.Because("substance", "stats_list_filter")
	}
	if f.Concealment != "" {
		return nil, jisr.Because("concealment", "stats_concealment")
	}
	st := &jisr.SeizureStats{ByCountry: []jisr.StatBucket{}, ByMonth: []jisr.StatBucket{}, ByConcealment: []jisr.StatBucket{}, ByCrossing: []jisr.StatBucket{}}
	if tokens := policy.Tokens(p); len(tokens) > 0 {
		if err := checkFilter(f); err != nil {
			return nil, err
		}
		groups, err := e.st.SeizureGroups(ctx, tokens, f)
		if err != nil {
			return nil, err
		}
		st = SumSeizureGroups(groups)
	}
	if err := e.auditOnly(ctx, p, jisr.ActStats, "", fmt.Sprintf("seizures=%d", st.Seizures), OutcomeOK); err != nil {
		return nil, err
	}
	return st, nil
}

// SeizureBreakdowns names the breakdowns of SeizureStats, in the order of
// the fields of SeizureGroup.
var SeizureBreakdowns = [4]string{"country", "month", "concealment", "crossing"}

// SumSeizureGroups sums groups into statistics: each cross group counts in
// the totals and in each of its four breakdowns (an empty key in none); a
// one-breakdown group (Only) counts in its breakdown, and the "country"
// ones in the totals. Buckets are sorted by key.
func SumSeizureGroups(groups []SeizureGroup) *jisr.SeizureStats {
	st := &jisr.SeizureStats{ByCountry: []jisr.StatBucket{}, ByMonth: []jisr.StatBucket{}, ByConcealment: []jisr.StatBucket{}, ByCrossing: []jisr.StatBucket{}}
	buckets := [4]map[string]*jisr.StatBucket{{}, {}, {}, {}}
	for _, g := range groups {
		if g.Only == "" || g.Only == "country" {
			st.Seizures += g.Seizures
			st.Pills += g.Pills
			st.Kilograms += g.Kilograms
		}
		for i, k := range [4]string{g.Country, g.Month, g.Concealment, g.Crossing} {
			if k == "" || g.Only != "" && g.Only != SeizureBreakdowns[i] {
				continue
			}
			b := buckets[i][k]
			if b == nil {
				b = &jisr.StatBucket{Key: k}
				buckets[i][k] = b
			}
			b.Seizures += g.Seizures
			b.Pills += g.Pills
			b.Kilograms += g.Kilograms
		}
	}
	for i, out := range []*[]jisr.StatBucket{&st.ByCountry, &st.ByMonth, &st.ByConcealment, &st.ByCrossing} {
		for _, b := range buckets[i] {
			*out = append(*out, *b)
		}
		slices.SortFunc(*out, func(a, b jisr.StatBucket) int { return strings.Compare(a.Key, b.Key) })
	}
	return st
}
