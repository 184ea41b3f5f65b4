package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/engine"
	jhttp "github.com/jisr-cell/jisr/http"
)

func init() {
	register(command{name: "bench", summary: "measure ingest, API writes, search and statistics: ingest | api | search | stats | stores | processes", run: runBench})
}

var benchVerbs = []verb{
	{"ingest", "load demo records through the store and report records/s, memory and size"},
	{"api", "create records over the HTTP API with concurrent clients and report latencies"},
	{"search", "run full-text, filtered and name searches and report latencies"},
	{"stats", "compute seizure statistics as analysts of several agencies and report latencies"},
	{"stores", "SQLite and PostgreSQL side by side in one run: ingest with matching, API creates, filtered and name searches"},
	{"processes", "one jisr serve process, then two, on one PostgreSQL under the mixed read/write API load"},
}

func runBench(ctx context.Context, env *cmdEnv, args []string) error {
	verb, args, err := sub(env, "bench", benchVerbs, args)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "machine: %s/%s, %d CPUs, %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel())
	switch verb {
	case "ingest":
		return benchIngest(ctx, env, args)
	case "api":
		return benchAPI(ctx, env, args)
	case "search":
		return benchSearch(ctx, env, args)
	case "stats":
		return benchStats(ctx, env, args)
	case "stores":
		return benchStores(ctx, env, args)
	case "processes":
		return benchProcesses(ctx, env, args)
	}
	return fmt.Errorf("%w: unknown benchmark %q: ingest, api, search, stats, stores or processes", errUsage, verb)
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// peakRSS is the process's peak resident memory, from /proc.
func peakRSS() string {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// benchIngest bulk-imports N demo records into a fresh store and reports
// the rate, the index size and memory.
func benchIngest(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "bench ingest", "bench ingest [--records N] [--data DIR] [--db postgres://…] [--no-matching] [--seed N]")
	records := fs.Int("records", 100_000, "records to import")
	data := fs.String("data", "", "data folder to fill (default: a temporary folder, removed afterwards); with --db, the node's keys")
	db := dbFlag(fs)
	noMatch := fs.Bool("no-matching", false, "turn off selector indexing and hits, to measure what matching costs")
	seed := fs.Int64("seed", 1, "scenario seed")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	stop, err := startProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	dir := *data
	if dir == "" {
		tmp, err := os.MkdirTemp("", "jisr-bench-")
		if err != nil {
			return err
		}
		defer removeBenchDir(tmp)
		dir = tmp
	}
	s, err := openDB(ctx, *db, dir, nil, true, nil, storeOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	var opts []engine.Option
	if *noMatch {
		opts = append(opts, engine.WithoutMatching())
	}
	e, err := newEngine(s, opts...)
	if err != nil {
		return err
	}
	defer e.Close()
	for _, a := range demo.Agencies() {
		if _, err := s.Agency(ctx, a.Code); err != nil {
			if err := e.CreateAgency(ctx, cli, a); err != nil {
				return err
			}
		}
	}
	// The generator's own cost, measured apart.
	g := demo.New(*seed + 1000)
	genN := min(*records, 20_000)
	t0 := time.Now()
	for i := 0; i < genN; i++ {
		g.Next()
	}
	genPer := time.Since(t0) / time.Duration(max(genN, 1))

	g = demo.New(*seed)
	i := 0
	next := func() (*jisr.Record, error) {
		if i == *records {
			return nil, io.EOF
		}
		i++
		return g.Next(), nil
	}
	show, done := progress(env.stderr, *records, "importing")
	start := time.Now()
	rep, err := e.ImportRecords(ctx, jisr.Principal{System: true, Username: "bench"}, jisr.RecordItems(next),
		jisr.ImportOptions{CommitEvery: engine.ImportBatch, Progress: show})
	done()
	if err != nil {
		return err
	}
	n := rep.Created
	el := time.Since(start)
	fmt.Fprintf(env.stdout, "ingest: %d records in %s: %.0f records/s (matching %v; generator %s a record, included)\n",
		n, el.Round(time.Millisecond), float64(n)/el.Seconds(), !*noMatch, genPer)
	st, err := e.IndexStats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "index: %d selector postings over %d distinct values (%.1f a record), %d hits; selector tables %d bytes on disk = %.0f bytes a posting\n",
		st.Postings, st.Keys, float64(st.Postings)/float64(max(n, 1)), st.Hits, st.SelectorBytes, float64(st.SelectorBytes)/float64(max(st.Postings, 1)))
	if size := dbSize(ctx, s); size > 0 {
		fmt.Fprintf(env.stdout, "database: %d MiB (%.0f bytes a record)\n", size>>20, float64(size)/float64(max(n, 1)))
	}
	fmt.Fprintf(env.stdout, "memory: peak RSS %s\n", peakRSS())
	return nil
}

type latencies []time.Duration

func (l latencies) pct(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	return l[min(len(l)-1, int(float64(len(l))*p))]
}

func (l latencies) String() string {
	return fmt.Sprintf("p50 %s, p99 %s, max %s", l.pct(.50).Round(10*time.Microsecond), l.pct(.99).Round(10*time.Microsecond), l.pct(1).Round(10*time.Microsecond))
}

// benchServer starts the node's HTTP server on a loopback port and logs in
// as a demo user (whose password it resets; audited).
func benchServer(ctx context.Context, s nodeStore, user string) (base, token string, err error) {
	srv, stop, err := newServer(s, nil, false, "")
	if err != nil {
		return "", "", err
	}
	context.AfterFunc(ctx, func() { stop() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", err
	}
	go srv.Serve(ctx, ln, nil)
	base = "http://" + ln.Addr().String()
	pw := newPassword()
	e, err := newEngine(s)
	if err != nil {
		return "", "", err
	}
	defer e.Close()
	if err := e.ResetPassword(ctx, cli, user, pw); err != nil {
		return "", "", fmt.Errorf("bench needs the demo users (jisr demo --load-only first): %w", err)
	}
	body, _ := json.Marshal(jhttp.LoginRequest{Username: user, Password: pw})
	resp, err := http.Post(base+"/api/v1/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	var lr jhttp.LoginResponse
	if err := json.NewDecoder(resp.Body).Decode(&lr); err != nil || lr.Token == "" {
		return "", "", fmt.Errorf("login as %s failed (%d)", user, resp.StatusCode)
	}
	return base, lr.Token, nil
}

// benchAPI creates records through the HTTP API with concurrent clients.
func benchAPI(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "bench api", "bench api --data DIR [--db postgres://…] [--requests N] [--concurrency C]")
	data := dataFlag(fs, "demo-data")
	db := dbFlag(fs)
	requests := fs.Int("requests", 5000, "records to create")
	conc := fs.Int("concurrency", 16, "concurrent clients")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	stop, err := startProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	s, err := openDB(ctx, *db, *data, nil, false, nil, storeOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	base, token, err := benchServer(ctx, s, "jo.officer")
	if err != nil {
		return err
	}
	res := apiCreates(base, token, createBodies(*requests, time.Now().UnixNano()), *conc)
	total, _ := s.TotalRecords(ctx)
	fmt.Fprintf(env.stdout, "api: %d records created through POST /api/v1/records by %d clients in %s (store holds %d): %.0f records/s, %d failed\n",
		len(res.lat), *conc, res.el.Round(time.Millisecond), total, res.rate(), res.failed)
	fmt.Fprintf(env.stdout, "create latency: %s\n", res.lat)
	fmt.Fprintf(env.stdout, "create, then its hits read back: %s\n", res.hitLat)
	fmt.Fprintf(env.stdout, "memory: peak RSS %s\n", peakRSS())
	return nil
}

// benchSearch runs policy-filtered full-text searches as users of several
// agencies.
func benchSearch(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "bench search", "bench search --data DIR [--db postgres://…] [--queries N] [--concurrency C]")
	data := dataFlag(fs, "demo-data")
	db := dbFlag(fs)
	queries := fs.Int("queries", 2000, "searches to run")
	conc := fs.Int("concurrency", 2, "concurrent searchers")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s, err := openDB(ctx, *db, *data, nil, false, nil, storeOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	e := engine.New(s)
	defer e.Close()
	var users []jisr.Principal
	for _, u := range []string{"jo.analyst", "iq.analyst", "lb.analyst", "sa.analyst", "sy.analyst", "iq.liaison"} {
		if p, err := s.PrincipalFor(ctx, u); err == nil {
			users = append(users, p)
		}
	}
	if len(users) == 0 {
		return fmt.Errorf("no demo users in %s: run jisr demo --load-only first", *data)
	}
	terms := []string{"كبتاغون", "جابر", "شاحنة", "حبوب", "الرمان", "captagon", "truck", "pomegranates", "طريبيل",
		"مرفأ بيروت", "Jaber crossing", "الحدود", "تبريد", "القائم", "pills", "container", "البقاع", "مصنع", "Yammouneh", "date paste"}
	var next atomic.Int64
	var mu sync.Mutex
	var lat latencies
	var found atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < *conc; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= *queries {
					return
				}
				p := users[i%len(users)]
				f := jisr.RecordFilter{Text: terms[i%len(terms)], Page: jisr.Page{Limit: 50}}
				if i%3 == 1 {
					f.Kind = jisr.KindSeizure
				}
				if i%5 == 2 {
					f.From = "2025-01-01"
				}
				t0 := time.Now()
				rs, _, err := e.Records(ctx, p, f)
				d := time.Since(t0)
				if err != nil {
					fmt.Fprintln(env.stderr, "search:", err)
					continue
				}
				found.Add(int64(len(rs)))
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	total, _ := s.TotalRecords(ctx)
	fmt.Fprintf(env.stdout, "search: %d policy-filtered full-text searches (first page of 50, newest first; some with kind and date filters) over %d records by %d searchers in %s: %.0f/s, %.1f results a search\n",
		len(lat), total, *conc, el.Round(time.Millisecond), float64(len(lat))/el.Seconds(), float64(found.Load())/float64(max(len(lat), 1)))
	fmt.Fprintf(env.stdout, "latency (search + its audit entry): %s\n", lat)
	return nil
}

// benchStats computes the statistics of GET /api/v1/stats (Stats, with its
// audit entry) as an analyst of each demo agency in turn, cycling through
// no filter, date filters (whole months and cut months), an originator and
// full-text terms, and reports latencies by kind of query.
func benchStats(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "bench stats", "bench stats --data DIR [--db postgres://…] [--queries N]")
	data := dataFlag(fs, "demo-data")
	db := dbFlag(fs)
	queries := fs.Int("queries", 700, "statistics to compute")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s, err := openDB(ctx, *db, *data, nil, false, nil, storeOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	e := engine.New(s, engine.WithoutMatching())
	defer e.Close()
	var users []jisr.Principal
	for _, a := range demo.Agencies() {
		users = append(users, jisr.Principal{Username: "bench." + strings.ToLower(a.Code), Agency: a.Code, Country: a.Country, Role: jisr.RoleAnalyst, Groups: a.Groups})
	}
	type query struct {
		kind string
		f    jisr.RecordFilter
	}
	qs := []query{
		{"no filter", jisr.RecordFilter{}},
		{"whole months", jisr.RecordFilter{From: "2025-01-01", To: "2025-06-30"}},
		{"cut months", jisr.RecordFilter{From: "2025-02-10", To: "2025-05-20"}},
		{"originator", jisr.RecordFilter{Originator: "JO-AND"}},
		{"text", jisr.RecordFilter{Text: "captagon"}},
		{"text", jisr.RecordFilter{Text: "كبتاغون"}},
		{"text", jisr.RecordFilter{Text: "شاحنة"}},
		{"text", jisr.RecordFilter{Text: "جابر"}},
		{"text", jisr.RecordFilter{Text: "pomegranates"}},
		{"text", jisr.RecordFilter{Text: "truck"}},
	}
	lat := map[string]latencies{}
	counted := map[string]int{}
	var all latencies
	start := time.Now()
	for i := 0; i < *queries; i++ {
		p, q := users[i%len(users)], qs[(i/len(users))%len(qs)]
		t0 := time.Now()
		st, err := e.Stats(ctx, p, q.f)
		d := time.Since(t0)
		if err != nil {
			return err
		}
		lat[q.kind] = append(lat[q.kind], d)
		all = append(all, d)
		counted[q.kind] += st.Seizures
	}
	total, _ := s.TotalRecords(ctx)
	fmt.Fprintf(env.stdout, "stats: %d statistics over %d records as analysts of %d agencies in %s\n", len(all), total, len(users), time.Since(start).Round(time.Millisecond))
	for _, q := range qs {
		if l, ok := lat[q.kind]; ok {
			fmt.Fprintf(env.stdout, "  %-12s %4d calls, %9.0f seizures counted a call: %s\n", q.kind, len(l), float64(counted[q.kind])/float64(len(l)), l)
			delete(lat, q.kind)
		}
	}
	fmt.Fprintf(env.stdout, "all: %s (each with its audit entry)\n", all)
	return nil
}

// startProfile writes a CPU profile to path (if not empty) until stop.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
