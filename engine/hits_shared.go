package engine

import "github.com/jisr-cell/jisr"

// widen returns the releasability that releases to everyone a or b does.
func widen(a, b jisr.Releasability) jisr.Releasability {
	union := func(x, y []string) []string {
		out := append([]string{}, x...)
		for _, v := range y {
			found := false
			for _, w := range out {
				found = found || w == v
			}
			if !found {
				out = append(out, v)
			}
		}
		return out
	}
	return jisr.Releasability{
		Community: a.Community || b.Community,
		Agencies:  union(a.Agencies, b.Agencies),
		Countries: union(a.Countries, b.Countries),
		Groups:    union(a.Groups, b.Groups),
	}
}
