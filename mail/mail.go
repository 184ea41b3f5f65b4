// Package mail sends notices by e-mail over SMTP (github.com/wneessen/go-mail),
// in the recipient's language (texts of package notify). A notice carries
// only what its recipient may read in jisr (the request's subject, the
// other agency, the due time), never a record's content: e-mail leaves the
// node's control, so it says that there is something to read, and where.
package mail

import (
	"context"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/notify"
)

// TLS modes of the connection to the SMTP server.
const (
	TLSStartTLS = "starttls" // STARTTLS required (the default)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // plain text: only for a relay on the same host
)

// Config says how to reach the SMTP server.
type Config struct {
	Host     string
	Port     int    // 587 by default (465 with TLSImplicit)
	TLS      string // TLSStartTLS (default), TLSImplicit, TLSNone
	From     string // the sender address, e.g. jisr@cell.example
	Username string // SMTP authentication (PLAIN/LOGIN as the server offers), if set
	Password string
	// BaseURL is the web interface's address; a notice links to the
	// request there when set.
	BaseURL string
	Timeout time.Duration // per delivery; 30 s by default
}

// Sender delivers notices by e-mail.
type Sender struct {
	cfg  Config
	opts []gomail.Option
}

// New checks cfg and returns a sender.
func New(cfg Config) (*Sender, error) {
	if cfg.Host == "" || cfg.From == "" {
		return nil, fmt.Errorf("mail: the SMTP host and the sender address are required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithTimeout(cfg.Timeout)}
	switch cfg.TLS {
	case "", TLSStartTLS:
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSLPort(false))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("mail: TLS mode %q: want starttls, tls or none", cfg.TLS)
	}
	if cfg.Port > 0 {
		opts = append(opts, gomail.WithPort(cfg.Port))
	}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	if _, err := gomail.NewClient(cfg.Host, opts...); err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return &Sender{cfg: cfg, opts: opts}, nil
}

// Message builds the e-mail of notice n for the address to, in lang.
func (s *Sender) Message(to, lang string, n *jisr.Notification) (*gomail.Msg, error) {
	link := ""
	if s.cfg.BaseURL != "" && n.Object != "" {
		link = s.cfg.BaseURL + "/requests/" + n.Object
	}
	subject, body := notify.Text(lang, n, link)
	m := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if err := m.From(s.cfg.From); err != nil {
		return nil, fmt.Errorf("mail: sender: %w", err)
	}
	if err := m.To(to); err != nil {
		return nil, fmt.Errorf("mail: recipient: %w", err)
	}
	m.Subject(subject)
	m.SetGenHeader(gomail.HeaderContentLang, notify.Lang(lang))
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetDate()
	m.SetMessageID()
	m.SetBodyString(gomail.TypeTextPlain, body)
	return m, nil
}

// Send delivers notice n to the address to, in lang.
func (s *Sender) Send(ctx context.Context, to, lang string, n *jisr.Notification) error {
	m, err := s.Message(to, lang, n)
	if err != nil {
		return err
	}
	c, err := gomail.NewClient(s.cfg.Host, s.opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	return nil
}
