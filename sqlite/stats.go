package sqlite

import (
	"context"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// SeizureGroups implements engine.RecordStore: one query reads the
// caller's seizures once, grouped by country, month, concealment and
// crossing together. The seizure columns are read from their index, never
// from the record rows (a page or more each, with their bodies), also when
// the full-text index drives (recordQuery), so the plan does not depend on
// the caller's tokens.
func (s *Store) SeizureGroups(ctx context.Context, tokens []string, f jisr.RecordFilter) ([]engine.SeizureGroup, error) {
	q, args, err := statsQuery(tokens, f)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []engine.SeizureGroup
	for rows.Next() {
		var g engine.SeizureGroup
		if err := rows.Scan(&g.Country, &g.Month, &g.Concealment, &g.Crossing, &g.Seizures, &g.Pills, &g.Kilograms); err != nil {
			return nil, internal(err)
		}
		out = append(out, g)
	}
	return out, internal(rows.Err())
}

// statsQuery is the query of SeizureGroups: the seizures readable with
// tokens grouped by country, month, concealment and crossing.
func statsQuery(tokens []string, f jisr.RecordFilter) (string, []any, error) {
	f.Kind = jisr.KindSeizure
	q, args, err := recordQuery(tokens, f, "r.country, substr(r.occurred_on, 1, 7), r.concealment, r.crossing, count(*), total(r.pills), total(r.kg)")
	if err != nil {
		return "", nil, err
	}
	q = strings.Replace(q, " records r", " records r INDEXED BY records_kind_stats", 1)
	return q + " GROUP BY 1, 2, 3, 4", args, nil
}
