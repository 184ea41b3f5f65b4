package names_test

import (
	"fmt"

	"github.com/jisr-cell/jisr/names"
)

func ExampleCompare() {
	m := names.Compare("محمد عبد الله الأسعد", "M. Abdullah El Assaad")
	fmt.Printf("%.2f\n", m.Score)
	for _, p := range m.Explanation.Pairs {
		fmt.Printf("%s ~ %s: %s\n", p.Query, p.Candidate, p.How)
	}
	fmt.Printf("Omar/Amr: %.2f\n", names.Compare("عمر", "Amr").Score)
	// Output:
	// 0.91
	// محمد ~ M: initial
	// عبد الله ~ Abdullah: cross-script
	// الأسعد ~ El-Assaad: cross-script
	// Omar/Amr: 0.00
}

func ExampleIndex() {
	x := names.NewIndex()
	x.Add("p1", "محمد عبد الله الأسعد")
	x.Add("p2", "عمرو سعيد المصري")
	x.Add("p3", "عمر سعيد المصري")
	for _, r := range x.Search("Omar Saeed al-Masri", 2) {
		fmt.Printf("%s %.2f\n", r.ID, r.Score)
	}
	// Output:
	// p3 0.98
	// p2 0.79
}
