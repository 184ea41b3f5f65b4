package jisr

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// refusalCodes are the codes whose errors a user is meant to read and act
// on: each carries a reason key (Reasons) from where it arises.
var refusalCodes = map[string]bool{"EINVALID": true, "EFORBIDDEN": true, "ECONFLICT": true}

// TestEveryRefusalHasAReason (issue 12, forms) scans the source of every
// package of the module: an invalid-input, forbidden or conflict error is
// made only with a reason key — by Because, Refused, ConflictOn or
// ForbiddenOn with a key of Reasons written as a literal (or passed on
// from a parameter), or as an Error literal that sets Reason — never by
// Errorf with one of those codes, nor by a literal without a Reason.
func TestEveryRefusalHasAReason(t *testing.T) {
	fset := token.NewFileSet()
	var files int
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != "." && (strings.HasPrefix(n, ".") || n == "testdata" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files++
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && path == "error.go" && fd.Name.Name == "Errorf" {
				continue // the constructor itself; its calls are checked
			}
			ast.Inspect(d, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					checkReasonCall(t, fset, x)
				case *ast.CompositeLit:
					checkErrorLit(t, fset, x)
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("scanned only %d files", files)
	}
}

// codeName is the name of an error code constant (EINVALID, jisr.EINVALID).
func codeName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}

func funcName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && (id.Name == "jisr") {
			return x.Sel.Name
		}
	}
	return ""
}

func checkReasonCall(t *testing.T, fset *token.FileSet, c *ast.CallExpr) {
	at := fset.Position(c.Pos())
	name := funcName(c.Fun)
	var key ast.Expr
	switch name {
	case "Errorf":
		if len(c.Args) > 0 && refusalCodes[codeName(c.Args[0])] {
			t.Errorf("%s: Errorf(%s, …) carries no reason key: use Because/Refused with a key of Reasons", at, codeName(c.Args[0]))
		}
		return
	case "Because", "ConflictOn", "ForbiddenOn", "Refused":
		if len(c.Args) < 2 {
			return
		}
		key = c.Args[1]
	case "denied": // package policy's refusal: denied(key, params...)
		if len(c.Args) < 1 {
			return
		}
		key = c.Args[0]
	default:
		return
	}
	lit, ok := key.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return // a key passed on (a parameter, a variable): checked where it is written
	}
	k, _ := strconv.Unquote(lit.Value)
	f, ok := Reasons[k]
	if !ok {
		t.Errorf("%s: reason key %q is not in Reasons", at, k)
		return
	}
	if c.Ellipsis == token.NoPos {
		given := len(c.Args) - 2
		if name == "denied" {
			given = len(c.Args) - 1
		}
		if want, got := len(reasonVerbs.FindAllString(f, -1)), given; want != got {
			t.Errorf("%s: reason %q takes %d parameters, given %d", at, k, want, got)
		}
	}
}

func checkErrorLit(t *testing.T, fset *token.FileSet, c *ast.CompositeLit) {
	typ := ""
	switch x := c.Type.(type) {
	case *ast.Ident:
		typ = x.Name
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && id.Name == "jisr" {
			typ = x.Sel.Name
		}
	}
	if typ != "Error" {
		return
	}
	code, reason := "", false
	for _, el := range c.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch k, _ := kv.Key.(*ast.Ident); {
		case k == nil:
		case k.Name == "Code":
			if code = codeName(kv.Value); !strings.HasPrefix(code, "E") {
				code = "?" // a code passed on from another error
			}
		case k.Name == "Reason":
			reason = true
		}
	}
	if !reason && (refusalCodes[code] || code == "?") {
		t.Errorf("%s: an Error{Code: %s} literal without a Reason", fset.Position(c.Pos()), code)
	}
}

// reasonVerbs are the parameters of a reason's text: %s, %q or %[n]s.
var reasonVerbs = regexp.MustCompile(`%(\[\d+\])?[sq]`)

// TestReasonsWellFormed: every reason's English text takes its parameters
// as %s or %q only (Because writes each with fmt.Sprint), so a front end's
// text of the key takes the same ones.
func TestReasonsWellFormed(t *testing.T) {
	anyVerb := regexp.MustCompile(`%.`)
	for k, f := range Reasons {
		if n, m := len(anyVerb.FindAllString(strings.ReplaceAll(f, "%%", ""), -1)), len(reasonVerbs.FindAllString(f, -1)); n != m {
			t.Errorf("reason %q: %q has verbs other than %%s and %%q", k, f)
		}
	}
	e := Because("f", "between", 1, 2.5)
	if e.Reason != "between" || strings.Join(e.Params, "|") != "1|2.5" || e.Message != "must be between 1 and 2.5" || e.Field != "f" || e.Code != EINVALID {
		t.Errorf("Because: %+v", e)
	}
	r := Refused(EFORBIDDEN, "f_role_enter", RoleAuditor)
	if r.Code != EFORBIDDEN || r.Message != "your role (auditor) does not enter records" || r.Params[0] != "auditor" {
		t.Errorf("Refused: %+v", r)
	}
}
