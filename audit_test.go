package jisr

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"
)

// TestAuditActionsComplete: every Act… constant is listed once in
// AuditActions, so the web filter and its translations cover every action.
func TestAuditActionsComplete(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "audit.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var consts []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, name := range vs.Names {
			if len(name.Name) > 3 && name.Name[:3] == "Act" && i < len(vs.Values) {
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok {
					v, _ := strconv.Unquote(lit.Value)
					consts = append(consts, v)
				}
			}
		}
		return true
	})
	if len(consts) < 20 {
		t.Fatalf("found %d actions", len(consts))
	}
	for _, c := range consts {
		if n := len(slices.DeleteFunc(slices.Clone(AuditActions), func(a string) bool { return a != c })); n != 1 {
			t.Errorf("action %q is listed %d times in AuditActions", c, n)
		}
	}
	if len(AuditActions) != len(consts) {
		t.Errorf("AuditActions has %d entries, there are %d constants", len(AuditActions), len(consts))
	}
}
