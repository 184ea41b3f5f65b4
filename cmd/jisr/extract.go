package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/jisr-cell/jisr/selectors"
)

func init() {
	register(command{name: "extract", summary: "find phones, plates, containers, accounts… in text on standard input", run: runExtract})
}

// maxExtractInput bounds what extract reads from standard input.
const maxExtractInput = 64 << 20

// extractLine is one line of extract's output. Start and end count runes
// (Unicode code points) of the input.
type extractLine struct {
	Type    selectors.Type `json:"type"`
	Value   string         `json:"value"`
	Raw     string         `json:"raw"`
	Start   int            `json:"start"`
	End     int            `json:"end"`
	Valid   bool           `json:"valid"`
	Country string         `json:"country,omitempty"`
}

func runExtract(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env, "extract", "extract [--country CC] < text")
	country := fs.String("country", "", "ISO 3166-1 alpha-2 code of the agency whose text it is: the default region of national phone numbers and plates")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err) // bad flags exit 2, as main.go documents
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: extract reads standard input and takes no arguments, got %q", errUsage, fs.Args())
	}
	cc := strings.ToUpper(strings.TrimSpace(*country))
	if cc != "" && (len(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z') {
		return fmt.Errorf("%w: --country wants an ISO 3166-1 alpha-2 code such as IQ, got %q", errUsage, *country)
	}
	data, err := io.ReadAll(io.LimitReader(env.stdin, maxExtractInput+1))
	if err != nil {
		return fmt.Errorf("reading standard input: %w", err)
	}
	if len(data) > maxExtractInput {
		return fmt.Errorf("standard input is larger than %d MiB", maxExtractInput>>20)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	enc := json.NewEncoder(env.stdout)
	enc.SetEscapeHTML(false)
	for _, s := range selectors.Extract(string(data), cc) {
		line := extractLine{Type: s.Type, Value: s.Value, Raw: s.Raw, Start: s.Start, End: s.End, Valid: s.Valid, Country: s.Country}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("writing: %w", err)
		}
	}
	return nil
}
