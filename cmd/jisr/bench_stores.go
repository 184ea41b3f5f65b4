package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/checkpoint"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/postgres/pgtest"
)

// dbSize is the size of the store's database: the SQLite file, or the
// PostgreSQL database; 0 when unknown.
func dbSize(ctx context.Context, s nodeStore) int64 {
	if p, ok := s.(interface{ Pool() *pgxpool.Pool }); ok {
		var n int64
		if err := p.Pool().QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n); err != nil {
			return 0
		}
		return n
	}
	var n int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(s.Dir() + "/jisr.db" + suffix); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// removeBenchDir removes a benchmark's temporary node folder and the
// checkpoint file the store wrote beside it.
func removeBenchDir(dir string) {
	os.RemoveAll(dir)
	os.Remove(checkpoint.Path(dir))
}

// loadAverage is the first figure of /proc/loadavg (the last minute).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// createBodies are n demo records as an officer posts them (the node sets
// the originator).
func createBodies(n int, seed int64) [][]byte {
	g := demo.New(seed)
	bodies := make([][]byte, n)
	for i := range bodies {
		r := g.Next()
		// A record of the officer's agency, not released (an officer
		// neither releases nor names recipients).
		r.Originator, r.CreatedBy, r.ExternalID, r.Releasability = "", "", "", jisr.Releasability{}
		if r.TLP != jisr.TLPAmberStrict {
			r.TLP = jisr.TLPAmber
		}
		bodies[i], _ = json.Marshal(r)
	}
	return bodies
}

type apiResult struct {
	lat, hitLat latencies
	failed      int64
	firstFail   string
	el          time.Duration
}

func (r apiResult) rate() float64 { return float64(len(r.lat)) / r.el.Seconds() }

// apiCreates posts bodies to base with conc clients, each create followed
// by a read of its hits.
func apiCreates(base, token string, bodies [][]byte, conc int) apiResult {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}}
	var next atomic.Int64
	var mu sync.Mutex
	var res apiResult
	var failed atomic.Int64
	var firstFail atomic.Value
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < conc; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(bodies) {
					return
				}
				t0 := time.Now()
				req, _ := http.NewRequest("POST", base+"/api/v1/records", bytes.NewReader(bodies[i]))
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var rec jisr.Record
				json.Unmarshal(b, &rec)
				d := time.Since(t0)
				if resp.StatusCode != 201 {
					if failed.Add(1) == 1 {
						firstFail.Store(fmt.Sprintf("%d %.300s", resp.StatusCode, b))
					}
					continue
				}
				// The hits are recorded in the same transaction: read them back.
				req, _ = http.NewRequest("GET", base+"/api/v1/records/"+rec.ID+"/hits", nil)
				req.Header.Set("Authorization", "Bearer "+token)
				if resp, err := client.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				mu.Lock()
				res.lat = append(res.lat, d)
				res.hitLat = append(res.hitLat, time.Since(t0))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.el, res.failed = time.Since(start), failed.Load()
	if f, ok := firstFail.Load().(string); ok {
		res.firstFail = f
	}
	return res
}

// benchTerms are the full-text terms of the searches (Arabic and Latin).
var benchTerms = []string{"كبتاغون", "جابر", "شاحنة", "حبوب", "الرمان", "captagon", "truck", "pomegranates", "طريبيل",
	"مرفأ بيروت", "Jaber crossing", "الحدود", "تبريد", "القائم", "pills", "container", "البقاع", "مصنع", "Yammouneh", "date paste"}

// benchNames are the person searches (cross-script name index).
var benchNames = []string{"Mohammed al-Zoubi", "محمد الزعبي", "Ahmad Khalil", "أحمد خليل الحسن", "Hassan Jaber", "Omar Haddad",
	"علي حسين", "Khaled Nasser", "Yousef Saleh", "عبد الله الأسعد"}

// searchFilter is the i-th filtered search: a term, one in three of kind
// seizure, one in five from 2025.
func searchFilter(i int) jisr.RecordFilter {
	f := jisr.RecordFilter{Text: benchTerms[i%len(benchTerms)], Page: jisr.Page{Limit: 50}}
	if i%3 == 1 {
		f.Kind = jisr.KindSeizure
	}
	if i%5 == 2 {
		f.From = "2025-01-01"
	}
	return f
}

// runConcurrently calls f(i) for i < n from conc goroutines and returns
// the latencies of the calls that succeeded and the time it took.
func runConcurrently(n, conc int, f func(i int) error) (latencies, time.Duration, error) {
	var next atomic.Int64
	var mu sync.Mutex
	var lat latencies
	var first error
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < conc; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				err := f(i)
				d := time.Since(t0)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				if err == nil {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return lat, time.Since(start), first
}

// benchUsers creates the demo agencies and users (random passwords) on an
// empty store and returns the analysts of the agencies.
func benchUsers(ctx context.Context, e *engine.Engine, s nodeStore) ([]jisr.Principal, error) {
	for _, a := range demo.Agencies() {
		if _, err := s.Agency(ctx, a.Code); err == nil {
			continue
		}
		if err := e.CreateAgency(ctx, cli, a); err != nil {
			return nil, describe(err)
		}
	}
	for _, u := range demo.Users() {
		if _, err := s.UserByName(ctx, u.Username); err == nil {
			continue
		}
		if err := e.CreateUser(ctx, cli, u, newPassword()); err != nil {
			return nil, describe(err)
		}
	}
	var users []jisr.Principal
	for _, u := range []string{"jo.analyst", "iq.analyst", "lb.analyst", "sa.analyst", "sy.analyst", "iq.liaison"} {
		if p, err := s.PrincipalFor(ctx, u); err == nil {
			users = append(users, p)
		}
	}
	return users, nil
}

// ingestDemo imports n demo records (seed) through the engine, with
// matching, in batches of engine.ImportBatch.
func ingestDemo(ctx context.Context, env *cmdEnv, e *engine.Engine, n int, seed int64) (int, time.Duration, error) {
	g := demo.New(seed)
	i := 0
	next := func() (*jisr.Record, error) {
		if i == n {
			return nil, io.EOF
		}
		i++
		return g.Next(), nil
	}
	show, done := progress(env.stderr, n, "importing")
	start := time.Now()
	rep, err := e.ImportRecords(ctx, jisr.Principal{System: true, Username: "bench"}, jisr.RecordItems(next),
		jisr.ImportOptions{CommitEvery: engine.ImportBatch, Progress: show})
	done()
	return rep.Created, time.Since(start), err
}

// storeFigures are one store's figures in bench stores.
type storeFigures struct {
	name            string
	ingested        int
	ingest          time.Duration
	size            int64
	api             apiResult
	search, persons latencies
	searchEl        time.Duration
	personsEl       time.Duration
	load            string
}

// benchStores runs the same benchmark on a new SQLite node and a new
// PostgreSQL node, one after the other, and prints them side by side.
func benchStores(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "bench stores", "bench stores [--records N] [--creates N] [--queries N] [--db postgres://…] [--only sqlite|postgres]")
	records := fs.Int("records", 20_000, "demo records to ingest into each store")
	creates := fs.Int("creates", 1000, "records to create through the API in each store")
	queries := fs.Int("queries", 500, "filtered searches and name searches (each) in each store")
	conc := fs.Int("concurrency", 8, "concurrent API clients")
	db := fs.String("db", "", "an EMPTY PostgreSQL database for the PostgreSQL half (default: a throwaway server started from the machine's initdb and pg_ctl, fsync on, removed afterwards)")
	only := fs.String("only", "", "run one store only: sqlite or postgres")
	seed := fs.Int64("seed", 1, "scenario seed")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "load average before: %s\n", loadAverage())
	var figs []storeFigures
	for _, kind := range []string{"sqlite", "postgres"} {
		if *only != "" && *only != kind {
			continue
		}
		url := ""
		if kind == "postgres" {
			url = *db
			if url == "" {
				u, stop, err := pgtest.StartServer(true)
				if err != nil {
					return fmt.Errorf("start a throwaway PostgreSQL (or give --db): %w", err)
				}
				defer stop()
				url = u
			}
		}
		f, err := benchOneStore(ctx, env, kind, url, *records, *creates, *queries, *conc, *seed)
		if err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		figs = append(figs, f)
	}
	fmt.Fprintf(env.stdout, "\n| %d demo records, then | %s |\n|---|%s\n", *records, strings.Join(storeNames(figs), " | "), strings.Repeat("---:|", len(figs)))
	row := func(what string, f func(storeFigures) string) {
		var cells []string
		for _, x := range figs {
			cells = append(cells, f(x))
		}
		fmt.Fprintf(env.stdout, "| %s | %s |\n", what, strings.Join(cells, " | "))
	}
	row("ingest with matching, records/s", func(x storeFigures) string {
		return fmt.Sprintf("%.0f (%d in %s)", float64(x.ingested)/x.ingest.Seconds(), x.ingested, x.ingest.Round(time.Second))
	})
	row("database size after ingest", func(x storeFigures) string { return fmt.Sprintf("%d MiB", x.size>>20) })
	row(fmt.Sprintf("API creates (%d clients), records/s", *conc), func(x storeFigures) string {
		return fmt.Sprintf("%.0f (%d failed)", x.api.rate(), x.api.failed)
	})
	row("API create p50 / p99", func(x storeFigures) string { return pair(x.api.lat) })
	row("filtered search (2 searchers), searches/s", func(x storeFigures) string {
		return fmt.Sprintf("%.0f", float64(len(x.search))/x.searchEl.Seconds())
	})
	row("filtered search p50 / p99", func(x storeFigures) string { return pair(x.search) })
	row("name search (2 searchers), searches/s", func(x storeFigures) string {
		return fmt.Sprintf("%.0f", float64(len(x.persons))/x.personsEl.Seconds())
	})
	row("name search p50 / p99", func(x storeFigures) string { return pair(x.persons) })
	row("load average after", func(x storeFigures) string { return x.load })
	return nil
}

func storeNames(figs []storeFigures) []string {
	var out []string
	for _, f := range figs {
		out = append(out, f.name)
	}
	return out
}

func pair(l latencies) string {
	return fmt.Sprintf("%s / %s", l.pct(.5).Round(100*time.Microsecond), l.pct(.99).Round(100*time.Microsecond))
}

// benchOneStore is one store's half of bench stores.
func benchOneStore(ctx context.Context, env *cmdEnv, kind, url string, records, creates, queries, conc int, seed int64) (storeFigures, error) {
	f := storeFigures{name: kind}
	dir, err := os.MkdirTemp("", "jisr-bench-")
	if err != nil {
		return f, err
	}
	defer removeBenchDir(dir)
	fmt.Fprintf(env.stderr, "jisr bench stores: %s\n", kind)
	s, err := openDB(ctx, url, dir, nil, true, nil, storeOptions{})
	if err != nil {
		return f, err
	}
	defer s.Close()
	if n, err := s.TotalRecords(ctx); err != nil || n > 0 {
		return f, fmt.Errorf("the database is not empty (%d records, %v): give an empty one", n, err)
	}
	e, err := newEngine(s)
	if err != nil {
		return f, err
	}
	defer e.Close()
	users, err := benchUsers(ctx, e, s)
	if err != nil {
		return f, err
	}
	if f.ingested, f.ingest, err = ingestDemo(ctx, env, e, records, seed); err != nil {
		return f, err
	}
	f.size = dbSize(ctx, s)
	fmt.Fprintf(env.stdout, "%s: ingest %d records in %s (%.0f records/s), database %d MiB\n", kind, f.ingested, f.ictx(), float64(f.ingested)/f.ingest.Seconds(), f.size>>20)

	sctx, cancel := context.WithCancel(ctx)
	base, token, err := benchServer(sctx, s, "jo.officer")
	if err != nil {
		cancel()
		return f, err
	}
	f.api = apiCreates(base, token, createBodies(creates, seed+7), conc)
	cancel()
	fmt.Fprintf(env.stdout, "%s: API %d creates in %s: %.0f records/s, %s\n", kind, len(f.api.lat), f.api.el.Round(time.Millisecond), f.api.rate(), f.api.lat)
	if f.api.failed > 0 {
		fmt.Fprintf(env.stdout, "%s: %d creates failed, the first: %s\n", kind, f.api.failed, f.api.firstFail)
	}

	f.search, f.searchEl, err = runConcurrently(queries, 2, func(i int) error {
		_, _, err := e.Records(ctx, users[i%len(users)], searchFilter(i))
		return err
	})
	if err != nil {
		return f, err
	}
	fmt.Fprintf(env.stdout, "%s: %d filtered searches in %s: %s\n", kind, len(f.search), f.searchEl.Round(time.Millisecond), f.search)
	f.persons, f.personsEl, err = runConcurrently(queries, 2, func(i int) error {
		_, err := e.SearchPersons(ctx, users[i%len(users)], benchNames[i%len(benchNames)], 20)
		return err
	})
	if err != nil {
		return f, err
	}
	fmt.Fprintf(env.stdout, "%s: %d name searches in %s: %s\n", kind, len(f.persons), f.personsEl.Round(time.Millisecond), f.persons)
	f.load = loadAverage()
	return f, nil
}

func (f storeFigures) ictx() time.Duration { return f.ingest.Round(time.Millisecond) }
