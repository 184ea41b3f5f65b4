package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// SeizureGroups implements engine.RecordStore: the caller's seizures read
// once, grouped by country, month, concealment and crossing together.
func (s *Store) SeizureGroups(ctx context.Context, tokens []string, f jisr.RecordFilter) ([]engine.SeizureGroup, error) {
	f.Kind = jisr.KindSeizure
	var a args
	q, err := recordQuery(&a, tokens, f, "r.country, substr(r.occurred_on, 1, 7), r.concealment, r.crossing, count(*), coalesce(sum(r.pills), 0), coalesce(sum(r.kg), 0)")
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, q+" GROUP BY 1, 2, 3, 4", a...)
	return collect(rows, err, func(r pgx.Rows) (engine.SeizureGroup, error) {
		var g engine.SeizureGroup
		err := r.Scan(&g.Country, &g.Month, &g.Concealment, &g.Crossing, &g.Seizures, &g.Pills, &g.Kilograms)
		return g, err
	})
}
