package policy

import (
	"slices"

	"github.com/jisr-cell/jisr"
)

// Lookouts (jisr.Lookout): who issues, sees and withdraws them, and what a
// match shows to whom. The rules are listed in the package comment.

// CanIssueLookout checks that p may issue a lookout from its agency: every
// reading role; administrators and auditors do not.
func CanIssueLookout(p jisr.Principal) error {
	if p.Agency == "" || !CanReadRecords(p.Role) {
		return denied("f_lookout_issue")
	}
	return nil
}

// SeesLookout reports whether p may see a lookout issued by from and sent
// to to: the reading roles of the issuing agency and of the recipients.
// For anyone else it does not exist.
func SeesLookout(p jisr.Principal, from string, to []string) bool {
	if p.Agency == "" || !CanReadRecords(p.Role) {
		return false
	}
	return p.Agency == from || slices.Contains(to, p.Agency)
}

// CanWithdrawLookout checks that p, who sees l, may withdraw it: its
// issuer, or a liaison officer or supervisor of the issuing agency.
func CanWithdrawLookout(p jisr.Principal, l *jisr.Lookout) error {
	if p.Agency != l.From {
		return denied("f_lookout_withdraw_agency")
	}
	if p.Username != l.CreatedBy && !cleared(p.Role) {
		return denied("f_lookout_withdraw")
	}
	return nil
}

// LookoutDisclosure says what p, who sees the lookout, learns of a record
// r that matched it: the same rule as a hit's far side (HitDisclosure):
// the record if p reads it; else, blind, that r's agency holds a match;
// nothing if r asked for no hit disclosure. The matching record's own
// agency always sees its record in full (it reads it).
func LookoutDisclosure(p jisr.Principal, r *jisr.Record) string { return HitDisclosure(p, r) }

// NotifiesLookout reports whether user u (in agency a) is told kind
// (jisr.NoteLookout…) about l: only users who see the lookout. A new
// lookout is told to the recipients' liaison officers and supervisors; a
// match to the issuer and to the liaison officers and supervisors of the
// issuing agency and of the recipients, and only when LookoutDisclosure
// gives them something (u is asked as the principal it would be).
func NotifiesLookout(kind string, l *jisr.Lookout, u *jisr.User, a *jisr.Agency, r *jisr.Record) bool {
	if u.Disabled || a == nil || a.Code != u.Agency {
		return false
	}
	p := jisr.Principal{Username: u.Username, Agency: u.Agency, Country: a.Country, Groups: a.Groups, Role: u.Role}
	if !SeesLookout(p, l.From, l.To) {
		return false
	}
	switch kind {
	case jisr.NoteLookoutNew:
		return u.Agency != l.From && cleared(u.Role)
	case jisr.NoteLookoutMatch:
		if r == nil || LookoutDisclosure(p, r) == "" {
			return false
		}
		return (u.Agency == l.From && u.Username == l.CreatedBy) || cleared(u.Role)
	}
	return false
}
