package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jisr-cell/jisr"
	jhttp "github.com/jisr-cell/jisr/http"
	"github.com/jisr-cell/jisr/postgres/pgtest"
)

// The mixed read/write API load of bench processes: of every ten
// requests, two create a record (POST /api/v1/records), four search
// (GET /api/v1/records?q=…, some filtered), two read a record by id, two
// search a person's name (GET /api/v1/persons).
var mixedOps = []string{"create", "create", "search", "search", "search", "search", "get", "get", "persons", "persons"}

// mixedResult is one run of the mixed load.
type mixedResult struct {
	procs  int
	el     time.Duration
	lat    map[string]latencies
	n      int
	failed int64
	load   string
}

func (m mixedResult) rate() float64 { return float64(m.n) / m.el.Seconds() }

// benchProcesses loads a PostgreSQL node, then runs `jisr serve` as one
// process, then as two on the same database, each time under the same
// mixed API load spread evenly over the processes, and prints the rates.
func benchProcesses(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "bench processes", "bench processes [--db postgres://…] [--records N] [--duration 30s] [--clients C] [--max-procs 2]")
	db := fs.String("db", "", "an EMPTY PostgreSQL database (default: a throwaway server from the machine's initdb and pg_ctl, fsync on, removed afterwards)")
	records := fs.Int("records", 20_000, "demo records loaded before the runs")
	duration := fs.Duration("duration", 30*time.Second, "length of each run")
	clients := fs.Int("clients", 16, "concurrent API clients (spread over the processes)")
	maxProcs := fs.Int("max-procs", 2, "run with 1, …, this many processes")
	gomax := fs.Int("gomaxprocs", 0, "GOMAXPROCS of each serve process (0: Go's default, every CPU)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	dbURL := *db
	if dbURL == "" {
		u, stop, err := pgtest.StartServer(true)
		if err != nil {
			return fmt.Errorf("start a throwaway PostgreSQL (or give --db): %w", err)
		}
		defer stop()
		dbURL = u
	}
	dir, err := os.MkdirTemp("", "jisr-bench-")
	if err != nil {
		return err
	}
	defer removeBenchDir(dir)

	// The node: demo agencies, users and records; the password of the
	// officer who creates and reads.
	pw := newPassword()
	if err := func() error {
		s, err := openDB(ctx, dbURL, dir, nil, true, nil, storeOptions{})
		if err != nil {
			return err
		}
		defer s.Close()
		if n, err := s.TotalRecords(ctx); err != nil || n > 0 {
			return fmt.Errorf("the database is not empty (%d records, %v): give an empty one", n, err)
		}
		e, err := newEngine(s)
		if err != nil {
			return err
		}
		defer e.Close()
		if _, err := benchUsers(ctx, e, s); err != nil {
			return err
		}
		n, el, err := ingestDemo(ctx, env, e, *records, 1)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "loaded %d demo records in %s\n", n, el.Round(time.Millisecond))
		return e.ResetPassword(ctx, cli, "jo.officer", pw)
	}(); err != nil {
		return err
	}

	var results []mixedResult
	for procs := 1; procs <= *maxProcs; procs++ {
		r, err := mixedRun(ctx, env, exe, dbURL, dir, pw, procs, *clients, *gomax, *duration)
		if err != nil {
			return err
		}
		results = append(results, r)
		fmt.Fprintf(env.stdout, "%d process(es): %d requests in %s by %d clients: %.0f requests/s, %d failed; load average after %s\n",
			procs, r.n, r.el.Round(time.Millisecond), *clients, r.rate(), r.failed, r.load)
		for _, op := range []string{"create", "search", "get", "persons"} {
			fmt.Fprintf(env.stdout, "  %-8s %6d: %s\n", op, len(r.lat[op]), r.lat[op])
		}
	}
	if len(results) > 1 {
		fmt.Fprintf(env.stdout, "%d processes against 1: %.2f×\n", results[len(results)-1].procs, results[len(results)-1].rate()/results[0].rate())
	}
	return nil
}

// freeAddr is a free loopback address.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// mixedRun starts procs `jisr serve` processes on the database, runs the
// mixed load against them for d, and stops them.
func mixedRun(ctx context.Context, env *cmdEnv, exe, dbURL, dir, pw string, procs, clients, gomax int, d time.Duration) (mixedResult, error) {
	res := mixedResult{procs: procs, lat: map[string]latencies{}}
	var bases []string
	var cmds []*exec.Cmd
	defer func() {
		for _, c := range cmds {
			c.Process.Signal(os.Interrupt)
			done := make(chan struct{})
			go func() { c.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				c.Process.Kill()
				<-done
			}
		}
	}()
	for i := 0; i < procs; i++ {
		addr, err := freeAddr()
		if err != nil {
			return res, err
		}
		c := exec.Command(exe, "serve", "--db", dbURL, "--data", dir, "--addr", addr, "--log-level", "error", "--require-2fa-roles", "none",
			"--audit-checkpoint", dir+"/checkpoint-"+strconv.Itoa(i))
		c.Stdout, c.Stderr = io.Discard, env.stderr
		c.Env = os.Environ()
		if gomax > 0 {
			c.Env = append(c.Env, "GOMAXPROCS="+strconv.Itoa(gomax))
		}
		if err := c.Start(); err != nil {
			return res, err
		}
		cmds = append(cmds, c)
		base := "http://" + addr
		ready := false
		for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			if resp, err := http.Get(base + "/healthz"); err == nil {
				resp.Body.Close()
				if ready = resp.StatusCode == 200; ready {
					break
				}
			}
		}
		if !ready {
			return res, fmt.Errorf("jisr serve on %s did not start", addr)
		}
		bases = append(bases, base)
	}
	// One session, valid on every process.
	body, _ := json.Marshal(jhttp.LoginRequest{Username: "jo.officer", Password: pw})
	resp, err := http.Post(bases[0]+"/api/v1/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return res, err
	}
	var lr jhttp.LoginResponse
	json.NewDecoder(resp.Body).Decode(&lr)
	resp.Body.Close()
	if lr.Token == "" {
		return res, fmt.Errorf("login as jo.officer failed (%d)", resp.StatusCode)
	}
	// Ids to read: the officer's own records, created before the run.
	bodies := createBodies(4000, time.Now().UnixNano())
	var ids []string
	var idMu sync.Mutex
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	do := func(base, method, path string, body []byte) (int, []byte, error) {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, _ := http.NewRequest(method, base+path, rd)
		req.Header.Set("Authorization", "Bearer "+lr.Token)
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
	for i := 0; i < 20; i++ {
		code, b, err := do(bases[0], "POST", "/api/v1/records", bodies[i])
		if err != nil || code != 201 {
			return res, fmt.Errorf("create before the run: %d %v %s", code, err, b)
		}
		var r jisr.Record
		json.Unmarshal(b, &r)
		ids = append(ids, r.ID)
	}
	var next atomic.Int64
	next.Store(20)
	var mu sync.Mutex
	var failed atomic.Int64
	rctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(c), 7))
			base := bases[c%len(bases)]
			for i := c; rctx.Err() == nil; i += clients {
				op := mixedOps[rnd.IntN(len(mixedOps))]
				t0 := time.Now()
				var code int
				var b []byte
				var err error
				switch op {
				case "create":
					k := int(next.Add(1)-1) % len(bodies)
					code, b, err = do(base, "POST", "/api/v1/records", bodies[k])
					if err == nil && code == 201 {
						var r jisr.Record
						if json.Unmarshal(b, &r) == nil {
							idMu.Lock()
							ids = append(ids, r.ID)
							idMu.Unlock()
						}
						code = 200
					}
				case "search":
					f := searchFilter(i)
					q := url.Values{"q": {f.Text}, "limit": {"50"}}
					if f.Kind != "" {
						q.Set("kind", string(f.Kind))
					}
					if f.From != "" {
						q.Set("from", f.From)
					}
					code, _, err = do(base, "GET", "/api/v1/records?"+q.Encode(), nil)
				case "get":
					idMu.Lock()
					id := ids[rnd.IntN(len(ids))]
					idMu.Unlock()
					code, _, err = do(base, "GET", "/api/v1/records/"+id, nil)
				case "persons":
					code, _, err = do(base, "GET", "/api/v1/persons?"+url.Values{"name": {benchNames[i%len(benchNames)]}}.Encode(), nil)
				}
				lat := time.Since(t0)
				if rctx.Err() != nil && err != nil {
					return
				}
				if err != nil || code != 200 {
					failed.Add(1)
					continue
				}
				mu.Lock()
				res.lat[op] = append(res.lat[op], lat)
				res.n++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.el = time.Since(start)
	res.failed = failed.Load()
	res.load = loadAverage()
	return res, nil
}
