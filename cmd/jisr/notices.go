package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/mail"
	"github.com/jisr-cell/jisr/webhook"
)

// noticeFlags configure where notices go besides the web interface
// (issue 11): e-mail over SMTP to the users who opted in, and each
// agency's webhook; and how often requests are swept for reminders and
// escalations.
type noticeFlags struct {
	smtpHost, smtpTLS, smtpFrom, smtpUser, smtpPasswordFile string
	smtpPort                                                int
	baseURL                                                 string
	webhooksFile                                            string
	sweepEvery                                              time.Duration
}

func addNoticeFlags(fs *flag.FlagSet, f *noticeFlags) {
	fs.StringVar(&f.smtpHost, "smtp-host", "", "SMTP server for e-mail notices (users opt in, in their language); none: no e-mail")
	fs.IntVar(&f.smtpPort, "smtp-port", 0, "SMTP port (587 with STARTTLS, 465 with --smtp-tls tls)")
	fs.StringVar(&f.smtpTLS, "smtp-tls", mail.TLSStartTLS, "starttls, tls, or none (only for a relay on this machine)")
	fs.StringVar(&f.smtpFrom, "smtp-from", "", "sender address of e-mail notices")
	fs.StringVar(&f.smtpUser, "smtp-user", "", "SMTP user name, if the server wants one")
	fs.StringVar(&f.smtpPasswordFile, "smtp-password-file", "", "file holding the SMTP password")
	fs.StringVar(&f.baseURL, "public-url", "", "the web interface's address as users reach it (links in e-mail notices), e.g. https://jisr.cell.example")
	fs.StringVar(&f.webhooksFile, "webhooks", "", `JSON file of agencies' webhooks: [{"agency":"IQ-GDNA","url":"https://…","secret_file":"/etc/jisr/iq.secret"}]`)
	fs.DurationVar(&f.sweepEvery, "request-sweep", time.Minute, "how often requests are checked for reminders and overdue escalation (0: never)")
}

// hookConfig is one entry of the --webhooks file.
type hookConfig struct {
	Agency     string `json:"agency"`
	URL        string `json:"url"`
	SecretFile string `json:"secret_file"`
}

// outlets builds the outlets of notices; stop ends the webhook deliveries.
func (f *noticeFlags) outlets(logger *slog.Logger) (engine.Outlets, func(), error) {
	o := engine.Outlets{Log: logger}
	stop := func() {}
	if f.smtpHost != "" {
		pw := ""
		if f.smtpPasswordFile != "" {
			b, err := os.ReadFile(f.smtpPasswordFile)
			if err != nil {
				return o, stop, fmt.Errorf("SMTP password: %w", err)
			}
			pw = strings.TrimSpace(string(b))
		}
		m, err := mail.New(mail.Config{Host: f.smtpHost, Port: f.smtpPort, TLS: f.smtpTLS, From: f.smtpFrom,
			Username: f.smtpUser, Password: pw, BaseURL: strings.TrimRight(f.baseURL, "/")})
		if err != nil {
			return o, stop, fmt.Errorf("%w: %v", errUsage, err)
		}
		o.Mail = m
	}
	if f.webhooksFile != "" {
		b, err := os.ReadFile(f.webhooksFile)
		if err != nil {
			return o, stop, fmt.Errorf("webhooks: %w", err)
		}
		var cfg []hookConfig
		if err := json.Unmarshal(b, &cfg); err != nil {
			return o, stop, fmt.Errorf("webhooks: %s: %w", f.webhooksFile, err)
		}
		var hooks []webhook.Hook
		for _, h := range cfg {
			secret, err := os.ReadFile(h.SecretFile)
			if err != nil {
				return o, stop, fmt.Errorf("webhook of %s: %w", h.Agency, err)
			}
			hooks = append(hooks, webhook.Hook{Agency: h.Agency, URL: h.URL, Secret: []byte(strings.TrimSpace(string(secret)))})
		}
		w, err := webhook.New(webhook.Config{Hooks: hooks, Log: logger})
		if err != nil {
			return o, stop, fmt.Errorf("%w: %v", errUsage, err)
		}
		o.Webhooks, stop = w, w.Close
	}
	return o, stop, nil
}

// sweepRequests reminds and escalates requests, and marks lookouts past
// their expiry expired, every `every` until ctx ends.
func sweepRequests(ctx context.Context, e *engine.Engine, every time.Duration, logger *slog.Logger) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if n, err := e.SweepRequests(ctx, now); err != nil && ctx.Err() == nil {
				logger.Warn("request sweep", "err", err)
			} else if n > 0 {
				logger.Info("requests reminded or escalated", "n", n)
			}
			if n, err := e.SweepLookouts(ctx, now); err != nil && ctx.Err() == nil {
				logger.Warn("lookout sweep", "err", err)
			} else if n > 0 {
				logger.Info("lookouts expired", "n", n)
			}
		}
	}
}

// withSweeper starts sweepRequests on the engine being built, until ctx ends.
func withSweeper(ctx context.Context, every time.Duration, logger *slog.Logger) engine.Option {
	return func(e *engine.Engine) { go sweepRequests(ctx, e, every, logger) }
}
