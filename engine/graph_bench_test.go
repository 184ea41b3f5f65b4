package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/storetest"
)

// BenchmarkGraphAround5000: the explorer's query at 5,000 nodes — Around
// over the store's audience filter, four steps from a container held by
// 200 records, each holding a phone shared with 13 more, each of those
// holding a phone of its own (5,601 nodes, cut at engine.MaxGraphNodes) —
// and the JSON the web interface sends. docs/BENCHMARKS.md, "Link graph":
//
//	go test -run '^$' -bench BenchmarkGraphAround5000 -benchtime 20x ./engine/
func BenchmarkGraphAround5000(b *testing.B) {
	ctx := context.Background()
	e, _ := open(b)
	for _, a := range demo.Agencies() {
		if err := e.CreateAgency(ctx, storetest.System, a); err != nil {
			b.Fatal(err)
		}
	}
	const hubs, per = 200, 13
	var recs []*jisr.Record
	rec := func(i int, phones ...string) *jisr.Record {
		r := storetest.Seizure(fmt.Sprintf("qxbench%d", i), jisr.TLPGreen, jisr.H0, jisr.Releasability{})
		r.Originator = "JO-AND"
		r.Entities = r.Entities[:1] // the drug quantity only
		for k, ph := range phones {
			r.Entities = append(r.Entities, jisr.Entity{ID: fmt.Sprintf("ph%d", k), Schema: "Phone", Props: map[string][]string{"number": {ph}}})
		}
		return r
	}
	phone := func(n int) string { return fmt.Sprintf("+96279%07d", n) }
	n := 0
	for h := range hubs {
		r := rec(n, phone(h))
		r.Entities = append(r.Entities, jisr.Entity{ID: "c1", Schema: "Container", Props: map[string][]string{"number": {"CSQU3054383"}}})
		recs = append(recs, r)
		n++
		for range per {
			recs = append(recs, rec(n, phone(h), phone(100000+n)))
			n++
		}
	}
	i := 0
	rep, err := e.ImportRecords(ctx, jisr.Principal{System: true, Username: "bench"}, jisr.RecordItems(func() (*jisr.Record, error) {
		if i == len(recs) {
			return nil, io.EOF
		}
		i++
		return recs[i-1], nil
	}), jisr.ImportOptions{CommitEvery: engine.ImportBatch})
	if err != nil || rep.Created != len(recs) {
		b.Fatal(rep, err)
	}
	u := &jisr.User{Username: "jo.analyst", Agency: "JO-AND", Role: jisr.RoleAnalyst}
	if err := e.CreateUser(ctx, storetest.System, u, storetest.Password); err != nil {
		b.Fatal(err)
	}
	p := storetest.As(b, e, "jo.analyst")
	var nodes, edges, size int
	for b.Loop() {
		g, err := e.Around(ctx, p, "sel:container:CSQU3054383", 4, engine.MaxGraphNodes)
		if err != nil {
			b.Fatal(err)
		}
		js, err := json.Marshal(g)
		if err != nil {
			b.Fatal(err)
		}
		nodes, edges, size = len(g.Nodes), len(g.Edges), len(js)
	}
	if nodes != engine.MaxGraphNodes {
		b.Fatalf("%d nodes, want %d", nodes, engine.MaxGraphNodes)
	}
	b.ReportMetric(float64(nodes), "nodes")
	b.ReportMetric(float64(edges), "edges")
	b.ReportMetric(float64(size)/1024, "KiB")
}
