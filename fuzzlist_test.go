package jisr_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFuzzTargetsListed: every fuzz target of the module is in scripts/fuzz,
// so `make fuzz` and CI run it, and everything listed there exists.
func TestFuzzTargetsListed(t *testing.T) {
	script, err := os.ReadFile("scripts/fuzz")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile(`"(\.\S*) (Fuzz\w+) \d+x"`).FindAllStringSubmatch(string(script), -1) {
		listed[m[1]+" "+m[2]] = true
	}
	reFuzz := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(\w+ \*testing\.F\)`)
	found := map[string]bool{}
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != "." {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range reFuzz.FindAllStringSubmatch(string(b), -1) {
			dir := filepath.ToSlash(filepath.Dir(path))
			if dir != "." {
				dir = "./" + dir
			}
			found[dir+" "+m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for f := range found {
		if !listed[f] {
			t.Errorf("fuzz target %s is not in scripts/fuzz", f)
		}
	}
	for l := range listed {
		if !found[l] {
			t.Errorf("scripts/fuzz lists %s, which does not exist", l)
		}
	}
}
