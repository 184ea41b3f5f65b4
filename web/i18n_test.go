package web

import (
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/selectors"
)

func TestTemplatesParse(t *testing.T) {
	if _, err := parseTemplates(); err != nil {
		t.Fatal(err)
	}
}

// keysUsed collects every literal key passed to T in the templates.
var reTKey = regexp.MustCompile(`\.T\s+"([^"]+)"`)

// keysNeeded lists the keys the Go code builds from the domain's pick lists.
func keysNeeded() []string {
	var keys []string
	add := func(prefix string, vs ...string) {
		for _, v := range vs {
			keys = append(keys, prefix+"."+v)
		}
	}
	for _, k := range jisr.Kinds {
		add("kind", string(k))
	}
	for _, t := range jisr.TLPs {
		add("tlp", string(t))
	}
	for _, h := range jisr.Handlings {
		add("handling", string(h))
	}
	for _, r := range jisr.Roles {
		add("role", string(r))
	}
	add("conceal", jisr.Concealments...)
	add("install", jisr.Installations...)
	add("transport", jisr.Transports...)
	add("routing", jisr.Routings...)
	add("facility", jisr.FacilityTypes...)
	add("status", jisr.FacilityStatuses...)
	add("prole", jisr.PersonRoles...)
	add("link", jisr.LinkTypes...)
	add("reqstatus", jisr.RequestPending, jisr.RequestAccepted, jisr.RequestRefused)
	add("act", auditActions...)
	add("outcome", "ok", "denied", "failed")
	add("rule", jisr.RuleSelector, jisr.RuleSite, jisr.RuleDuplicate, jisr.RuleName)
	add("hitstatus", jisr.HitPending, jisr.HitReleased, jisr.HitDeclined)
	add("looktype", jisr.LookoutTypes...)
	add("lookstate", jisr.LookActive, jisr.LookWithdrawn, jisr.LookExpired)
	add("done", "lookout_issued", "lookout_withdrawn", "operation_opened", "operation_changed")
	add("opstate", jisr.OpOpen, jisr.OpClosed)
	add("outkind", jisr.OutcomeKinds...)
	add("leadkind", jisr.LeadKinds...)
	add("discstate", jisr.DiscDraft, jisr.DiscApproved)
	add("consent", jisr.ConsentPending, jisr.ConsentGiven, jisr.ConsentRefused)
	add("consentuse", jisr.ConsentUses...)
	add("consentstatus", jisr.RequestPending, jisr.RequestAccepted, jisr.RequestRefused)
	add("done", "consent_asked")
	for _, u := range jisr.ConsentUses {
		add("consentreq", "confirm_"+u, "granted_"+u)
	}
	add("discact", jisr.DiscActConsent, jisr.DiscActRefuse, jisr.DiscActEdit, jisr.DiscActApprove)
	add("done", "outcome_reported", "disclosure_changed")
	add("hitfilter", "pending", "released", "declined", "full", "strong", "weak")
	add("hits.reason", jisr.RuleSelector, jisr.RuleSite, jisr.RuleDuplicate, jisr.RuleName)
	add("delstate", jisr.DelPlanned, jisr.DelInTransit, jisr.DelHandover, jisr.DelDelivered, jisr.DelInterdicted, jisr.DelLost)
	add("checkpoint", jisr.CheckpointKinds...)
	add("delact", jisr.OpActStart, jisr.OpActHandover, jisr.OpActAcknowledge)
	add("taskstate", "open", "done")
	add("opevent", "created", jisr.OpActLink, jisr.OpActEvent, jisr.OpActTask, jisr.OpActTaskDone, jisr.OpActWiden, jisr.OpActClose,
		jisr.OpActDelivery, jisr.OpActStart, jisr.OpActHandover, jisr.OpActAcknowledge, jisr.OpActOutcome)
	for _, t := range selectors.Types {
		add("sel", string(t))
	}
	add("lang", Languages...)
	add("group", demo.Groups()...) // the sharing groups a reader sees by name
	add("locks.kind", "pair", "account", "address", "otp")
	add("done", "unlocked", "twofa_reset")
	add("grading.source", "A", "B", "C", "D", "E", "F")
	add("grading.info", "1", "2", "3", "4", "5", "6")
	for m := 1; m <= 12; m++ {
		add("month", fmt.Sprint(m))
		add("month.short", fmt.Sprint(m))
	}
	for _, c := range []string{jisr.EINVALID, jisr.ENOTFOUND, jisr.EFORBIDDEN, jisr.EUNAUTHORIZED, jisr.ECONFLICT, jisr.ERATELIMIT, jisr.EINTERNAL,
		jisr.ETOOLARGE, jisr.EOTPREQUIRED, jisr.EENROLREQUIRED} {
		add("err", c)
	}
	for _, s := range jisr.Schemas {
		add("schema", s.Name)
		for _, p := range s.Props {
			add("prop", p.Name)
			if p.Type == jisr.PropEnum {
				add("val", p.Enum...)
			}
		}
	}
	for c := range jisr.Countries {
		add("country", c)
	}
	keys = append(keys, "err.csrf", "rel.country_of", "rel.group_of", "rel.originator_only", "dashboard.chart", "stats.chart_count", "stats.chart_pills", "stats.chart_kg",
		"num.compact.thousand", "num.compact.million", "num.compact.billion",
		"done.created", "done.updated", "done.released", "done.requested", "done.answered", "done.attached",
		"done.agency", "done.hit_answered", "hits.title", "persons.title", "done.user", "done.user_changed", "done.password",
		"login.title", "form.new_title", "form.date_placeholder", "nav.menu", "form.edit_title", "records.title", "record.title", "error.title",
		"stats.title", "map.title", "agencies.title", "users.title", "audit.title", "dashboard.title")
	return keys
}

func TestTranslationsComplete(t *testing.T) {
	used := map[string]bool{}
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, p)
		if err != nil {
			return err
		}
		for _, m := range reTKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys in templates; is the pattern right?", len(used))
	}
	for _, k := range keysNeeded() {
		used[k] = true
	}
	var missing []string
	for k := range used {
		for _, l := range Languages {
			if _, ok := messages[l][k]; !ok {
				missing = append(missing, l+": "+k)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d translations missing:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	// Every language has exactly the same keys: nothing left over in one.
	for _, l := range Languages[1:] {
		for k := range messages[l] {
			if _, ok := messages["ar"][k]; !ok {
				t.Errorf("%s has %q that ar has not", l, k)
			}
		}
		for k := range messages["ar"] {
			if _, ok := messages[l][k]; !ok {
				t.Errorf("ar has %q that %s has not", k, l)
			}
		}
	}
}

func TestNegotiate(t *testing.T) {
	cases := []struct {
		cookie, pref, accept, want string
	}{
		{"", "", "", "ar"},
		{"", "", "en-US,en;q=0.9", "en"},
		{"", "", "fr-LB,fr;q=0.9,ar;q=0.5", "fr"},
		{"", "", "de-DE", "ar"},
		{"", "en", "fr", "en"},
		{"fr", "en", "ar", "fr"},
		{"xx", "", "en", "en"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		if c.cookie != "" {
			r.Header.Set("Cookie", "lang="+c.cookie)
		}
		if c.accept != "" {
			r.Header.Set("Accept-Language", c.accept)
		}
		var u *jisr.User
		if c.pref != "" {
			u = &jisr.User{Lang: c.pref}
		}
		if got := negotiate(r, u); got != c.want {
			t.Errorf("cookie %q pref %q accept %q: got %s, want %s", c.cookie, c.pref, c.accept, got, c.want)
		}
	}
}

func TestFormat(t *testing.T) {
	ar := Locale{Lang: "ar", ArabicDigit: true}
	if got := ar.Num(1234567.5); got != "١٬٢٣٤٬٥٦٧٫٥" {
		t.Errorf("ar Num = %q", got)
	}
	en := Locale{Lang: "en"}
	if got := en.Num(565000); got != "565,000" {
		t.Errorf("en Num = %q", got)
	}
	if got := en.Num(-1000.25); got != "-1,000.25" {
		t.Errorf("en Num = %q", got)
	}
	if got := (Locale{Lang: "fr"}).Num(1234.5); got != "1\u202f234,5" {
		t.Errorf("fr Num = %q", got)
	}
	if got := ar.Date("2026-11-25"); !strings.HasPrefix(got, "٢٥ ") || !strings.HasSuffix(got, " ٢٠٢٦") {
		t.Errorf("ar Date = %q", got)
	}
	if got := en.Date("2026-11-25"); got != "25 November 2026" {
		t.Errorf("en Date = %q", got)
	}
}

// TestReasonsTranslated: every reason key of invalid input, refusals and
// conflicts (jisr.Reasons) has its text in every language, taking the same
// parameters as the English form: each of them, and no other (a text may
// reorder them with %[n]s).
func TestReasonsTranslated(t *testing.T) {
	for reason, en := range jisr.Reasons {
		want := reasonParams(en)
		for _, lang := range Languages {
			l := Locale{Lang: lang}
			if !l.Has("reason." + reason) {
				t.Errorf("%s: no reason.%s", lang, reason)
				continue
			}
			if got := reasonParams(l.T("reason." + reason)); got != want {
				t.Errorf("%s: reason.%s takes parameters %s, the English form %s", lang, reason, got, want)
			}
		}
	}
	if got := reasonParams("%[2]s, %[1]s"); got != "1,2" {
		t.Errorf("reasonParams = %q", got)
	}
	if got := reasonParams("%s and %s %d"); got != "1,2,3?" {
		t.Errorf("reasonParams = %q", got)
	}
}

// reasonParams lists the parameters a text takes, in order of number
// ("1,2"), a verb other than %s marked "?".
func reasonParams(s string) string {
	re := regexp.MustCompile(`%(?:\[(\d+)\])?([a-zA-Z%])`)
	seen := map[int]string{}
	next := 1
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		if m[2] == "%" {
			continue
		}
		n := next
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
		}
		next = n + 1
		v := ""
		if m[2] != "s" && m[2] != "q" {
			v = "?"
		}
		seen[n] = v
	}
	out := make([]string, 0, len(seen))
	for i := 1; i <= len(seen); i++ {
		v, ok := seen[i]
		if !ok {
			return "gap"
		}
		out = append(out, strconv.Itoa(i)+v)
	}
	return strings.Join(out, ",")
}

// TestErrorTextFromReasons (issue 12, forms): the invalid-input errors a
// user meets carry a reason key and its parameters from where they arise
// (text limits, attachment names, entity properties, filters, passwords),
// and each language renders them whole — never by matching English text.
func TestErrorTextFromReasons(t *testing.T) {
	long := strings.Repeat("x", jisr.MaxTitle+1)
	rec := func(props map[string][]string) error {
		r := &jisr.Record{Kind: jisr.KindReport, Title: "t", NarrativeEN: "n", TLP: jisr.TLPAmber, Handling: jisr.H0,
			Grading: jisr.Grading{Source: "B", Information: 2}, OccurredOn: "2026-01-02",
			Entities: []jisr.Entity{{ID: "e1", Schema: "Person", Props: props}}}
		return r.Validate(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	}
	for _, c := range []struct {
		name   string
		err    error
		reason string
	}{
		{"utf8", jisr.CheckText("title", "a\xffb", 10), "utf8"},
		{"nul", jisr.CheckText("title", "a\x00b", 10), "nul"},
		{"too long", jisr.CheckText("title", long, jisr.MaxTitle), "too_long"},
		{"file name ..", jisr.CheckAttachmentName("../x.pdf"), "file_name_dots"},
		{"file name RLO", jisr.CheckAttachmentName("invoice\u202Efdp.exe"), "file_name_char"},
		{"empty property", rec(map[string][]string{"name": {"  "}}), "empty"},
		{"date property", rec(map[string][]string{"name": {"A"}, "birthDate": {"31/12/1990"}}), "date_partial"},
		{"country property", rec(map[string][]string{"name": {"A"}, "nationality": {"Iraq"}}), "country"},
	} {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		reason, params := jisr.ErrorReason(c.err)
		if reason != c.reason {
			t.Errorf("%s: reason %q, want %q (%v)", c.name, reason, c.reason, c.err)
			continue
		}
		for _, lang := range Languages {
			l := Locale{Lang: lang}
			got := l.ErrorText(c.err)
			if got != l.reasonText(reason, params) || strings.Contains(got, "(") && strings.Contains(got, jisr.ErrorMessage(c.err)) {
				t.Errorf("%s %s: %q is not the reason rendered whole", c.name, lang, got)
			}
			if lang != "en" && strings.Contains(got, jisr.ErrorMessage(c.err)) {
				t.Errorf("%s %s: English text in %q", c.name, lang, got)
			}
		}
	}
}

// TestNoErrorTextMatching: the web layer never translates a message by
// looking for English words in it.
func TestNoErrorTextMatching(t *testing.T) {
	re := regexp.MustCompile(`strings\.(Contains|HasPrefix|HasSuffix|Index|EqualFold)\([^)]*(msg|Message|Error\(\)|Explanation)`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if re.MatchString(line) {
				t.Errorf("%s:%d matches message text: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
