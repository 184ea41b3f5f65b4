package engine_test

import (
	"context"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/storetest"
)

// The two stores side by side (docs/BENCHMARKS.md, "PostgreSQL beside
// SQLite"): ingest with matching, API-like creates, full-text search,
// filtered lists, counts and person search over the same demo records.
//
//	JISR_BENCH_RECORDS=20000 go test -run '^$' -bench BenchmarkStores -benchtime 2000x ./engine/

// storeEngine is the engine over a new store of kind.
func storeEngine(tb testing.TB, kind string) *engine.Engine {
	if kind == "postgres" {
		e, _ := openPostgres(tb)
		return e
	}
	e, _ := open(tb)
	return e
}

// loadDemo creates the demo agencies and imports n demo records (seed 1)
// in batches of engine.ImportBatch, as `jisr demo` does.
func loadDemo(tb testing.TB, e *engine.Engine, n int) {
	ctx := context.Background()
	for _, a := range demo.Agencies() {
		if err := e.CreateAgency(ctx, storetest.System, a); err != nil {
			tb.Fatal(err)
		}
	}
	g := demo.New(1)
	i := 0
	rep, err := e.ImportRecords(ctx, jisr.Principal{System: true, Username: "bench"}, jisr.RecordItems(func() (*jisr.Record, error) {
		if i == n {
			return nil, io.EOF
		}
		i++
		return g.Next(), nil
	}), jisr.ImportOptions{CommitEvery: engine.ImportBatch})
	if err != nil || rep.Created != n {
		tb.Fatal(rep, err)
	}
}

func BenchmarkStores(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("JISR_BENCH_RECORDS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			// Ingest: b.N demo records into an empty store.
			b.Run("Ingest", func(b *testing.B) {
				e := storeEngine(b, kind)
				b.ResetTimer()
				loadDemo(b, e, b.N)
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
			})
			e := storeEngine(b, kind)
			loadDemo(b, e, n)
			u := &jisr.User{Username: "jo.liaison", Agency: "JO-AND", Role: jisr.RoleLiaison}
			if err := e.CreateUser(ctx, storetest.System, u, storetest.Password); err != nil {
				b.Fatal(err)
			}
			p := storetest.As(b, e, "jo.liaison")
			g := demo.New(2)
			b.Run("Create", func(b *testing.B) {
				for b.Loop() {
					r := g.Next()
					// A record of the caller's agency, not released (no named recipients to pick).
					r.Originator, r.ExternalID, r.Releasability = "", "", jisr.Releasability{}
					if r.TLP == jisr.TLPRed {
						r.TLP = jisr.TLPAmber
					}
					if err := e.CreateRecord(ctx, p, r); err != nil {
						b.Fatal(err)
					}
				}
			})
			for _, q := range []struct {
				name string
				f    jisr.RecordFilter
			}{
				{"Search", jisr.RecordFilter{Text: "captagon"}},
				{"SearchArabic", jisr.RecordFilter{Text: "الرمثا"}},
				{"Filtered", jisr.RecordFilter{Kind: jisr.KindSeizure, Country: "JO", From: "2024-01-01"}},
			} {
				b.Run(q.name, func(b *testing.B) {
					for b.Loop() {
						if _, _, err := e.Records(ctx, p, q.f); err != nil {
							b.Fatal(err)
						}
					}
				})
				b.Run(q.name+"Count", func(b *testing.B) {
					for b.Loop() {
						if _, err := e.CountRecords(ctx, p, q.f); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			b.Run("Persons", func(b *testing.B) {
				for b.Loop() {
					if _, err := e.SearchPersons(ctx, p, "Mohammed al-Zoubi", 20); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
