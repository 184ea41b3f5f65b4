// Package policy decides who may see and do what. It is the one place where
// access is decided: pure functions of the caller (agency, country, groups,
// role) and the record (originator, TLP, releasability, handling code).
// Deny by default.
//
// Reading works by audience tokens. When a record is written, Audience
// computes its tokens; a caller's Tokens are computed at login. The caller may
// read the record if and only if the two sets meet. Stores keep the audience
// of every record beside it and filter every query by the caller's tokens, so
// lists, searches, counts and statistics never touch what the caller may not
// see.
//
// The rules:
//   - Administrators and auditors read no record content (administration is
//     not a way round segregation); auditors read the audit trail.
//   - Every reading role (analyst, officer, liaison, supervisor) of the
//     originating agency reads the agency's records.
//   - Another agency reads a record only if its releasability names it,
//     its country, one of its groups, or the whole community.
//   - TLP:CLEAR records are for the whole community.
//   - TLP:AMBER+STRICT and TLP:RED go to named agencies only (Validate refuses
//     countries, groups and community for them); TLP:RED is read in a receiving
//     agency by its liaison officers and supervisors only (named recipients).
//   - Persons marked informant-protected are removed from every copy of a
//     record outside the originating agency (Redact).
package policy

import (
	"slices"

	"github.com/jisr-cell/jisr"
)

// Token prefixes.
const (
	tokAgency     = "a:" // all readers of an agency
	tokRestricted = "r:" // liaison officers and supervisors of an agency (TLP:RED)
	tokCountry    = "c:"
	tokGroup      = "g:"
	tokCommunity  = "all"
)

// CanReadRecords reports whether a role reads record content at all.
func CanReadRecords(r jisr.Role) bool {
	switch r {
	case jisr.RoleAnalyst, jisr.RoleOfficer, jisr.RoleLiaison, jisr.RoleSupervisor:
		return true
	}
	return false
}

// cleared reports whether a role counts as a named recipient for TLP:RED.
func cleared(r jisr.Role) bool { return r == jisr.RoleLiaison || r == jisr.RoleSupervisor }

// Audience returns the sorted, de-duplicated audience tokens of a record.
func Audience(r *jisr.Record) []string {
	t := []string{tokAgency + r.Originator}
	rel := r.Releasability
	for _, a := range rel.Agencies {
		if r.TLP == jisr.TLPRed {
			t = append(t, tokRestricted+a)
		} else {
			t = append(t, tokAgency+a)
		}
	}
	if r.TLP != jisr.TLPRed && r.TLP != jisr.TLPAmberStrict {
		for _, c := range rel.Countries {
			t = append(t, tokCountry+c)
		}
		for _, g := range rel.Groups {
			t = append(t, tokGroup+g)
		}
		if rel.Community || r.TLP == jisr.TLPClear {
			t = append(t, tokCommunity)
		}
	}
	slices.Sort(t)
	return slices.Compact(t)
}

// Tokens returns the tokens of a caller. A caller whose role reads no
// records has none, and so matches no audience.
func Tokens(p jisr.Principal) []string {
	if !CanReadRecords(p.Role) || p.Agency == "" {
		return nil
	}
	t := []string{tokAgency + p.Agency, tokCommunity}
	if cleared(p.Role) {
		t = append(t, tokRestricted+p.Agency)
	}
	if p.Country != "" {
		t = append(t, tokCountry+p.Country)
	}
	for _, g := range p.Groups {
		t = append(t, tokGroup+g)
	}
	slices.Sort(t)
	return slices.Compact(t)
}

// CanRead reports whether p may read r.
func CanRead(p jisr.Principal, r *jisr.Record) bool {
	return Meets(Tokens(p), Audience(r))
}

// Meets reports whether two sorted token sets share a token.
func Meets(caller, audience []string) bool {
	for _, t := range caller {
		if _, ok := slices.BinarySearch(audience, t); ok {
			return true
		}
	}
	return false
}

// IsOriginator reports whether p belongs to the agency that originated r.
func IsOriginator(p jisr.Principal, r *jisr.Record) bool {
	return p.Agency != "" && p.Agency == r.Originator
}

func denied(format string, args ...any) error {
	return jisr.Errorf(jisr.EFORBIDDEN, format, args...)
}

// CanCreate checks that p may enter records for its agency.
func CanCreate(p jisr.Principal) error {
	if p.System {
		return nil
	}
	if !CanReadRecords(p.Role) {
		return denied("your role (%s) does not enter records", p.Role)
	}
	return nil
}

// CanUpdate checks that p may change the content of r: originator only.
// The caller must already be able to read r (else the store says not found).
func CanUpdate(p jisr.Principal, r *jisr.Record) error {
	if !IsOriginator(p, r) || !CanReadRecords(p.Role) {
		return denied("only the originating agency changes a record")
	}
	return nil
}

// CanRelease checks that p may change the releasability of r: the
// originator's liaison officers and supervisors only.
func CanRelease(p jisr.Principal, r *jisr.Record) error {
	if !IsOriginator(p, r) {
		return denied("only the originating agency changes who may see a record; ask it for wider release")
	}
	if !cleared(p.Role) {
		return denied("releasing a record is for liaison officers and supervisors")
	}
	return nil
}

// CanRequestRelease checks that p may ask the originator to widen r.
func CanRequestRelease(p jisr.Principal, r *jisr.Record) error {
	if IsOriginator(p, r) {
		return denied("your agency originated this record; change its releasability instead")
	}
	if !CanReadRecords(p.Role) {
		return denied("your role (%s) does not request releases", p.Role)
	}
	return nil
}

// CanAnswerRelease checks that p may accept or refuse a request about r.
func CanAnswerRelease(p jisr.Principal, r *jisr.Record) error { return CanRelease(p, r) }

// CanExport reports whether p may export r out of the node. H2 records
// (no onward dissemination without consent) leave only with their
// originator; everything else the caller may read may be exported, with its
// handling code kept on it.
func CanExport(p jisr.Principal, r *jisr.Record) bool {
	if !CanRead(p, r) {
		return false
	}
	return r.Handling != jisr.H2 || IsOriginator(p, r)
}

// CanAdminister checks that p administers the node (agencies, users).
func CanAdminister(p jisr.Principal) error {
	if p.System || p.Role == jisr.RoleAdmin {
		return nil
	}
	return denied("administration is for administrators")
}

// CanManageUsers checks that p may manage users of agency: node
// administrators, and supervisors for their own agency.
func CanManageUsers(p jisr.Principal, agency string) error {
	if p.System || p.Role == jisr.RoleAdmin {
		return nil
	}
	if p.Role == jisr.RoleSupervisor && p.Agency == agency {
		return nil
	}
	return denied("managing users is for administrators and the agency's supervisors")
}

// CanAudit checks that p may read the audit trail.
func CanAudit(p jisr.Principal) error {
	if p.Role == jisr.RoleAuditor {
		return nil
	}
	return denied("the audit trail is for auditors")
}

// Redact returns the copy of r that p may see: outside the originating
// agency, persons marked informant-protected, and links to them, are
// removed. r is not changed.
func Redact(p jisr.Principal, r *jisr.Record) *jisr.Record {
	if IsOriginator(p, r) {
		return r
	}
	protected := map[string]bool{}
	for _, e := range r.Entities {
		if e.Role == jisr.RoleProtectedInformant {
			protected[e.ID] = true
		}
	}
	if len(protected) == 0 {
		return r
	}
	c := *r
	c.Entities = nil
	for _, e := range r.Entities {
		if !protected[e.ID] {
			c.Entities = append(c.Entities, e)
		}
	}
	c.Links = nil
	for _, l := range r.Links {
		if !protected[l.From] && !protected[l.To] {
			c.Links = append(c.Links, l)
		}
	}
	return &c
}

// Protected reports whether an entity of r must not leave the originator
// (not shown, not matched for others).
func Protected(e *jisr.Entity) bool { return e.Role == jisr.RoleProtectedInformant }

// HitDisclosure says what p learns of the far side of a hit, the record
// other: everything if p may read it; if not, that other's agency holds a
// match (blind) — unless other's owner asked for no hit disclosure, in which
// case p learns nothing ("" ). Callers who read no records learn nothing.
func HitDisclosure(p jisr.Principal, other *jisr.Record) string {
	switch {
	case CanRead(p, other):
		return jisr.DisclosureFull
	case !CanReadRecords(p.Role) || other.NoHitDisclosure:
		return ""
	}
	return jisr.DisclosureBlind
}

// CanAnswerHit checks that p may release or decline a blind hit on r.
func CanAnswerHit(p jisr.Principal, r *jisr.Record) error { return CanRelease(p, r) }
