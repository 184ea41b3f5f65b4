//go:build ignore

// eval scores ranked results against the answers written by gen.go:
//
//	go run ./scripts/pgtrgm-bench/eval.go -dir DIR -results FILE
//
// FILE has one line per query, either the JSON lines of `jisr names rank`
// ({"query":"q1","results":[{"id":"p7",…},…]}) or "qid<TAB>id,id,…" as
// run.sh writes for pg_trgm. A result is right when its Arabic name equals
// the answer's (the generator may produce the same name twice). It prints
// recall@10 and precision@1.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	dir := flag.String("dir", ".", "directory of gen.go's files")
	results := flag.String("results", "", "results file")
	flag.Parse()
	arabic := map[string]string{}
	eachLine(filepath.Join(*dir, "corpus-ar.tsv"), func(l string) {
		id, name, _ := strings.Cut(l, "\t")
		arabic[id] = name
	})
	want := map[string]string{}
	eachLine(filepath.Join(*dir, "answers.tsv"), func(l string) {
		f := strings.Split(l, "\t")
		want[f[0]] = f[2]
	})
	var queries, hit1, hit10 int
	eachLine(*results, func(l string) {
		var qid string
		var ids []string
		if strings.HasPrefix(l, "{") {
			var r struct {
				Query   string
				Results []struct{ ID string }
			}
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				log.Fatal(err)
			}
			qid = r.Query
			for _, x := range r.Results {
				ids = append(ids, x.ID)
			}
		} else {
			var list string
			qid, list, _ = strings.Cut(l, "\t")
			if list = strings.TrimSpace(list); list != "" {
				ids = strings.Split(list, ",")
			}
		}
		w, ok := want[qid]
		if !ok {
			return
		}
		queries++
		for i, id := range ids {
			if i >= 10 {
				break
			}
			if arabic[id] == w {
				if i == 0 {
					hit1++
				}
				hit10++
				break
			}
		}
	})
	fmt.Printf("queries %d recall@10 %.4f precision@1 %.4f\n", queries, float64(hit10)/float64(max(queries, 1)), float64(hit1)/float64(max(queries, 1)))
}

func eachLine(path string, fn func(string)) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			fn(l)
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
}
