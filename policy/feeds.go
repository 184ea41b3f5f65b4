package policy

import (
	"github.com/jisr-cell/jisr"
)

// Feed is a sharing audience a caller may read as a feed (a TAXII
// collection): its token, and what it is.
type Feed struct {
	Token string
	Kind  string // agency, country, group, community
	Name  string // agency code, country code, group name, "community"
}

// Feeds are the sharing audiences p may read as feeds: its agency, its
// country, each of its groups and the community — the tokens of p, less
// the per-user and restricted ones, which only TLP:RED records carry (a
// feed is not a named recipient). A caller without tokens has none.
func Feeds(p jisr.Principal) []Feed {
	if !CanReadRecords(p.Role) || p.Agency == "" {
		return nil
	}
	out := []Feed{{Token: tokAgency + p.Agency, Kind: "agency", Name: p.Agency}}
	if p.Country != "" {
		out = append(out, Feed{Token: tokCountry + p.Country, Kind: "country", Name: p.Country})
	}
	for _, g := range p.Groups {
		out = append(out, Feed{Token: tokGroup + g, Kind: "group", Name: g})
	}
	return append(out, Feed{Token: tokCommunity, Kind: "community", Name: "community"})
}

// InFeed reports whether r goes out in p's feeds: p reads it, may pass it
// on (Withheld), and it is not TLP:RED (named recipients only, even the
// originator's own: a feed has no names).
func InFeed(p jisr.Principal, r *jisr.Record) bool {
	return r.TLP != jisr.TLPRed && Withheld(p, r) == ""
}
