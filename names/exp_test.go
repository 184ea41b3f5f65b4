package names
import ("testing";"fmt";"strconv";"time"
 "github.com/jisr-cell/jisr/names/namegen")
func TestExp(t *testing.T){
  g := namegen.New(1)
  x := NewIndex()
  var ps []namegen.Person
  t0 := time.Now()
  N := 100000
  for i:=0;i<N;i++{ p:=g.Person(); ps=append(ps,p); x.Add(strconv.Itoa(i), p.Arabic) }
  fmt.Println("build", time.Since(t0), "parts", len(x.parts), "keys", len(x.postings))
  hit1, hit10 := 0, 0
  Q := 2000
  t0 = time.Now()
  shown := 0
  for i:=0;i<Q;i++{ p := ps[i]; q := g.Variant(p)
    rs := x.Search(q, 10)
    for r, res := range rs { if res.ID==strconv.Itoa(i) || x.docs[x.byID[res.ID]].name == p.Arabic { if r==0 {hit1++}; hit10++; break } }
    if (len(rs)==0 || (rs[0].ID != strconv.Itoa(i) && x.docs[x.byID[rs[0].ID]].name != p.Arabic)) && shown < 15 { shown++; fmt.Printf("MISS %q %q ->", q, p.Arabic); if len(rs)>0 {fmt.Printf(" %q %.3f | %s", x.docs[x.byID[rs[0].ID]].name, rs[0].Score, rs[0].Explanation)}; fmt.Println(); m := Compare(q, p.Arabic); fmt.Printf("   true: %.3f %s\n", m.Score, m.Explanation) }
  }
  fmt.Println("query", time.Since(t0)/time.Duration(Q), "p@1", float64(hit1)/float64(Q), "r@10", float64(hit10)/float64(Q))
}
