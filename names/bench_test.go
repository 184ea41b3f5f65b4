package names

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jisr-cell/jisr/names/namegen"
)

// benchSize is the corpus size of the benchmarks: 100,000 names, or
// 1,000,000 with JISR_BENCH_1M=1.
func benchSize() int {
	if os.Getenv("JISR_BENCH_1M") != "" {
		return 1_000_000
	}
	return 100_000
}

type corpus struct {
	persons []namegen.Person
	queries []string // one variant spelling per query, of persons[i]
	index   *Index
}

var (
	corpusOnce sync.Map // size → *corpus
)

func genCorpus(n int) ([]namegen.Person, []string) {
	g := namegen.New(1)
	ps := make([]namegen.Person, n)
	for i := range ps {
		ps[i] = g.Person()
	}
	q := namegen.New(99)
	queries := make([]string, 2000)
	for i := range queries {
		queries[i] = q.Variant(ps[i*(n/len(queries))])
	}
	return ps, queries
}

func buildIndex(ps []namegen.Person) *Index {
	ids := make([]string, len(ps))
	names := make([]string, len(ps))
	for i := range ps {
		ids[i] = "p" + strconv.Itoa(i)
		names[i] = ps[i].Arabic
	}
	x := NewIndex()
	x.AddBatch(ids, names)
	return x
}

func getCorpus(n int) *corpus {
	if c, ok := corpusOnce.Load(n); ok {
		return c.(*corpus)
	}
	ps, qs := genCorpus(n)
	c := &corpus{persons: ps, queries: qs, index: buildIndex(ps)}
	corpusOnce.Store(n, c)
	return c
}

// BenchmarkIndexBuild indexes benchSize() generated Arabic-script names.
func BenchmarkIndexBuild(b *testing.B) {
	n := benchSize()
	ps, _ := genCorpus(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buildIndex(ps)
	}
	b.ReportMetric(float64(n), "names")
}

// BenchmarkSearch runs Latin-spelling queries against the Arabic-script
// corpus, in parallel (use -cpu 2 for two cores). cpu-ns/op is the CPU
// time of the process per query (what the load of others does not change).
func BenchmarkSearch(b *testing.B) {
	c := getCorpus(benchSize())
	var next atomic.Int64
	b.ResetTimer()
	cpu := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			c.index.Search(c.queries[int(i)%len(c.queries)], 10)
		}
	})
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// TestScale measures the index at scale: build time, memory, latency
// percentiles, throughput on two goroutines and recall@10 of variant
// spellings. It runs with JISR_BENCH_1M=1 (1,000,000 names) or
// JISR_BENCH_N=<n>, and asserts the targets.
func TestScale(t *testing.T) {
	n := 0
	if os.Getenv("JISR_BENCH_1M") != "" {
		n = 1_000_000
	}
	if v := os.Getenv("JISR_BENCH_N"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	if n == 0 {
		t.Skip("set JISR_BENCH_1M=1 or JISR_BENCH_N=<names> to run")
	}
	// Generate the names as strings only (the test data should not
	// weigh on the memory figure), then index them with AddBatch.
	g := namegen.New(1)
	qg := namegen.New(99)
	ids := make([]string, n)
	names := make([]string, n)
	const nq = 2000
	var queries, answers []string
	for i := 0; i < n; i++ {
		p := g.Person()
		ids[i] = "p" + strconv.Itoa(i)
		names[i] = p.Arabic
		if i%(n/nq) == 0 && len(queries) < nq {
			queries = append(queries, qg.Variant(p))
			answers = append(answers, p.Arabic)
		}
	}
	runtime.GC()
	start, cpuStart := time.Now(), cpuTime()
	x := NewIndex()
	x.AddBatch(ids, names)
	build, buildCPU := time.Since(start), cpuTime()-cpuStart
	ids, names = nil, nil
	runtime.GC()
	debug.FreeOSMemory()
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	heap := float64(m1.HeapAlloc) / (1 << 20)
	sys := float64(m1.Sys) / (1 << 20)
	t.Logf("%d names: build %v wall, %v CPU, heap after build %.0f MiB, runtime Sys %.0f MiB, %d distinct parts, %d keys, %d fuzzy keys",
		n, build.Round(time.Millisecond), buildCPU.Round(time.Millisecond), heap, sys, len(x.parts), len(x.postings), len(x.fuzzyPostings))

	// Latency, one query at a time: wall clock, and CPU time of the thread
	// (which other processes on a shared machine do not inflate).
	lat := make([]time.Duration, len(queries))
	cpuLat := make([]time.Duration, len(queries))
	hits := 0
	runtime.LockOSThread()
	for i, q := range queries {
		t0, c0 := time.Now(), threadCPU()
		rs := x.Search(q, 10)
		lat[i], cpuLat[i] = time.Since(t0), threadCPU()-c0
		want := NormalizeArabic(answers[i])
		for _, r := range rs {
			if NormalizeArabic(x.Name(r.ID)) == want {
				hits++
				break
			}
		}
	}
	runtime.UnlockOSThread()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	sort.Slice(cpuLat, func(i, j int) bool { return cpuLat[i] < cpuLat[j] })
	p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
	cpu50, cpu99 := cpuLat[len(lat)/2], cpuLat[len(lat)*99/100]
	recall := float64(hits) / float64(len(queries))
	// Throughput on two goroutines, and the CPU time it took (the machine
	// may be shared: CPU time per query does not depend on other load).
	var done atomic.Int64
	cpu0 := cpuTime()
	t0 := time.Now()
	var wg sync.WaitGroup
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; i < 2*len(queries); i += 2 {
				x.Search(queries[i%len(queries)], 10)
				done.Add(1)
			}
		}(g)
	}
	wg.Wait()
	qps := float64(done.Load()) / time.Since(t0).Seconds()
	cpuPerQuery := (cpuTime() - cpu0) / time.Duration(done.Load())
	t.Logf("query CPU time: p50 %v, p99 %v", cpu50.Round(time.Microsecond), cpu99.Round(time.Microsecond))
	t.Logf("queries: p50 %v, p99 %v, %.0f queries/s on 2 goroutines (GOMAXPROCS %d), %v CPU per query (→ %.0f queries/s per 2 idle cores), recall@10 %.4f",
		p50.Round(time.Microsecond), p99.Round(time.Microsecond), qps, runtime.GOMAXPROCS(0), cpuPerQuery.Round(time.Microsecond), 2/cpuPerQuery.Seconds(), recall)
	fmt.Fprintf(os.Stderr, "SCALE n=%d load=%s build=%v buildCPU=%v heapMiB=%.0f sysMiB=%.0f p50=%v p99=%v cpuP50=%v cpuP99=%v qps=%.0f cpuPerQuery=%v recall10=%.4f\n",
		n, loadavg(), build.Round(time.Millisecond), buildCPU.Round(time.Millisecond), heap, sys, p50, p99, cpu50, cpu99, qps, cpuPerQuery, recall)
	// The targets hold for 2 cores of our own. On a shared machine the wall
	// clock measures the other processes too, so by default the CPU-time
	// figures are asserted; JISR_BENCH_WALL=1 asserts the wall clock.
	if n >= 1_000_000 {
		b, p, q := buildCPU, cpu99, 2/cpuPerQuery.Seconds()
		if os.Getenv("JISR_BENCH_WALL") != "" {
			b, p, q = build, p99, qps
		}
		if b > 60*time.Second {
			t.Errorf("build %v > 60s", b)
		}
		if p > 20*time.Millisecond {
			t.Errorf("p99 %v > 20ms", p)
		}
		if q < 1000 {
			t.Errorf("%.0f queries/s < 1000", q)
		}
		if heap > 1024 {
			t.Errorf("live heap %.0f MiB > 1 GiB", heap)
		}
	}
	if recall < 0.95 {
		t.Errorf("recall@10 %.4f < 0.95", recall)
	}
	runtime.KeepAlive(x)
}

// loadavg is the machine's load average, to judge wall-clock figures.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], "/")
}

// BenchmarkSearchArabic runs Arabic-script queries, each with one typo of
// TestGoldFaults in its longest part, against the first Latin spelling of
// the same benchSize() generated persons (the other direction of
// BenchmarkSearch; the typos make it read repaired compounds), with the
// CPU time per query as cpu-ns/op.
func BenchmarkSearchArabic(b *testing.B) {
	ps, _ := genCorpus(benchSize())
	ids := make([]string, len(ps))
	lat := make([]string, len(ps))
	for i := range ps {
		ids[i], lat[i] = "p"+strconv.Itoa(i), ps[i].Latin[0]
	}
	x := NewIndex()
	x.AddBatch(ids, lat)
	queries := make([]string, 2000)
	for i := range queries {
		parts := texts(ParseName(ps[i*(len(ps)/len(queries))].Arabic).Parts)
		k := 0
		for j, p := range parts {
			if len(p) > len(parts[k]) {
				k = j
			}
		}
		parts[k] = typo(parts[k], i)
		queries[i] = strings.Join(parts, " ")
	}
	var next atomic.Int64
	b.ResetTimer()
	cpu := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			x.Search(queries[int(i)%len(queries)], 10)
		}
	})
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}
