package mail_test

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/mail"
)

// inbox is a local SMTP server (github.com/emersion/go-smtp) on
// 127.0.0.1 that keeps what it receives.
type inbox struct {
	mu   sync.Mutex
	msgs []received
	got  chan struct{}
}

type received struct {
	from string
	to   []string
	data []byte
}

type session struct {
	in  *inbox
	cur received
}

func (in *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{in: in}, nil }

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.cur.from = from; return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = b
	s.in.mu.Lock()
	s.in.msgs = append(s.in.msgs, s.cur)
	s.in.mu.Unlock()
	s.in.got <- struct{}{}
	return nil
}
func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }

func startSMTP(t *testing.T) (*inbox, int) {
	t.Helper()
	in := &inbox{got: make(chan struct{}, 10)}
	srv := smtp.NewServer(in)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return in, l.Addr().(*net.TCPAddr).Port
}

func note() *jisr.Notification {
	return &jisr.Notification{ID: "n1", Kind: jisr.NoteRequestNew, Object: "0193b2c4-req", Agency: "JO-AND",
		Subject: "هاتف +962791234567 في شحنة الكبتاغون", Priority: jisr.PriorityUrgent, Due: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
}

// TestSendArrives: a notice sent to a local SMTP server arrives, to the
// right address, in the recipient's language, with the link and nothing
// else.
func TestSendArrives(t *testing.T) {
	in, port := startSMTP(t)
	s, err := mail.New(mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone, From: "jisr@cell.example", BaseURL: "https://jisr.cell.example", Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, subject, body string }{
		{"ar", "طلب جديد (عاجل) من \u2066JO-AND\u2069", "افتح جسر لقراءته"},
		{"en", "New urgent request from JO-AND", "Open jisr to read it"},
		{"fr", "Nouvelle demande (urgente) de JO-AND", "Ouvrez jisr"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			if err := s.Send(context.Background(), "iq.liaison@gdna.example", tc.lang, note()); err != nil {
				t.Fatal(err)
			}
			select {
			case <-in.got:
			case <-time.After(10 * time.Second):
				t.Fatal("nothing arrived")
			}
			in.mu.Lock()
			m := in.msgs[len(in.msgs)-1]
			in.mu.Unlock()
			if m.from != "jisr@cell.example" || len(m.to) != 1 || m.to[0] != "iq.liaison@gdna.example" {
				t.Errorf("envelope %s → %v", m.from, m.to)
			}
			msg, err := netmail.ReadMessage(strings.NewReader(string(m.data)))
			if err != nil {
				t.Fatal(err)
			}
			subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if err != nil || subj != tc.subject {
				t.Errorf("subject %q (%v), want %q", subj, err, tc.subject)
			}
			if got := msg.Header.Get("Content-Language"); got != tc.lang {
				t.Errorf("Content-Language %q", got)
			}
			body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{tc.body, "هاتف +962791234567 في شحنة الكبتاغون", "https://jisr.cell.example/requests/0193b2c4-req", "2026-12-01 10:00 UTC"} {
				if !strings.Contains(string(body), want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}
		})
	}
}

// TestSendFails: a server that is not there is an error, in time.
func TestSendFails(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s, err := mail.New(mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone, From: "jisr@cell.example", Timeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), "a@b.example", "en", note()); err == nil {
		t.Fatal("sent to nobody")
	}
	if _, err := mail.New(mail.Config{Host: "x", From: "a@b", TLS: "maybe"}); err == nil {
		t.Error("unknown TLS mode accepted")
	}
	// STARTTLS is required by default: a server without it is refused.
	_, port2 := startSMTP(t)
	s2, _ := mail.New(mail.Config{Host: "127.0.0.1", Port: port2, From: "jisr@cell.example", Timeout: 3 * time.Second})
	if err := s2.Send(context.Background(), "a@b.example", "en", note()); err == nil {
		t.Error("sent in clear without STARTTLS")
	}
}
