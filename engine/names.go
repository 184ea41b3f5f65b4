package engine

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// NameHitScore is the lowest name score that makes a "possible same
// person" hit between two records.
const NameHitScore = 0.85

// nameSchemas are the entity schemas whose names are indexed.
var nameSchemas = map[string]bool{"Person": true, "Company": true, "Organization": true}

// personNames returns the indexed names of a record: those of its
// persons, companies and organisations, never of a protected person.
func personNames(r *jisr.Record) []PersonName {
	var out []PersonName
	for _, e := range r.Entities {
		if !nameSchemas[e.Schema] || policy.Protected(&e) {
			continue
		}
		for i, n := range e.Props["name"] {
			out = append(out, PersonName{Entity: e.ID, I: i, Name: n, Schema: e.Schema})
		}
	}
	return out
}

// docID names one indexed name: seq/entity/i, with a trailing "/p" for
// the names of persons.
func docID(seq int64, entity string, i int, schema string) string {
	id := strconv.FormatInt(seq, 10) + "/" + entity + "/" + strconv.Itoa(i)
	if schema == "Person" {
		id += "/p"
	}
	return id
}

func parseDocID(id string) (seq int64, entity string) {
	a, rest, _ := strings.Cut(id, "/")
	entity, _, _ = strings.Cut(rest, "/")
	seq, _ = strconv.ParseInt(a, 10, 64)
	return seq, entity
}

// isPersonDoc reports whether an indexed name is a person's.
func isPersonDoc(id string) bool { return strings.HasSuffix(id, "/p") }

// audiences numbers the distinct audiences (policy.Audience token sets) of
// records with indexed names: each name in the index is tagged with the
// number of its record's audience, so a person search picks its candidates
// among the names the caller may read only (names.Index.SearchFunc). There
// are few distinct audiences (originator × releasability), so this stays
// small. Number 0 is no audience: nobody reads it.
type audiences struct {
	mu   sync.RWMutex
	ids  map[string]uint32
	sets [][]string
}

// tag returns the number of a sorted audience.
func (a *audiences) tag(tokens []string) uint32 {
	if len(tokens) == 0 {
		return 0
	}
	key := strings.Join(tokens, "\x00")
	a.mu.RLock()
	id, ok := a.ids[key]
	a.mu.RUnlock()
	if ok {
		return id
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if id, ok := a.ids[key]; ok {
		return id
	}
	if a.ids == nil {
		a.ids, a.sets = map[string]uint32{}, [][]string{nil}
	}
	id = uint32(len(a.sets))
	a.ids[key] = id
	a.sets = append(a.sets, slices.Clone(tokens))
	return id
}

// readable returns whether a caller with tokens reads the audience tag.
func (a *audiences) readable(tokens []string) func(tag uint32) bool {
	return func(tag uint32) bool {
		a.mu.RLock()
		defer a.mu.RUnlock()
		return int(tag) < len(a.sets) && policy.Meets(tokens, a.sets[tag])
	}
}
