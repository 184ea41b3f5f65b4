package sqlite_test

import (
	"context"
	"io"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
)

func seedDemo(tb testing.TB, s jisr.AgencyService) {
	tb.Helper()
	ctx := context.Background()
	for _, a := range demo.Agencies() {
		if err := s.CreateAgency(ctx, storetest.System, a); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkImport measures bulk import of demo records (b.N records), in
// batches of engine.ImportBatch, with validation, audience, full-text
// index, the engine's indexing (selector postings, hits, names) and audit.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	e := svc(s)
	defer e.Close()
	seedDemo(b, e)
	g := demo.New(1)
	recs := make([]*jisr.Record, b.N)
	for i := range recs {
		recs[i] = g.Next()
	}
	i := 0
	b.ResetTimer()
	cpu0 := processCPU()
	rep, err := e.ImportRecords(ctx, jisr.Principal{System: true, Username: "bench"}, jisr.RecordItems(func() (*jisr.Record, error) {
		if i == len(recs) {
			return nil, io.EOF
		}
		i++
		return recs[i-1], nil
	}), jisr.ImportOptions{CommitEvery: engine.ImportBatch})
	if err != nil || rep.Created != b.N {
		b.Fatal(rep, err)
	}
	cpu := processCPU() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
