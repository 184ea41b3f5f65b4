package sqlite

import (
	"context"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// SeizureGroups implements engine.RecordStore: the caller's seizures grouped
// by country, month, concealment and crossing together.
//
// Without text, date, country or crossing, the one-breakdown counts of
// seizure_dims answer (a few thousand rows at 1 M records). Otherwise
// without text the groups are read from seizure_counts, the counts kept per
// audience set by the triggers of migration 0031: the cost is the number of
// groups the caller may read, not the number of seizures, and the same for
// every caller. A date filter that cuts a month reads that month's cut days
// from the records' day index (records_kind_days) and the whole months from
// the counts. With text, the full-text index drives and each match is one
// row of seizure_facts, its audience set checked against the caller's
// sets, read once (visible), summed in SQLite (textGroups).
func (s *Store) SeizureGroups(ctx context.Context, tokens []string, f jisr.RecordFilter) ([]engine.SeizureGroup, error) {
	if f.Text != "" {
		return s.textGroups(ctx, tokens, f)
	}
	if f.From == "" && f.To == "" && f.Country == "" && f.Crossing == "" {
		return s.dims(ctx, tokens, f.Originator)
	}
	whole, cut, ok := splitMonths(f.From, f.To)
	if !ok {
		return s.groups(ctx, tokens, f, "records_kind_days")
	}
	var out []engine.SeizureGroup
	if whole.from != "" || whole.to != "" || (f.From == "" && f.To == "") {
		gs, err := s.counted(ctx, tokens, f, whole)
		if err != nil {
			return nil, err
		}
		out = gs
	}
	for _, c := range cut {
		g := f
		g.From, g.To = c.from, c.to
		gs, err := s.groups(ctx, tokens, g, "records_kind_days")
		if err != nil {
			return nil, err
		}
		out = append(out, gs...)
	}
	return out, nil
}

// span is a range of months (YYYY-MM) or of days (YYYY-MM-DD), inclusive;
// an empty end is open.
type span struct{ from, to string }

// splitMonths splits the day range [from, to] (YYYY-MM-DD, either may be
// empty) into whole months, counted, and the days of the months it cuts,
// read row by row. ok is false for a range within one month, or dates that
// do not parse: then the rows are read.
func splitMonths(from, to string) (whole span, cut []span, ok bool) {
	const day, month = "2006-01-02", "2006-01"
	var f, t time.Time
	var err error
	if from != "" {
		if f, err = time.Parse(day, from); err != nil {
			return span{}, nil, false
		}
	}
	if to != "" {
		if t, err = time.Parse(day, to); err != nil {
			return span{}, nil, false
		}
	}
	if from != "" && to != "" && (t.Before(f) || f.Format(month) == t.Format(month) && (f.Day() != 1 || t.AddDate(0, 0, 1).Day() != 1)) {
		return span{}, nil, false
	}
	if from != "" {
		whole.from = f.Format(month)
		if f.Day() != 1 {
			end := time.Date(f.Year(), f.Month()+1, 0, 0, 0, 0, 0, time.UTC)
			cut = append(cut, span{from, end.Format(day)})
			whole.from = end.AddDate(0, 0, 1).Format(month)
		}
	}
	if to != "" {
		whole.to = t.Format(month)
		if t.AddDate(0, 0, 1).Day() != 1 {
			start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
			cut = append(cut, span{start.Format(day), to})
			whole.to = start.AddDate(0, 0, -1).Format(month)
		}
	}
	if whole.from != "" && whole.to != "" && whole.from > whole.to {
		whole = span{} // no whole month between the cuts
		if len(cut) == 0 {
			return span{}, nil, false
		}
		return whole, cut, true
	}
	return whole, cut, true
}

// dims reads the one-breakdown groups of seizure_dims (migration 0042):
// every seizure the caller may read, or those of one originator.
func (s *Store) dims(ctx context.Context, tokens []string, originator string) ([]engine.SeizureGroup, error) {
	args := make([]any, 0, len(tokens)+1)
	for _, t := range tokens {
		args = append(args, t)
	}
	q := `SELECT dim, key, sum(seizures), sum(pills), sum(kg) FROM seizure_dims WHERE aud IN (SELECT aud FROM audience_set_tokens WHERE token IN (` + placeholders(len(tokens)) + `))`
	if originator != "" {
		q += ` AND originator = ?`
		args = append(args, originator)
	}
	rows, err := s.db.QueryContext(ctx, q+` GROUP BY 1, 2`, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []engine.SeizureGroup
	for rows.Next() {
		var g engine.SeizureGroup
		var key string
		if err := rows.Scan(&g.Only, &key, &g.Seizures, &g.Pills, &g.Kilograms); err != nil {
			return nil, internal(err)
		}
		switch g.Only {
		case "country":
			g.Country = key
		case "month":
			g.Month = key
		case "concealment":
			g.Concealment = key
		case "crossing":
			g.Crossing = key
		}
		out = append(out, g)
	}
	return out, internal(rows.Err())
}

// counted reads the groups of the whole months m from seizure_counts.
func (s *Store) counted(ctx context.Context, tokens []string, f jisr.RecordFilter, m span) ([]engine.SeizureGroup, error) {
	args := make([]any, 0, len(tokens)+5)
	for _, t := range tokens {
		args = append(args, t)
	}
	where := []string{`aud IN (SELECT aud FROM audience_set_tokens WHERE token IN (` + placeholders(len(tokens)) + `))`}
	add := func(c string, v any) { where = append(where, c); args = append(args, v) }
	if f.Originator != "" {
		add("originator = ?", f.Originator)
	}
	if f.Country != "" {
		add("country = ?", f.Country)
	}
	if f.Crossing != "" {
		add("crossing = ?", f.Crossing)
	}
	if m.from != "" {
		add("month >= ?", m.from)
	}
	if m.to != "" {
		add("month <= ?", m.to)
	}
	return s.scanGroups(ctx, `SELECT country, month, concealment, crossing, sum(seizures), sum(pills), sum(kg) FROM seizure_counts WHERE `+
		strings.Join(where, " AND ")+` GROUP BY 1, 2, 3, 4`, args)
}

// groups reads the groups row by row, through the index named.
func (s *Store) groups(ctx context.Context, tokens []string, f jisr.RecordFilter, index string) ([]engine.SeizureGroup, error) {
	q, args, err := statsQuery(tokens, f, index)
	if err != nil {
		return nil, err
	}
	return s.scanGroups(ctx, q, args)
}

func (s *Store) scanGroups(ctx context.Context, q string, args []any) ([]engine.SeizureGroup, error) {
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

// statsQuery is the row-by-row query of SeizureGroups: the seizures
// readable with tokens grouped by country, month, concealment and crossing,
// read from the index named (records_kind_days, for a range of days), or
// as the planner chooses when index is empty (the rows themselves, which
// tests compare the counts with).
func statsQuery(tokens []string, f jisr.RecordFilter, index string) (string, []any, error) {
	f.Kind = jisr.KindSeizure
	q, args, err := recordQuery(tokens, f, "r.country, substr(r.occurred_on, 1, 7), r.concealment, r.crossing, count(*), total(r.pills), total(r.kg)")
	if err != nil {
		return "", nil, err
	}
	if index != "" {
		q = strings.Replace(q, " records r", " records r INDEXED BY "+index, 1)
	}
	return q + " GROUP BY 1, 2, 3, 4", args, nil
}
