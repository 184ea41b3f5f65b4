package sqlite_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/sqlite"
)

// statsNode builds a node of n demo records (JISR_BENCH_STATS_RECORDS,
// default 50,000) through the import path, without selector matching
// (statistics do not read it).
func statsNode(b *testing.B) node {
	b.Helper()
	n := 50000
	if v, err := strconv.Atoi(os.Getenv("JISR_BENCH_STATS_RECORDS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	s := node{engine.New(st, engine.WithoutMatching()), st}
	b.Cleanup(func() { s.Close() })
	seedDemo(b, s)
	g := demo.New(1)
	i := 0
	t0 := time.Now()
	rep, err := s.ImportRecords(ctx, jisr.Principal{System: true, Username: "bench"}, jisr.RecordItems(func() (*jisr.Record, error) {
		if i == n {
			return nil, io.EOF
		}
		i++
		return g.Next(), nil
	}), jisr.ImportOptions{CommitEvery: engine.ImportBatch})
	if err != nil || rep.Created != n {
		b.Fatal(rep, err)
	}
	b.Logf("built a node of %d records in %s", n, time.Since(t0).Round(time.Millisecond))
	return s
}

// statsCallers are two analysts of agencies with different token sets:
// Jordan (two sharing groups, a quarter of the records) and Saudi Arabia
// (one group, fewer records shared with it).
var statsCallers = []jisr.Principal{
	{UserID: 1, Username: "jo.analyst", Agency: "JO-AND", Country: "JO", Role: jisr.RoleAnalyst, Groups: []string{demo.GroupLevantCell, demo.GroupGulf}},
	{UserID: 2, Username: "sa.analyst", Agency: "SA-GDNC", Country: "SA", Role: jisr.RoleAnalyst, Groups: []string{demo.GroupGulf}},
}

var statsQueries = []string{"", "captagon", "كبتاغون", "شاحنة", "جابر", "pomegranates", "truck"}

// BenchmarkStats measures GET /stats (Stats, with its audit entry) for two
// callers over the demo node, cycling through statsQueries; it reports the
// median and the 99th percentile of single calls, in wall time (with the
// audit entry's fsync) and in CPU time of the calling thread (the query
// and the sums; a fair figure on a shared machine).
func BenchmarkStats(b *testing.B) {
	s := statsNode(b)
	ctx := context.Background()
	for _, p := range statsCallers {
		b.Run(p.Agency, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var wall, cpu []time.Duration
			seizures := 0
			for i := 0; b.Loop(); i++ {
				f := jisr.RecordFilter{Text: statsQueries[i%len(statsQueries)]}
				t0, c0 := time.Now(), threadCPU()
				st, err := s.Stats(ctx, p, f)
				if err != nil {
					b.Fatal(err)
				}
				cpu = append(cpu, threadCPU()-c0)
				wall = append(wall, time.Since(t0))
				seizures += st.Seizures
			}
			ms := func(ds []time.Duration, q int) float64 {
				sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
				return float64(ds[min(len(ds)*q/100, len(ds)-1)].Microseconds()) / 1000
			}
			b.ReportMetric(ms(wall, 50), "p50-ms")
			b.ReportMetric(ms(wall, 99), "p99-ms")
			b.ReportMetric(ms(cpu, 50), "cpu-p50-ms")
			b.ReportMetric(ms(cpu, 99), "cpu-p99-ms")
			b.ReportMetric(float64(seizures)/float64(len(wall)), "seizures/op")
		})
	}
}
