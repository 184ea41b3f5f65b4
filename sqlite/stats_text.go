package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"strings"

	"modernc.org/sqlite"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// seizureSumsFunc is the SQL aggregate that sums the seizures of a
// full-text match per breakdown in one pass: the rows never leave SQLite
// and are never sorted, where GROUP BY over the four columns sorted every
// match (most of the cost of a frequent term).
const seizureSumsFunc = "jisr_seizure_sums"

func init() {
	if err := sqlite.RegisterFunction(seizureSumsFunc, &sqlite.FunctionImpl{
		NArgs:        6,
		VolatileArgs: true, // keys are cloned before they are kept (Step)
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) {
			return &seizureSums{By: [4]map[string]*[3]float64{{}, {}, {}, {}}}, nil
		},
	}); err != nil {
		panic(err)
	}
}

// seizureSums is one evaluation of jisr_seizure_sums(country, day,
// concealment, crossing, pills, kg): per breakdown (engine.
// SeizureBreakdowns), per key, the seizures, pills and kilograms; the
// month is the day's first seven characters.
type seizureSums struct {
	By [4]map[string]*[3]float64
}

func (a *seizureSums) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	pills, _ := args[4].(float64)
	kg, _ := args[5].(float64)
	for i := range 4 {
		k, _ := args[i].(string)
		if i == 1 && len(k) > 7 {
			k = k[:7]
		}
		v := a.By[i][k]
		if v == nil {
			v = new([3]float64)
			a.By[i][strings.Clone(k)] = v
		}
		v[0]++
		v[1] += pills
		v[2] += kg
	}
	return nil
}

func (a *seizureSums) WindowInverse(*sqlite.FunctionContext, []driver.Value) error {
	return jisr.Internal(errNotWindow)
}

func (a *seizureSums) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	b, err := json.Marshal(a)
	return string(b), err
}

func (a *seizureSums) Final(*sqlite.FunctionContext) {}

type notWindow struct{}

func (notWindow) Error() string { return seizureSumsFunc + " is not a window function" }

var errNotWindow = notWindow{}

// textGroups reads the one-breakdown groups of the seizures readable with
// tokens that match f, f.Text included: the full-text index drives, each
// match is one rowid seek into seizure_facts (migration 0043), and
// jisr_seizure_sums sums them.
func (s *Store) textGroups(ctx context.Context, tokens []string, f jisr.RecordFilter) ([]engine.SeizureGroup, error) {
	q, args, err := textStatsQuery(tokens, f)
	if err != nil {
		return nil, err
	}
	var out sql.NullString // NULL if SQLite never made the aggregate (no match)
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&out); err != nil {
		return nil, internal(err)
	}
	var sums seizureSums
	if out.Valid {
		if err := json.Unmarshal([]byte(out.String), &sums); err != nil {
			return nil, jisr.Internal(err)
		}
	}
	var gs []engine.SeizureGroup
	for i, by := range sums.By {
		for k, v := range by {
			g := engine.SeizureGroup{Only: engine.SeizureBreakdowns[i], Seizures: int(v[0]), Pills: v[1], Kilograms: v[2]}
			*[4]*string{&g.Country, &g.Month, &g.Concealment, &g.Crossing}[i] = k
			gs = append(gs, g)
		}
	}
	return gs, nil
}

// textStatsQuery is the query of textGroups.
func textStatsQuery(tokens []string, f jisr.RecordFilter) (string, []any, error) {
	q := ftsQuery(f.Text)
	if q == "" {
		return "", nil, jisr.Because("q", "no_words")
	}
	cond, args := visible(tokens)
	where := []string{"record_fts MATCH ?", cond}
	args = append([]any{q}, args...)
	add := func(c string, v any) { where = append(where, c); args = append(args, v) }
	if f.Originator != "" {
		add("r.originator = ?", f.Originator)
	}
	if f.Country != "" {
		add("r.country = ?", f.Country)
	}
	if f.From != "" {
		add("r.day >= ?", f.From)
	}
	if f.To != "" {
		add("r.day <= ?", f.To)
	}
	if f.Crossing != "" {
		add("r.crossing = ?", f.Crossing)
	}
	// CROSS JOIN keeps the full-text index as the outer loop (recordQuery).
	return `SELECT ` + seizureSumsFunc + `(r.country, r.day, r.concealment, r.crossing, r.pills, r.kg)
		FROM record_fts f CROSS JOIN seizure_facts r ON r.seq = f.rowid WHERE ` + strings.Join(where, " AND "), args, nil
}
