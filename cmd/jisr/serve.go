package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/diskspace"
	"github.com/jisr-cell/jisr/engine"

	jhttp "github.com/jisr-cell/jisr/http"
	"github.com/jisr-cell/jisr/postgres"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/web"
)

func init() {
	register(command{name: "serve", summary: "run a node: API, web interface and metrics", run: runServe})
}

type serveFlags struct {
	addr, certFile, keyFile, tileURL, logLevel string
	metricsTokenFile                           string
	metricsToken                               string // read from the file or JISR_METRICS_TOKEN
	// trustedProxies: reverse proxies whose X-Forwarded-For is believed.
	trustedProxies prefixList
	// require2FA: roles that must sign in with a second factor.
	require2FA []jisr.Role
	notices    noticeFlags // notices.go
}

// prefixList is a repeatable flag of IP prefixes (a bare address is one host).
type prefixList []netip.Prefix

func (l *prefixList) String() string {
	var s []string
	for _, p := range *l {
		s = append(s, p.String())
	}
	return strings.Join(s, ",")
}

func (l *prefixList) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, err2 := netip.ParseAddr(part)
			if err2 != nil {
				return fmt.Errorf("%q is not an address or CIDR prefix", part)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		*l = append(*l, p.Masked())
	}
	return nil
}

// DefaultSecondFactorRoles are the roles that must sign in with a second
// factor unless the node says otherwise.
const DefaultSecondFactorRoles = "liaison,supervisor,administrator"

// parseRoles reads a comma-separated role list ("admin" is administrator;
// "none" or "" is no role).
func parseRoles(v string) ([]jisr.Role, error) {
	var out []jisr.Role
	for _, part := range strings.Split(v, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		switch part {
		case "", "none":
			continue
		case "admin":
			part = string(jisr.RoleAdmin)
		}
		if !jisr.Role(part).Valid() {
			return nil, fmt.Errorf("%w: unknown role %q (analyst, officer, liaison, supervisor, administrator, auditor)", errUsage, part)
		}
		out = append(out, jisr.Role(part))
	}
	return out, nil
}

// minMetricsToken is the shortest scrape token accepted.
const minMetricsToken = 16

func runServe(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "serve", "serve [--data DIR] [--db postgres://…] [--init] [--addr HOST:PORT] [--tls-cert FILE --tls-key FILE] [--min-free 1GiB] [--reserve 64MiB] [--metrics-token-file FILE]")
	data := dataFlag(fs, "data")
	db := dbFlag(fs)
	create := fs.Bool("init", false, "create the node in --data if the folder holds none (else a folder without a node is an error)")
	var cf checkpointFlags
	addCheckpointFlags(fs, &cf)
	var f serveFlags
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&f.certFile, "tls-cert", "", "TLS certificate (PEM); serves HTTPS with TLS 1.3 when set")
	fs.StringVar(&f.keyFile, "tls-key", "", "TLS private key (PEM)")
	fs.StringVar(&f.tileURL, "tile-url", "", "optional map tile server URL template ({z}/{x}/{y}) for agencies that run their own")
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	minFree := sizeFlag(fs, "min-free", diskspace.DefaultMinFree, "free space of the data folder under which a low-space warning is logged (1GiB, 500MB, …)")
	reserve := sizeFlag(fs, "reserve", diskspace.DefaultReserve, "free space under which new records, edits, attachments and imports are refused (storage_full, 507) so that reads and logins keep working; 0 turns it off")
	fs.Var(&f.trustedProxies, "trusted-proxy", "a reverse proxy (address or CIDR) whose X-Forwarded-For is believed; repeatable. Without it the header is ignored")
	roles := fs.String("require-2fa-roles", DefaultSecondFactorRoles, `roles that must sign in with a second factor (TOTP); "none" for none`)
	fs.StringVar(&f.metricsTokenFile, "metrics-token-file", "", "file holding the bearer token a Prometheus scraper presents at /metrics (else $JISR_METRICS_TOKEN; with neither, /metrics answers this machine only)")
	addNoticeFlags(fs, &f.notices)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var err error
	if f.require2FA, err = parseRoles(*roles); err != nil {
		return err
	}
	f.metricsToken = os.Getenv("JISR_METRICS_TOKEN")
	if f.metricsTokenFile != "" {
		b, err := os.ReadFile(f.metricsTokenFile)
		if err != nil {
			return fmt.Errorf("metrics token: %w", err)
		}
		f.metricsToken = strings.TrimSpace(string(b))
	}
	if f.metricsToken != "" && len(f.metricsToken) < minMetricsToken {
		return fmt.Errorf("%w: the metrics token must be at least %d characters", errUsage, minMetricsToken)
	}
	logger, err := newLogger(env.stderr, f.logLevel)
	if err != nil {
		return err
	}
	s, err := openDB(ctx, *db, *data, logger, *create, &cf, storeOptions{
		sqlite:   []sqlite.Option{sqlite.WithMinFree(int64(*minFree)), sqlite.WithReserve(int64(*reserve))},
		postgres: []postgres.Option{postgres.WithMinFree(int64(*minFree)), postgres.WithReserve(int64(*reserve))},
	})
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("the node in %s has no users yet: create the first administrator with\n  jisr init --data %s --agency CODE --country CC --name-en NAME --name-ar NAME --admin USERNAME", *data, *data)
	}
	return serve(ctx, env, s, logger, f, nil)
}

// serve runs the HTTP server on the store until ctx ends. ready, if not
// nil, is called with the listening address.
func serve(ctx context.Context, env *cmdEnv, s nodeStore, logger *slog.Logger, f serveFlags, ready func(addr string)) error {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var tlsConfig *tls.Config
	if f.certFile != "" || f.keyFile != "" {
		cert, err := tls.LoadX509KeyPair(f.certFile, f.keyFile)
		if err != nil {
			return fmt.Errorf("load TLS certificate: %w", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS13}
	}
	out, stopHooks, err := f.notices.outlets(logger)
	if err != nil {
		return err
	}
	defer stopHooks()
	srv, stop, err := newServer(s, logger, tlsConfig != nil, f.tileURL, engine.WithSecondFactorRoles(f.require2FA...), engine.WithOutlets(out), withSweeper(ctx, f.notices.sweepEvery, logger))
	if err != nil {
		return err
	}
	defer stop()
	srv.TrustedProxies = f.trustedProxies
	srv.MetricsToken = f.metricsToken
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
	}
	logger.Info("jisr node listening", "url", scheme+"://"+ln.Addr().String(), "data", s.Dir())
	fmt.Fprintf(env.stderr, "jisr: serving on %s://%s (data in %s); stop with Ctrl-C\n", scheme, ln.Addr(), s.Dir())
	if ready != nil {
		ready(ln.Addr().String())
	}
	return srv.Serve(ctx, ln, tlsConfig)
}

// newServer wires the store into the API and the web interface: it builds
// the node's services once (package engine) and hands the same value to
// both. The returned close stops the engine; the caller closes the store
// after it.
func newServer(s nodeStore, logger *slog.Logger, secure bool, tileURL string, opts ...engine.Option) (*jhttp.Server, func() error, error) {
	e, err := newEngine(s, append([]engine.Option{engine.WithHitLogger(logger)}, opts...)...)
	if err != nil {
		return nil, nil, err
	}
	svc := e.Services()
	srv := jhttp.New(svc, logger)
	ui, err := web.New(web.Config{Services: svc, Logger: logger, Secure: secure, TileURL: tileURL})
	if err != nil {
		e.Close()
		return nil, nil, err
	}
	srv.Web = ui
	return srv, e.Close, nil
}
