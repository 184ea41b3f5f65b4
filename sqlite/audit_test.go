package sqlite_test

import (
	"context"
	"database/sql"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
)

// TestAuditCallsUseConstantsAndErrors reads the source of the store and of
// the engine (where the rules that audit now are): every audit write names
// its action with a jisr.Act… constant (or passes on a parameter named
// action), and no caller drops the error of an audit write.
func TestAuditCallsUseConstantsAndErrors(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	engineFiles, _ := filepath.Glob("../engine/*.go")
	files = append(files, engineFiles...)
	fset := token.NewFileSet()
	argOf := map[string]int{"audit": 1, "auditOnly": 2, "deny": 2, "denied": 2, "auditReads": 1, "auditRead": 2, "Audit": 1, "AuditReads": 1}
	calls := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if st, ok := n.(*ast.ExprStmt); ok {
				if c, ok := st.X.(*ast.CallExpr); ok {
					if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
						if _, audited := argOf[sel.Sel.Name]; audited {
							t.Errorf("%s: the error of %s is dropped", fset.Position(c.Pos()), sel.Sel.Name)
						}
					}
				}
			}
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := c.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			i, audited := argOf[sel.Sel.Name]
			if !audited || len(c.Args) <= i {
				return true
			}
			calls++
			switch a := c.Args[i].(type) {
			case *ast.SelectorExpr:
				if x, ok := a.X.(*ast.Ident); ok && x.Name == "jisr" && strings.HasPrefix(a.Sel.Name, "Act") {
					return true
				}
			case *ast.Ident:
				if a.Name == "action" {
					return true
				}
			}
			t.Errorf("%s: %s names its action with %T, not a jisr.Act… constant", fset.Position(c.Pos()), sel.Sel.Name, c.Args[i])
			return true
		})
	}
	if calls < 30 {
		t.Fatalf("found only %d audit calls; the test no longer sees them", calls)
	}
}

// TestDeniedActionFailsWhenAuditFails: a refused action whose audit entry
// cannot be written fails as an internal error, never as a plain refusal
// that leaves no trace.
func TestDeniedActionFailsWhenAuditFails(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := engine.New(s)
	defer e.Close()
	storetest.Seed(t, e)
	jo, iq, aud := storetest.As(t, e, "jo.analyst"), storetest.As(t, e, "iq.analyst"), storetest.As(t, e, "jo.auditor")
	private := storetest.Seizure("qxdenyaudit", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := e.CreateRecord(ctx, jo, private); err != nil {
		t.Fatal(err)
	}
	att, err := e.AddAttachment(ctx, jo, private.ID, "a.txt", "text/plain", strings.NewReader("abc"))
	if err != nil {
		t.Fatal(err)
	}
	// From now on the trail refuses every refusal.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "jisr.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TRIGGER audit_fails BEFORE INSERT ON audit WHEN NEW.outcome = 'denied' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	none := func() (*jisr.Record, error) { return nil, io.EOF }
	cases := []struct {
		name string
		do   func() error
	}{
		{"create", func() error {
			return e.CreateRecord(ctx, aud, storetest.Seizure("x", jisr.TLPAmber, jisr.H0, jisr.Releasability{}))
		}},
		{"import", func() error {
			_, err := e.ImportRecords(ctx, aud, jisr.RecordItems(none), jisr.ImportOptions{})
			return err
		}},
		{"read", func() error { _, err := e.Record(ctx, iq, private.ID); return err }},
		{"history", func() error { _, err := e.History(ctx, iq, private.ID); return err }},
		{"update", func() error { c := *private; return e.UpdateRecord(ctx, iq, &c) }},
		{"attach", func() error {
			_, err := e.AddAttachment(ctx, iq, private.ID, "b.txt", "text/plain", strings.NewReader("x"))
			return err
		}},
		{"attachment read", func() error { _, _, err := e.Attachment(ctx, iq, private.ID, att.ID); return err }},
		{"record hits", func() error { _, err := e.RecordHits(ctx, iq, private.ID); return err }},
		{"graph", func() error { _, err := e.Neighbours(ctx, iq, "record:"+private.ID, 0); return err }},
		{"path", func() error {
			_, err := e.Path(ctx, iq, "record:"+private.ID, "sel:phone:+9647701234567", 0)
			return err
		}},
		{"release request", func() error {
			return e.RequestRelease(ctx, iq, &jisr.ReleaseRequest{RecordID: private.ID, Reason: "need it", Wanted: jisr.Releasability{Agencies: []string{"IQ-GDNA"}}})
		}},
		{"audit query", func() error { _, _, err := e.AuditEntries(ctx, jo, jisr.AuditFilter{}); return err }},
		{"create agency", func() error {
			return e.CreateAgency(ctx, jo, &jisr.Agency{Code: "SY-MOI", Country: "SY", NameEN: "x", NameAR: "x"})
		}},
		{"create user", func() error {
			return e.CreateUser(ctx, jo, &jisr.User{Username: "x.y", Agency: "JO-AND", Role: jisr.RoleAnalyst}, storetest.Password)
		}},
		{"disable user", func() error { return e.SetDisabled(ctx, jo, "iq.analyst", true) }},
	}
	for _, c := range cases {
		if err := c.do(); jisr.ErrorCode(err) != jisr.EINTERNAL {
			t.Errorf("%s: a refusal whose audit entry failed answered %v, want an internal error", c.name, err)
		}
	}
}
