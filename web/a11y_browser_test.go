package web_test

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core (web/testdata/axe-core, MPL-2.0), test only.
//
//go:embed testdata/axe-core/axe.min.js
var axeSource string

type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// axeCheck runs axe-core's WCAG 2.0/2.1 level A and AA rules on the
// current page and fails the test on every violation.
func axeCheck(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
		t.Fatalf("%s: load axe-core: %v", where, err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]}).then(function (r) {
  return r.violations.map(function (v) { return { id: v.id, impact: v.impact || "", help: v.help,
    targets: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" ") + (n.failureSummary ? " — " + n.failureSummary.split("\n").slice(1, 2).join("") : ""); }) }; });
})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe-core: %v", where, err)
	}
	for _, v := range vs {
		t.Errorf("%s: accessibility (axe %s, %s): %s\n    %s", where, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n    "))
	}
}

var _ = fmt.Sprint
