package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/webhook"
)

// smtpInbox is a local SMTP server (github.com/emersion/go-smtp) that
// hands over each message it receives.
type smtpInbox chan []byte

func (in smtpInbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{in: in}, nil }

type smtpSession struct {
	in smtpInbox
	to string
}

func (s *smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = to
	return nil
}
func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err == nil {
		s.in <- append([]byte("X-Envelope-To: "+s.to+"\r\n"), b...)
	}
	return err
}
func (s *smtpSession) Reset()        {}
func (s *smtpSession) Logout() error { return nil }

// TestNoticesEndToEnd: a node served with --smtp-host and --webhooks; a
// request sent over the API reaches the addressee's liaison officer by
// e-mail (opted in, in Arabic) and the addressee agency's webhook, signed.
func TestNoticesEndToEnd(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, "", "demo", "--data", dir, "--records", "5", "--load-only"); code != 0 {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := openStore(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, err := newEngine(s)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	const pw = "Jisr-notices-test-2026"
	sys := jisr.Principal{System: true, Username: "system"}
	for _, u := range []*jisr.User{
		{Username: "iq.mail", Agency: "IQ-GDNA", Role: jisr.RoleLiaison, Lang: "ar", Email: "iq.mail@gdna.example", DisplayName: "IQ liaison"},
		{Username: "jo.asks", Agency: "JO-AND", Role: jisr.RoleAnalyst, Lang: "en", DisplayName: "JO analyst"},
	} {
		if err := e.CreateUser(ctx, sys, u, pw); err != nil {
			t.Fatal(err)
		}
	}
	// The SMTP server and the webhook endpoint, on loopback.
	inbox := make(smtpInbox, 4)
	ms := smtp.NewServer(inbox)
	ms.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go ms.Serve(l)
	defer ms.Close()
	secret := "iq-webhook-secret-0123456789abcdef0123"
	hooks := make(chan *http.Request, 4)
	bodies := make(chan []byte, 4)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hooks <- r
		bodies <- b
	}))
	defer hs.Close()
	os.WriteFile(filepath.Join(dir, "iq.secret"), []byte(secret+"\n"), 0o600)
	cfg, _ := json.Marshal([]hookConfig{{Agency: "IQ-GDNA", URL: hs.URL, SecretFile: filepath.Join(dir, "iq.secret")}})
	os.WriteFile(filepath.Join(dir, "hooks.json"), cfg, 0o600)

	addr := make(chan string, 1)
	env := &cmdEnv{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	done := make(chan error, 1)
	f := serveFlags{addr: "127.0.0.1:0", logLevel: "error", notices: noticeFlags{smtpHost: "127.0.0.1", smtpPort: l.Addr().(*net.TCPAddr).Port,
		smtpTLS: "none", smtpFrom: "jisr@cell.example", baseURL: "https://jisr.cell.example", webhooksFile: filepath.Join(dir, "hooks.json"), sweepEvery: time.Minute}}
	go func() { done <- serve(ctx, env, s, nil, f, func(a string) { addr <- a }) }()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-done:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	call := func(token, method, path, body string) (int, []byte) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	login := func(user string) string {
		code, b := call("", "POST", "/api/v1/login", `{"username":"`+user+`","password":"`+pw+`"}`)
		var out struct{ Token string }
		json.Unmarshal(b, &out)
		if code != 200 || out.Token == "" {
			t.Fatalf("login %s: %d %s", user, code, b)
		}
		return out.Token
	}
	iq, jo := login("iq.mail"), login("jo.asks")
	if code, b := call(iq, "PUT", "/api/v1/me/notices", `{"email":true}`); code != 200 {
		t.Fatalf("opt in: %d %s", code, b)
	}
	code, b := call(jo, "POST", "/api/v1/requests", `{"to":["IQ-GDNA"],"subject":"Truck 12-34567 at Trebil","body":"Is it known to you?","priority":"urgent"}`)
	if code != 201 {
		t.Fatalf("request: %d %s", code, b)
	}
	var req jisr.Request
	json.Unmarshal(b, &req)

	select {
	case m := <-inbox:
		msg, err := netmail.ReadMessage(bytes.NewReader(m))
		if err != nil {
			t.Fatal(err)
		}
		subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if msg.Header.Get("X-Envelope-To") != "iq.mail@gdna.example" || !strings.Contains(subj, "طلب جديد") || msg.Header.Get("Content-Language") != "ar" {
			t.Errorf("e-mail to %s: %q (%s)", msg.Header.Get("X-Envelope-To"), subj, msg.Header.Get("Content-Language"))
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no e-mail")
	}
	select {
	case r := <-hooks:
		body := <-bodies
		if err := webhook.Verify([]byte(secret), r.Header.Get(webhook.HeaderTimestamp), r.Header.Get(webhook.HeaderSignature), body, time.Now(), time.Minute); err != nil {
			t.Error(err)
		}
		var p webhook.Payload
		json.Unmarshal(body, &p)
		if p.Kind != jisr.NoteRequestNew || p.Object != req.ID || p.Agency != "IQ-GDNA" || p.Other != "JO-AND" {
			t.Errorf("webhook payload %s", body)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no webhook")
	}
	// An open event stream does not hold the shutdown up.
	sreq, _ := http.NewRequest("GET", base+"/api/v1/events", nil)
	sreq.Header.Set("Authorization", "Bearer "+iq)
	stream, err := http.DefaultClient.Do(sreq)
	if err != nil || stream.StatusCode != 200 {
		t.Fatalf("events: %v %v", err, stream)
	}
	defer stream.Body.Close()
	start := time.Now()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %v with an event stream open", d)
	}
}
