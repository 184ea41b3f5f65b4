// Package pgtest gives tests a throwaway PostgreSQL: one server per test
// package (Main, from TestMain), started from the machine's binaries
// (initdb and pg_ctl in a temporary folder, on a free loopback port, its
// unix socket in that folder, fsync off), and a fresh database per test
// (URL). When the tests run as root, initdb and the server run as an
// unprivileged user (postgres, else nobody), since PostgreSQL refuses root.
//
// JISR_TEST_POSTGRES=postgres://… uses that server instead (its user must
// be allowed to create databases). Without PostgreSQL the tests skip,
// unless JISR_REQUIRE_POSTGRES=1, which makes them fail instead (CI).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// server is the package's server, started by Main.
var server struct {
	sync.Mutex
	url    string // admin URL (database postgres)
	reason string // why there is none
	stop   func()
}

// Required says whether tests must fail rather than skip without PostgreSQL.
func Required() bool { return os.Getenv("JISR_REQUIRE_POSTGRES") == "1" }

// Main starts the server (or takes JISR_TEST_POSTGRES), runs the tests and
// stops it; use it as TestMain: func TestMain(m *testing.M) { pgtest.Main(m) }.
func Main(m *testing.M) {
	if u := os.Getenv("JISR_TEST_POSTGRES"); u != "" {
		server.url = u
	} else {
		u, stop, err := Start()
		if err != nil {
			server.reason = err.Error()
		} else {
			server.url, server.stop = u, stop
		}
	}
	code := m.Run()
	if server.stop != nil {
		server.stop()
	}
	os.Exit(code)
}

// Available says whether a server is there (after Main).
func Available() bool { return server.url != "" }

// URL returns the URL of a new, empty database for t, dropped at its end.
// It skips t when no server is available (fails it when Required).
func URL(t testing.TB) string {
	t.Helper()
	if server.url == "" {
		why := server.reason
		if why == "" {
			why = "pgtest.Main was not called (TestMain)"
		}
		if Required() {
			t.Fatalf("PostgreSQL required (JISR_REQUIRE_POSTGRES=1) but unavailable: %s", why)
		}
		t.Skipf("no PostgreSQL: %s", why)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name := "jisr_t_" + randomHex(6)
	admin, err := pgx.Connect(ctx, server.url)
	if err != nil {
		t.Fatalf("pgtest: connect %s: %v", redact(server.url), err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, server.url)
		if err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(server.url)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(bad URL)"
	}
	return u.Redacted()
}

// Bindir finds PostgreSQL's server binaries: initdb and pg_ctl on PATH,
// else pg_config --bindir, else the newest /usr/lib/postgresql/*/bin.
func Bindir() (string, error) {
	has := func(dir string) bool {
		for _, b := range []string{"initdb", "pg_ctl", "postgres"} {
			if st, err := os.Stat(filepath.Join(dir, b)); err != nil || st.IsDir() {
				return false
			}
		}
		return true
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if d, err := filepath.EvalSymlinks(p); err == nil && has(filepath.Dir(d)) {
			return filepath.Dir(d), nil
		}
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		if d := strings.TrimSpace(string(out)); has(d) {
			return d, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if has(d) {
			return d, nil
		}
	}
	return "", errors.New("initdb and pg_ctl not found (PATH, pg_config --bindir, /usr/lib/postgresql/*/bin)")
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// Start starts a throwaway server and returns its admin URL and a function
// that stops it and removes its folder. It does not sync to disk (tests).
func Start() (string, func(), error) { return StartServer(false) }

// StartServer is Start; durable keeps PostgreSQL's defaults (fsync,
// synchronous_commit, full_page_writes on: commits wait for the disk, as
// SQLite's synchronous=FULL), for benchmarks.
func StartServer(durable bool) (string, func(), error) {
	bin, err := Bindir()
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "jisr-pg-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		uid, gid, err := unprivileged()
		if err != nil {
			cleanup()
			return "", nil, err
		}
		cred = &syscall.Credential{Uid: uid, Gid: gid}
		if err := os.Chown(dir, int(uid), int(gid)); err != nil {
			cleanup()
			return "", nil, err
		}
	}
	run := func(name string, args ...string) error {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "LANG=C.UTF-8")
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %v: %s", name, err, lastLines(string(out), 10))
		}
		return nil
	}
	data := filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-U", "jisr", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"); err != nil {
		cleanup()
		return "", nil, err
	}
	port, err := freePort()
	if err != nil {
		cleanup()
		return "", nil, err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=64MB", port, dir)
	if !durable {
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	logf := filepath.Join(dir, "server.log")
	if err := run("pg_ctl", "-D", data, "-o", opts, "-l", logf, "-w", "-t", "60", "start"); err != nil {
		b, _ := os.ReadFile(logf)
		cleanup()
		return "", nil, fmt.Errorf("%v\n%s", err, lastLines(string(b), 20))
	}
	stop := func() {
		run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
		cleanup()
	}
	return fmt.Sprintf("postgres://jisr@127.0.0.1:%d/postgres?sslmode=disable", port), stop, nil
}

// unprivileged returns the user the server runs as when the tests run as
// root: postgres if the machine has one, else nobody.
func unprivileged() (uint32, uint32, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 == nil && err2 == nil {
			return uint32(uid), uint32(gid), nil
		}
	}
	return 0, 0, errors.New("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
