package engine_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/storetest"
)

// BenchmarkLookoutWatch: what active lookouts cost a record write (each
// record is checked against them in its own transaction): creating demo
// records over SQLite with no lookout, and with 200 active lookouts (100
// phones, 100 person names, which go through the cross-script name index).
func BenchmarkLookoutWatch(b *testing.B) {
	ctx := context.Background()
	for _, lookouts := range []int{0, 200} {
		b.Run(fmt.Sprintf("lookouts=%d", lookouts), func(b *testing.B) {
			e, _ := open(b)
			loadDemo(b, e, 2000)
			u := &jisr.User{Username: "jo.liaison", Agency: "JO-AND", Role: jisr.RoleLiaison}
			if err := e.CreateUser(ctx, storetest.System, u, storetest.Password); err != nil {
				b.Fatal(err)
			}
			p := storetest.As(b, e, "jo.liaison")
			g := demo.New(3)
			for i := range lookouts / 2 {
				for _, l := range []*jisr.Lookout{
					{Type: jisr.LookPhone, Value: fmt.Sprintf("+96279%07d", 1000000+i), Expires: time.Now().Add(24 * time.Hour)},
					{Type: jisr.LookPerson, Value: fmt.Sprintf("Khaled Hamad Al-Jubouri%c", 'a'+rune(i%26)), Expires: time.Now().Add(24 * time.Hour)},
				} {
					if err := e.CreateLookout(ctx, p, l); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ResetTimer()
			for b.Loop() {
				r := g.Next()
				r.Originator, r.ExternalID, r.Releasability = "", "", jisr.Releasability{}
				if r.TLP == jisr.TLPRed {
					r.TLP = jisr.TLPAmber
				}
				if err := e.CreateRecord(ctx, p, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
