// Package webhook tells an agency's own systems of notices by HTTP POST.
// Each agency has one endpoint and one secret. The body is JSON (Payload);
// it is signed with HMAC-SHA256 under the agency's secret over the
// timestamp and the body:
//
//	X-Jisr-Timestamp: 1764493200                (Unix seconds)
//	X-Jisr-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
//
// so a receiver checks who sent it and refuses replays older than a few
// minutes (Verify). A delivery that fails (network error, 408, 429, 5xx) is
// retried with exponential back-off (doubling from Backoff up to
// MaxBackoff, with jitter; a Retry-After within MaxBackoff is honoured), at
// most Attempts times; any other answer ends it. Deliveries run from a
// bounded queue: when it is full the notice is dropped and counted (the
// notice stays in jisr), never waited for.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jisr-cell/jisr"
)

// Headers of a delivery.
const (
	HeaderTimestamp = "X-Jisr-Timestamp"
	HeaderSignature = "X-Jisr-Signature"
	HeaderEvent     = "X-Jisr-Event"
	HeaderDelivery  = "X-Jisr-Delivery"
)

// MinSecret is the shortest secret accepted, in bytes.
const MinSecret = 32

// Hook is one agency's endpoint.
type Hook struct {
	Agency string
	URL    string
	Secret []byte
}

// Config of a Sender. Zero values take the defaults.
type Config struct {
	Hooks      []Hook
	Attempts   int           // per notice, 6 by default
	Backoff    time.Duration // first wait, 1 s by default
	MaxBackoff time.Duration // longest wait, 5 min by default
	Timeout    time.Duration // per attempt, 10 s by default
	Queue      int           // notices waiting, 1000 by default
	Workers    int           // deliveries at once, 2 by default
	Client     *http.Client
	Log        *slog.Logger
}

// Payload is the JSON body of a delivery: the notice as the agency's
// liaison officers receive it, without any user's name or address.
type Payload struct {
	ID        string        `json:"id"`
	Kind      string        `json:"kind"`
	Agency    string        `json:"agency"` // the agency the hook belongs to
	Object    string        `json:"object"` // the request id
	Other     string        `json:"other"`  // the other agency
	Subject   string        `json:"subject"`
	Priority  jisr.Priority `json:"priority,omitempty"`
	Due       time.Time     `json:"due,omitzero"`
	CreatedAt time.Time     `json:"created_at"`
}

// Sender delivers notices to the agencies' hooks.
type Sender struct {
	cfg   Config
	hooks map[string]Hook
	queue chan job
	wg    sync.WaitGroup
	stop  chan struct{}
	once  sync.Once
	// Dropped counts notices dropped because the queue was full;
	// Failed those given up after every attempt.
	Dropped, Failed, Delivered atomic.Int64
}

type job struct {
	hook  Hook
	event string
	id    string
	body  []byte
}

// New checks cfg and starts the workers; Close stops them.
func New(cfg Config) (*Sender, error) {
	if cfg.Attempts <= 0 {
		cfg.Attempts = 6
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 5 * time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 1000
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Sender{cfg: cfg, hooks: map[string]Hook{}, queue: make(chan job, cfg.Queue), stop: make(chan struct{})}
	for _, h := range cfg.Hooks {
		if !strings.HasPrefix(h.URL, "https://") && !strings.HasPrefix(h.URL, "http://") {
			return nil, fmt.Errorf("webhook of %s: %q is not an http(s) address", h.Agency, h.URL)
		}
		if len(h.Secret) < MinSecret {
			return nil, fmt.Errorf("webhook of %s: the secret must have at least %d bytes", h.Agency, MinSecret)
		}
		if _, dup := s.hooks[h.Agency]; dup {
			return nil, fmt.Errorf("webhook of %s: given twice", h.Agency)
		}
		s.hooks[h.Agency] = h
	}
	for range cfg.Workers {
		s.wg.Go(s.work)
	}
	return s, nil
}

// Has reports whether agency has a hook.
func (s *Sender) Has(agency string) bool { _, ok := s.hooks[agency]; return ok }

// Sign returns the signature header value of body sent at ts.
func Sign(secret []byte, ts int64, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return "v1=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a delivery as its receiver should: the signature over the
// timestamp and the body, and the timestamp within tolerance of now.
func Verify(secret []byte, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return errors.New("webhook: bad timestamp")
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return errors.New("webhook: timestamp out of tolerance (a replay?)")
	}
	if !hmac.Equal([]byte(signature), []byte(Sign(secret, ts, body))) {
		return errors.New("webhook: bad signature")
	}
	return nil
}

// Notify queues the notice n for agency's hook, if it has one. It never
// blocks: with the queue full the notice is dropped (counted, logged).
func (s *Sender) Notify(agency string, n *jisr.Notification) {
	h, ok := s.hooks[agency]
	if !ok {
		return
	}
	body, err := json.Marshal(Payload{ID: n.ID, Kind: n.Kind, Agency: agency, Object: n.Object, Other: n.Agency,
		Subject: n.Subject, Priority: n.Priority, Due: n.Due, CreatedAt: n.CreatedAt})
	if err != nil {
		return
	}
	select {
	case <-s.stop:
		return
	default:
	}
	select {
	case s.queue <- job{hook: h, event: n.Kind, id: n.ID, body: body}:
	default:
		s.Dropped.Add(1)
		s.cfg.Log.Warn("webhook queue full: notice dropped", "agency", agency, "kind", n.Kind)
	}
}

// Close stops taking notices, lets the workers finish what they hold
// (waits cut short) and returns when they have stopped.
func (s *Sender) Close() {
	s.once.Do(func() { close(s.stop) })
	s.wg.Wait()
}

func (s *Sender) work() {
	for {
		select {
		case <-s.stop:
			return
		case j := <-s.queue:
			ctx, cancel := context.WithCancel(context.Background())
			go func() {
				select {
				case <-s.stop:
					cancel()
				case <-ctx.Done():
				}
			}()
			err := s.deliver(ctx, j)
			cancel()
			if err != nil {
				s.Failed.Add(1)
				s.cfg.Log.Warn("webhook delivery failed", "agency", j.hook.Agency, "kind", j.event, "err", err)
			} else {
				s.Delivered.Add(1)
			}
		}
	}
}

// deliver posts j, retrying as the package comment says.
func (s *Sender) deliver(ctx context.Context, j job) error {
	var last error
	wait := s.cfg.Backoff
	for attempt := 1; ; attempt++ {
		retry, after, err := s.post(ctx, j)
		if err == nil {
			return nil
		}
		last = err
		if !retry || attempt >= s.cfg.Attempts {
			return fmt.Errorf("after %d attempt(s): %w", attempt, last)
		}
		d := wait/2 + rand.N(wait/2+1) // jitter: between half and the whole wait
		if after > 0 && after <= s.cfg.MaxBackoff && after > d {
			d = after
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("stopped after %d attempt(s): %w", attempt, last)
		case <-t.C:
		}
		wait = min(wait*2, s.cfg.MaxBackoff)
	}
}

// post makes one attempt; retry says whether another may succeed.
func (s *Sender) post(ctx context.Context, j job) (retry bool, after time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.hook.URL, bytes.NewReader(j.body))
	if err != nil {
		return false, 0, err
	}
	ts := time.Now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "jisr-webhook/1")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(j.hook.Secret, ts, j.body))
	req.Header.Set(HeaderEvent, j.event)
	req.Header.Set(HeaderDelivery, j.id)
	resp, err := s.cfg.Client.Do(req)
	if err != nil {
		return true, 0, err
	}
	resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return false, 0, nil
	}
	err = fmt.Errorf("the endpoint answered %d", resp.StatusCode)
	switch {
	case resp.StatusCode == http.StatusRequestTimeout, resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode >= 500:
		if sec, e := strconv.Atoi(resp.Header.Get("Retry-After")); e == nil && sec > 0 {
			after = time.Duration(sec) * time.Second
		}
		return true, after, err
	}
	return false, 0, err
}
