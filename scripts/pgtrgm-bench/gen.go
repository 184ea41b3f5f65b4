//go:build ignore

// gen writes a corpus of generated Arab names and Latin-spelling queries
// for comparing `jisr names rank` with PostgreSQL pg_trgm:
//
//	go run ./scripts/pgtrgm-bench/gen.go -n 1000000 -q 2000 -out DIR
//
// DIR/corpus-ar.tsv   id<TAB>name in Arabic script
// DIR/corpus-lat.tsv  id<TAB>the most common Latin spelling of the same name
// DIR/queries.tsv     qid<TAB>another agency's Latin spelling of one of them
// DIR/answers.tsv     qid<TAB>id<TAB>Arabic name (any id with this Arabic name is right)
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/jisr-cell/jisr/names/namegen"
)

func main() {
	n := flag.Int("n", 1000000, "names in the corpus")
	nq := flag.Int("q", 2000, "queries")
	out := flag.String("out", ".", "output directory")
	seed := flag.Int64("seed", 1, "generator seed")
	flag.Parse()
	if *nq > *n {
		*nq = *n
	}
	create := func(name string) (*os.File, *bufio.Writer) {
		f, err := os.Create(filepath.Join(*out, name))
		if err != nil {
			log.Fatal(err)
		}
		return f, bufio.NewWriterSize(f, 1<<20)
	}
	far, war := create("corpus-ar.tsv")
	flat, wlat := create("corpus-lat.tsv")
	fq, wq := create("queries.tsv")
	fa, wa := create("answers.tsv")
	g := namegen.New(*seed)
	v := namegen.New(*seed + 1000)
	step := *n / *nq
	for i := 0; i < *n; i++ {
		p := g.Person()
		id := fmt.Sprintf("p%d", i)
		fmt.Fprintf(war, "%s\t%s\n", id, p.Arabic)
		fmt.Fprintf(wlat, "%s\t%s\n", id, p.Latin[0])
		if i%step == 0 && i/step < *nq {
			q := fmt.Sprintf("q%d", i/step)
			fmt.Fprintf(wq, "%s\t%s\n", q, v.Variant(p))
			fmt.Fprintf(wa, "%s\t%s\t%s\n", q, id, p.Arabic)
		}
	}
	for _, p := range []struct {
		f *os.File
		w *bufio.Writer
	}{{far, war}, {flat, wlat}, {fq, wq}, {fa, wa}} {
		if err := p.w.Flush(); err != nil {
			log.Fatal(err)
		}
		if err := p.f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}
