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
//     countries, groups and community for them). TLP:RED is for named
//     recipients: a record may name them person by person
//     (releasability.users, of the originating agency or of an agency it is
//     released to, checked by NamedRecipients); then only those users, its
//     creator and the originator's liaison officers and supervisors (who
//     release it) read it — not the rest of either side. Without a list the
//     role rule applies: every reader of the originating agency and the
//     liaison officers and supervisors of each named agency. The web form
//     turns that rule into a list the originator confirms: a TLP:RED record
//     sent without names comes back with the agencies' points of contact
//     (Contact) proposed, to be confirmed or changed. Changing the list is
//     changing the releasability (CanMark, CanRelease).
//   - Persons marked informant-protected are removed from every copy of a
//     record outside the originating agency (Redact).
//   - Releasing is for the originator's liaison officers and supervisors,
//     whatever carries the TLP and releasability (creation, full update,
//     import, web form, the releasability endpoint, release answers).
//     Analysts and officers create records that stay in their agency (no
//     releasability, not TLP:CLEAR), change the TLP of a record only while
//     it stays there, and change nothing of the markings of a released
//     record (CanMark).
//   - A record's external id (the originator's own reference, or the keyed
//     digest of its import line) is removed from every copy outside the
//     originating agency (Redact).
//   - An import creates records of the importer's agency only: a record
//     whose originator is another agency is refused, never relabelled
//     (that would strip the other agency's control over it).
//   - Export (and any other path out of the node): the originator passes on
//     what it reads; a receiver never passes on TLP:RED, TLP:AMBER+STRICT or
//     H2 records of another agency (Withheld), and every copy that leaves
//     carries its caveats: handling code with the originator's conditions,
//     TLP, and for a receiver the third-party rule (Caveats).
//   - H2 on the other onward paths: a receiver's release request is how it
//     asks the originator's consent; it widens nothing until the
//     originator's liaison officers or supervisors accept it
//     (CanAnswerRelease), and an accepted request is that consent. A blind
//     hit on an H2 record discloses no content until its originator releases
//     it. Any future path out of the node (federation) must ask Withheld.
//   - Consent to a use (release requests of kind consent): a reader of a
//     record of another agency asks its originator to consent to a use the
//     handling code or the third-party rule reserves (court — H1 —, public
//     disclosure, onward to a named body — H2 —) (CanRequestConsent); only
//     the originator's liaison officers and supervisors grant or refuse it
//     (CanAnswerRelease), with a reason to refuse. A consent request and a
//     granted consent are shown only to the reading roles of the asking
//     agency and of the originator, while they read the record
//     (SeesConsent); a third agency is shown nothing, not even that one was
//     asked. A granted consent is a caveat on the record view and on every
//     copy the asking agency or the originator exports (ConsentCaveat); it
//     rewrites no version of the record and widens nothing (an H2 record is
//     still withheld from exports: consent to pass on is recorded, the
//     passing on is the receiver's act outside the node).
//   - Every export format (jisr JSON lines, FollowTheMoney, MISP, STIX 2.1,
//     UNODC IDS) is written from the records ExportRecords hands out, so
//     Withheld, Redact and Caveats apply to all alike; a copy carries its
//     caveats in the format's own place (MISP tlp: tags and caveat
//     attributes, STIX TLP 2.0 and statement markings, FtM notes, an IDS
//     column). MISP events leave with distribution 0 (the receiver's MISP
//     does not pass them on by itself).
//   - Feeds (the TAXII 2.1 server): a caller's collections are its own
//     sharing audiences only — its agency, country, groups and the
//     community (Feeds); another audience's collection is not found, like
//     an absent one. A collection serves the records of its audience that
//     the caller reads and may pass on, never TLP:RED (InFeed), through
//     the export path: redacted, with caveats, audited as an export.
//   - Spreadsheet mappings an agency saved are read and saved by its own
//     reading roles only (the engine passes the caller's agency; another
//     agency's mapping under the same headers is simply absent).
//   - History: each version of a record is shown only to those in that
//     version's own audience (its own TLP and releasability), so what was
//     removed before a release is not read by the audience the release
//     added; the originating agency sees every version. A person marked
//     informant-protected in any version is removed, outside the
//     originator, from every version (persons matched by entity id).
//   - A hit is visible to a caller only from a record of the caller's agency
//     that it reads, and only if HitDisclosure gives something of the far
//     side (nothing for a record that asked for no hit disclosure). A hit the
//     caller may not see is not found, exactly like an absent one, on every
//     path (inbox, record hits, answer) and for every role; visibility is
//     decided before the role (CanAnswerHit), so a 403 never confirms that a
//     hidden hit exists. Hits are named by random refs, never by sequence
//     numbers.
//   - Search across scripts, person search and profiles (of a person,
//     company or identifier) rank, count, group and page among the records
//     the caller reads only: the name index leaves out names outside the
//     caller's audiences (Meets) before choosing candidates — a glued name's
//     split readings count only those names too — and the store's audience
//     filter runs again on the records; totals, pages and profiles are the
//     same whether or not unreadable records exist. A profile shows the hits
//     of the caller's own readable records on it, each through HitDisclosure
//     (blind: the agency only).
//   - Sign-in (SignInScope): a user whose role the node lists as needing a
//     second factor and who has enrolled none gets an enrol-only session,
//     good for nothing but enrolling; with one enrolled, the code is needed
//     at every sign-in. Users of other roles may enrol and are then asked
//     for the code too.
//   - Sign-in back-offs may be passed by the right password together with a
//     valid second factor (PassesLock); never by the password alone.
//   - Sign-in locks are seen and lifted by administrators only
//     (CanManageLocks); a second factor is reset by those who manage the
//     user (CanManageUsers).
//
// Managing users (CanManageUser, one rule for every path: create, disable,
// enable, reset password, change role, reset the second factor):
//   - The node's operator (System principal: command line, loaders) may do
//     everything.
//   - An administrator manages the users of its own agency only, of any role.
//   - A supervisor manages the reading users (analyst, officer, liaison,
//     supervisor) of its own agency only: never an administrator or an
//     auditor, whether to create, disable, enable, reset or change the role
//     of, and never gives a user one of those roles.
//   - Nobody disables their own account or changes their own role.
//   - Every other role manages nobody.
//   - A change to a user made by someone who does not read the records of
//     that user's agency (an administrator, the operator) alerts the agency
//     (AlertsAgency): its auditors and supervisors see it.
//
// Reading the audit trail (AuditScope):
//   - An agency's auditor sees the entries of its agency's users and the
//     entries about its agency: its records, its users, the agency itself.
//   - The node auditor (an auditor of the node operator's agency, the agency
//     of the first administrator) sees every entry, but of other agencies'
//     entries the action only, not the content (ShowsContent): the detail of
//     an entry is shown only to auditors of the actor's agency, except for
//     administrative actions and alerts, which every auditor in scope sees.
//   - A supervisor sees the alerts about its agency's users, nothing else.
//   - Every other role sees nothing.
//   - A list's page cursor carries only the caller's own position, sealed
//     (package cursor) and bound to the caller and the list; it never shows
//     a node-wide row number, which would count other agencies' writes.
//   - Searches that rank (person names) rank only among what the caller may
//     read (Meets on each candidate's audience before ranking): what others
//     hold must not change what, or how much, the caller finds.
//
// Requests for information or action (requests.go):
//   - Any reading role of an agency sends a request to other agencies
//     (CanSendRequest); administrators and auditors do not.
//   - A request is seen by the reading roles (analysts included) of the
//     requesting agency and of its addressees, by no one else
//     (SeesRequest); for anyone else it does not exist (not found, whatever
//     the role), and visibility is decided before the role.
//   - An addressee sees its own reply only; the requesting agency sees
//     every reply (RequestView). Attached records and hits are shown only
//     to those who read the record or see the hit from their own side.
//   - Acknowledging, answering and refusing (with a reason) are for the
//     liaison officers and supervisors of an addressee, on its own reply;
//     closing is for the requester or the requesting agency's liaison
//     officers and supervisors (CanActOnRequest).
//   - Attaching a record releases it to the addressees that do not read it
//     yet, by the release rule: only the originator's liaison officers and
//     supervisors release; anyone else attaches only what every addressee
//     already reads (AttachRecord). Another agency's record is never
//     released by a request: its originator is asked (release request).
//   - A request about a hit goes to the agency that holds the far side
//     (RequestHit). For a blind hit the requester learns nothing beyond the
//     agency the hit already named; the holder sees the hit from its side.
//   - Notices go only to users who see the request (NotifiesRequest) and
//     carry its subject and the other agency, never a record's content: new
//     requests, reminders and closings to the addressees' liaison officers
//     and supervisors; acknowledgements, answers and refusals to the
//     requester and its agency's liaison officers and supervisors; overdue
//     requests to the addressee's supervisors and the requester.
//
// Lookouts (lookouts.go):
//   - Any reading role issues a lookout from its agency (CanIssueLookout);
//     it is seen by the reading roles of the issuing agency and of the
//     agencies it is sent to, by no one else (SeesLookout: not found for
//     anyone else, whatever the role).
//   - It is withdrawn by its issuer or the issuing agency's liaison
//     officers and supervisors (CanWithdrawLookout); recipients cannot.
//   - A record that matches is shown to each viewer as the far side of a
//     hit (LookoutDisclosure = HitDisclosure): in full to who reads it,
//     blind (the holding agency only) to who does not, nothing when the
//     record asked for no hit disclosure. A lookout never gives access to
//     a record; what matched is named by the lookout's own value.
//   - A match is told to the issuer and to the liaison officers and
//     supervisors of the issuing and recipient agencies, each only if the
//     disclosure gives them something (NotifiesLookout); a new lookout to
//     the recipients' liaison officers and supervisors. The holding agency
//     is not told that another agency watches for its record's value.
//
// Joint operations and controlled deliveries (operations.go):
//   - Liaison officers and supervisors open an operation, which their
//     agency leads (CanOpenOperation).
//   - An operation is seen by the reading roles of its participants and of
//     the agencies the lead widened it to (observers), by no one else
//     (SeesOperation: not found). Observers change nothing.
//   - Linked records: a participant links only records it reads (the
//     engine finds them through the caller's audience); every viewer is
//     shown only the linked records it reads, and the timeline says how
//     many were linked, never which.
//   - Any participant's reading role writes the timeline and notes a
//     delivery's position; tasks are set by participants' liaison officers
//     and supervisors for a participating agency and done by their owner or
//     the owning agency's liaison officers and supervisors; widening,
//     closing and planning deliveries are the lead's liaison officers and
//     supervisors'.
//   - A delivery is started by the lead or the first leg's agency, handed
//     over by the agency watching the current leg, acknowledged only by the
//     agency watching the next leg (the receiving agency), and its outcome
//     set by the lead or the current leg's agency (liaison officers and
//     supervisors) (CanActOnOperation).
//   - Notices (NotifiesOperation): an invitation (opening, widening) goes
//     to the liaison officers and supervisors of the agencies invited; a
//     change of state (closing, a delivery planned, started, handed over,
//     acknowledged or ended, a task set or done) to those of the other
//     participants; only users who see the operation, never the acting
//     agency's own; a notice carries the operation's name and the acting
//     agency, never a record.
//
// Outcomes and agreed disclosure (outcomes.go):
//   - Any reading role reports what a lead led to (CanReportOutcome); the
//     lead (record, hit from its own side, request, operation) and the
//     records showing the result must be ones it sees, else not found,
//     like absent ones.
//   - An outcome is read by the reporting agency and the agencies the
//     lead came from (a record's originator, a hit's far agency — blind
//     included: it holds the record —, a request's other side, an
//     operation's other participants) (SeesOutcome); each sees only the
//     linked records it reads.
//   - A disclosure is drafted by a participating agency's liaison officers
//     and supervisors (CanDraftDisclosure) from records the drafter reads;
//     it is read by the operation's participants and the originating
//     agencies of its records (SeesDisclosure), each seeing only the
//     records it reads.
//   - Each originating agency consents or refuses (with a reason) for
//     itself only, by its liaison officers and supervisors; the drafting
//     agency's own consent is given by drafting; only the drafting agency
//     edits (a new version: every consent is asked again) and approves,
//     which the engine refuses (conflict) until every originator consented
//     to the current version; the approved text is frozen
//     (CanActOnDisclosure).
//   - Notices (NotifiesDisclosure): a proposal (a new or edited draft) and
//     the approval go to the originating agencies' liaison officers and
//     supervisors, a consent or a refusal to the drafting agency's; only
//     users who see the disclosure, never the acting agency's own; a
//     notice carries the title and the acting agency, never a refusal's
//     reason nor a record.
//   - The link graph (records, identifiers, persons, companies) is built only
//     from records the caller reads (Tokens, filtered in the store's query;
//     persons and companies through the name index of readable names, then
//     the store's filter again, and as Redact leaves the record): another
//     agency's records add no node, no edge and no count; a typed
//     identifier resolves to a node only if a readable record holds it.
package policy

import (
	"fmt"
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
	tokUser       = "u:" // one named user (TLP:RED with named recipients)
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
	rel := r.Releasability
	if r.TLP == jisr.TLPRed && len(rel.Users) > 0 {
		return namedAudience(r)
	}
	t := []string{tokAgency + r.Originator}
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

// namedAudience is the audience of a TLP:RED record with named
// recipients: each user named, the user who created it, and the
// originator's liaison officers and supervisors, who release it and answer
// for it. Nobody else of either side — not the rest of the originating
// agency, not the rest of a receiving one.
func namedAudience(r *jisr.Record) []string {
	t := []string{tokRestricted + r.Originator}
	if r.CreatedBy != "" {
		t = append(t, tokUser+r.CreatedBy)
	}
	for _, u := range r.Releasability.Users {
		t = append(t, tokUser+u)
	}
	slices.Sort(t)
	return slices.Compact(t)
}

// Contact reports whether u is a point of contact of its agency: an active
// liaison officer or supervisor. Contacts are the default named recipients
// of a TLP:RED record released to their agency — the role rule turned into
// a list the originator confirms (the web form proposes it) — and every
// reader of records may list them (CanListContacts): a cell's points of
// contact are known to its members.
func Contact(u *jisr.User) bool { return u != nil && !u.Disabled && cleared(u.Role) }

// CanListContacts checks that p may list agencies' points of contact.
func CanListContacts(p jisr.Principal) error {
	if !CanReadRecords(p.Role) {
		return denied("f_contacts")
	}
	return nil
}

// NamedRecipients checks the named recipients of a TLP:RED record against
// the users they name: agencyOf returns the agency of a user and whether
// that user is active and reads records (false for a user who does not
// exist). Each named user must be such a user, of the originating agency
// or of an agency the record is released to; otherwise the error names the
// entry. A name is checked when the record is written, so a user created
// later under a name never named before gains nothing.
func NamedRecipients(r *jisr.Record, agencyOf func(username string) (agency string, reads bool, err error)) error {
	for i, u := range r.Releasability.Users {
		a, ok, err := agencyOf(u)
		if err != nil {
			return err
		}
		field := fmt.Sprintf("releasability.users[%d]", i)
		if !ok {
			return jisr.Because(field, "no_reader", u)
		}
		if a != r.Originator && !slices.Contains(r.Releasability.Agencies, a) {
			return jisr.Because(field, "user_not_released", u, a)
		}
	}
	return nil
}

// Tokens returns the tokens of a caller. A caller whose role reads no
// records has none, and so matches no audience.
func Tokens(p jisr.Principal) []string {
	if !CanReadRecords(p.Role) || p.Agency == "" {
		return nil
	}
	t := []string{tokAgency + p.Agency, tokCommunity}
	if p.Username != "" {
		t = append(t, tokUser+p.Username)
	}
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

// denied is a refusal with its reason key (jisr.Reasons) and parameters.
func denied(reason string, params ...any) error {
	return jisr.Refused(jisr.EFORBIDDEN, reason, params...)
}

// CanCreate checks that p may enter records for its agency.
func CanCreate(p jisr.Principal) error {
	if p.System {
		return nil
	}
	if !CanReadRecords(p.Role) {
		return denied("f_role_enter", p.Role)
	}
	return nil
}

// CanUpdate checks that p may change the content of r: originator only.
// The caller must already be able to read r (else the store says not found).
func CanUpdate(p jisr.Principal, r *jisr.Record) error {
	if !IsOriginator(p, r) || !CanReadRecords(p.Role) {
		return denied("f_record_change")
	}
	return nil
}

// CanRelease checks that p may change the releasability of r: the
// originator's liaison officers and supervisors only.
func CanRelease(p jisr.Principal, r *jisr.Record) error {
	if !IsOriginator(p, r) {
		return denied("f_record_release_origin")
	}
	if !cleared(p.Role) {
		return denied("f_release_role")
	}
	return nil
}

// Released reports whether r reaches beyond its originating agency: its
// audience names anyone else (a TLP:CLEAR record is released to the whole
// community).
func Released(r *jisr.Record) bool {
	if r.TLP == jisr.TLPRed && len(r.Releasability.Users) > 0 {
		// Named recipients: beyond the agency only through an agency named.
		for _, a := range r.Releasability.Agencies {
			if a != r.Originator {
				return true
			}
		}
		return false
	}
	for _, t := range Audience(r) {
		if t != tokAgency+r.Originator {
			return true
		}
	}
	return false
}

// Releases reports whether p's role releases records of its agency
// (liaison officers and supervisors), e.g. to say so on the entry form.
func Releases(p jisr.Principal) bool { return p.System || cleared(p.Role) }

// CanMark checks that p may give a record the TLP and releasability of
// next; cur is the current version, nil when the record is created. TLP
// and releasability say who may read the record and on what terms, so
// whatever carries them (creation, full update, import, web form) they
// follow the release rule: the originator's liaison officers and
// supervisors release. Analysts and officers create records that stay in
// their agency (no releasability, not TLP:CLEAR), and may change the TLP
// of a record only while it stays in their agency; they change nothing of
// the TLP or releasability of a released record. The node itself (demo,
// bench, system imports) is not limited.
func CanMark(p jisr.Principal, cur, next *jisr.Record) error {
	if p.System || cleared(p.Role) {
		return nil
	}
	if cur != nil && cur.TLP == next.TLP && SameReleasability(cur.Releasability, next.Releasability) {
		return nil
	}
	if Released(next) || (cur != nil && Released(cur)) {
		return jisr.ForbiddenOn("releasability", "f_release_beyond")
	}
	return nil
}

// SameReleasability reports whether a and b name the same audience,
// whatever the order of their lists.
func SameReleasability(a, b jisr.Releasability) bool {
	set := func(v []string) []string {
		c := slices.Clone(v)
		slices.Sort(c)
		return slices.Compact(c)
	}
	return a.Community == b.Community && slices.Equal(set(a.Agencies), set(b.Agencies)) &&
		slices.Equal(set(a.Countries), set(b.Countries)) && slices.Equal(set(a.Groups), set(b.Groups)) &&
		slices.Equal(set(a.Users), set(b.Users))
}

// CanRequestRelease checks that p may ask the originator to widen r. For an
// H2 record this is the receiver asking the provider's consent: nothing is
// disseminated unless the originator accepts (CanAnswerRelease).
func CanRequestRelease(p jisr.Principal, r *jisr.Record) error {
	if IsOriginator(p, r) {
		return denied("f_release_own")
	}
	if !CanReadRecords(p.Role) {
		return denied("f_role_release_request", p.Role)
	}
	return nil
}

// CanRequestConsent checks that p may ask the originator of r to consent
// to a use of it (court, public, onward): a reading role of an agency that
// reads r and did not originate it. The engine has found r as p may read
// it, so a record p may not read is not found before this is asked.
func CanRequestConsent(p jisr.Principal, r *jisr.Record) error {
	if IsOriginator(p, r) {
		return denied("f_consent_own")
	}
	if !CanReadRecords(p.Role) {
		return denied("f_role_consent", p.Role)
	}
	return nil
}

// SeesConsent reports whether p is shown the consent request rr (granted
// or not) about r: the reading roles of the agency that asked and of the
// originator, and only while they read r. A third agency that reads r is
// shown nothing: not the consent, not that it was asked.
func SeesConsent(p jisr.Principal, r *jisr.Record, rr *jisr.ReleaseRequest) bool {
	if !CanRead(p, r) {
		return false
	}
	return IsOriginator(p, r) || (p.Agency != "" && p.Agency == rr.Agency)
}

// consentUse is the English name of each use, as caveats write it.
var consentUse = map[string]string{
	jisr.UseCourt:  "Consent to use in judicial proceedings",
	jisr.UsePublic: "Consent to public disclosure",
	jisr.UseOnward: "Consent to pass on to %s",
}

// ConsentCaveat is the text a granted consent adds to the caveats of the
// record (record view, exported copies) for those who see it.
func ConsentCaveat(originator string, rr *jisr.ReleaseRequest) string {
	use := consentUse[rr.Use]
	if rr.Use == jisr.UseOnward {
		use = fmt.Sprintf(use, rr.To)
	}
	on := ""
	if rr.AnsweredAt != nil {
		on = " on " + rr.AnsweredAt.UTC().Format("2006-01-02")
	}
	return fmt.Sprintf("%s granted to %s by %s%s (ref %s), for: %s", use, rr.Agency, originator, on, rr.ID, rr.Purpose)
}

// CanAnswerRelease checks that p may accept or refuse a request about r.
func CanAnswerRelease(p jisr.Principal, r *jisr.Record) error { return CanRelease(p, r) }

// Reasons a record is held back from an export (Withheld).
const (
	HeldH2     = "h2"           // H2: no onward dissemination without the provider's consent
	HeldRed    = "red"          // TLP:RED: named recipients only
	HeldStrict = "amber+strict" // TLP:AMBER+STRICT: the receiving organisation only
)

// Withheld says why p may not pass r on out of the node (export, and any
// future federation or onward path), or "" if p may. The originating
// agency passes on what it reads. A receiver does not pass on TLP:RED
// (named recipients only), TLP:AMBER+STRICT (the receiving organisation
// only) or H2 (no onward dissemination without the provider's consent)
// records; the third-party rule travels with whatever it may pass on
// (Caveats). A record p may not read is always withheld.
func Withheld(p jisr.Principal, r *jisr.Record) string {
	switch {
	case !CanRead(p, r):
		return "unreadable"
	case IsOriginator(p, r):
		return ""
	case r.Handling == jisr.H2:
		return HeldH2
	case r.TLP == jisr.TLPRed:
		return HeldRed
	case r.TLP == jisr.TLPAmberStrict:
		return HeldStrict
	}
	return ""
}

// CanExport reports whether p may export r out of the node (Withheld).
func CanExport(p jisr.Principal, r *jisr.Record) bool { return Withheld(p, r) == "" }

// handlingCaveat and tlpCaveat are the English texts of the markings, as
// they travel on copies that leave the node (the web interface shows the
// same through translations).
var (
	handlingCaveat = map[jisr.Handling]string{
		jisr.H0: "H0: to be used only to prevent and combat crime.",
		jisr.H1: "H1: not to be used in judicial proceedings without the consent of %s.",
		jisr.H2: "H2: not to be disseminated without the consent of %s.",
		jisr.H3: "H3: restrictions set by %s: %s",
	}
	tlpCaveat = map[jisr.TLP]string{
		jisr.TLPClear:       "TLP:CLEAR: disclosure is not limited.",
		jisr.TLPGreen:       "TLP:GREEN: within the community of the cell, not published.",
		jisr.TLPAmber:       "TLP:AMBER: the receiving agency and those it works with, on a need-to-know basis.",
		jisr.TLPAmberStrict: "TLP:AMBER+STRICT: the receiving agency only.",
		jisr.TLPRed:         "TLP:RED: named recipients only.",
	}
)

// Caveats are the texts every copy of r that p takes out of the node
// carries (export): its handling code with the originator's conditions,
// its TLP, and, for a receiver, the third-party rule.
func Caveats(p jisr.Principal, r *jisr.Record) []string {
	var out []string
	switch r.Handling {
	case jisr.H0:
		out = append(out, handlingCaveat[jisr.H0])
	case jisr.H3:
		out = append(out, fmt.Sprintf(handlingCaveat[jisr.H3], r.Originator, r.HandlingConditions))
	default:
		if f, ok := handlingCaveat[r.Handling]; ok {
			out = append(out, fmt.Sprintf(f, r.Originator))
		}
	}
	if t, ok := tlpCaveat[r.TLP]; ok {
		out = append(out, t)
	}
	if !IsOriginator(p, r) {
		out = append(out, fmt.Sprintf("Third-party rule: provided by %s to %s; ask %s before passing it on, using it in court or making it public.", r.Originator, p.Agency, r.Originator))
	}
	return out
}

// CanAdminister checks that p administers the node (agencies, users).
func CanAdminister(p jisr.Principal) error {
	if p.System || p.Role == jisr.RoleAdmin {
		return nil
	}
	return denied("f_admin")
}

// CanManageUsers checks that p may open the management of agency's users
// at all: the operator, and the agency's administrators and supervisors.
// What p may do to each user is CanManageUser.
func CanManageUsers(p jisr.Principal, agency string) error {
	if p.System {
		return nil
	}
	if (p.Role == jisr.RoleAdmin || p.Role == jisr.RoleSupervisor) && p.Agency != "" && p.Agency == agency {
		return nil
	}
	if p.Role == jisr.RoleAdmin {
		return denied("f_admin_own_agency")
	}
	return denied("f_manage_users")
}

// UserAction is a change to a user account.
type UserAction string

// User actions.
const (
	UserCreate         UserAction = "create"
	UserDisable        UserAction = "disable"
	UserEnable         UserAction = "enable"
	UserResetPassword  UserAction = "reset_password"
	UserChangeRole     UserAction = "change_role"
	UserResetTwoFactor UserAction = "reset_2fa"
)

// UserActions lists every user action.
var UserActions = []UserAction{UserCreate, UserDisable, UserEnable, UserResetPassword, UserChangeRole, UserResetTwoFactor}

// CanManageUser checks that p may do act to the user target. For
// UserCreate, target is the user to be; for UserChangeRole the store asks
// twice, with the user's current role and with the new one. Every path that
// changes a user asks it.
func CanManageUser(p jisr.Principal, act UserAction, target *jisr.User) error {
	if p.System {
		return nil
	}
	if err := CanManageUsers(p, target.Agency); err != nil {
		return err
	}
	if p.Role == jisr.RoleSupervisor && !CanReadRecords(target.Role) {
		return denied("f_manage_admins")
	}
	if (act == UserDisable || act == UserChangeRole) && target.Username != "" && target.Username == p.Username {
		return denied("f_self")
	}
	return nil
}

// AlertsAgency reports whether a change by p to a user of target's agency
// must alert that agency: when p is not one of the agency's record
// readers (an administrator, an auditor, the operator, another agency), a
// new password, a new account or a new role is a way to read the agency's
// records or trail by proxy, so the agency's auditors and supervisors are
// told.
func AlertsAgency(p jisr.Principal, target *jisr.User) bool {
	return p.System || p.Agency != target.Agency || !CanReadRecords(p.Role)
}

// UsersScope says whose accounts p may list: every agency's (all), or the
// agency's only. Roles that manage or audit no users list none.
func UsersScope(p jisr.Principal, operatorAgency string) (all bool, agency string, err error) {
	switch {
	case p.System:
		return true, "", nil
	case p.Role == jisr.RoleAuditor && p.Agency != "" && p.Agency == operatorAgency:
		return true, "", nil
	case (p.Role == jisr.RoleAdmin || p.Role == jisr.RoleSupervisor || p.Role == jisr.RoleAuditor) && p.Agency != "":
		return false, p.Agency, nil
	}
	return false, "", denied("f_list_users")
}

// CanAudit checks that p may open the audit trail: auditors (what they
// see of it is AuditScope).
func CanAudit(p jisr.Principal) error {
	if p.Role == jisr.RoleAuditor {
		return nil
	}
	return denied("f_audit")
}

// CanReadAlerts checks that p may read the alerts about its agency's users:
// auditors and supervisors.
func CanReadAlerts(p jisr.Principal) error {
	if (p.Role == jisr.RoleAuditor || p.Role == jisr.RoleSupervisor) && p.Agency != "" {
		return nil
	}
	return denied("f_alerts")
}

// AuditView is the part of the audit trail a caller sees.
type AuditView struct {
	// All: every entry of the node (the node auditor, the operator).
	// Otherwise only the entries of Agency's users and about Agency (its
	// records, users and the agency itself).
	All    bool
	Agency string
	// AlertsOnly: only the alerts about Agency's users.
	AlertsOnly bool
	// ContentAgency: the entries of this agency's users are shown whole;
	// of other entries the detail is withheld unless the action is one of
	// ContentActions. Empty with All: every entry whole (the operator).
	ContentAgency string
}

// ContentActions are the actions whose detail every auditor who sees the
// entry reads whole: administrative actions and alerts (what was done to
// which account) are the oversight itself.
var ContentActions = []string{jisr.ActAdmin, jisr.ActUserAlert}

// AuditScope returns the part of the trail p sees. operatorAgency is the
// agency of the node's operator ("" if none is known).
func AuditScope(p jisr.Principal, operatorAgency string) (AuditView, error) {
	switch {
	case p.System:
		return AuditView{All: true}, nil
	case p.Agency == "":
	case p.Role == jisr.RoleAuditor && p.Agency == operatorAgency:
		return AuditView{All: true, ContentAgency: p.Agency}, nil
	case p.Role == jisr.RoleAuditor:
		return AuditView{Agency: p.Agency, ContentAgency: p.Agency}, nil
	case p.Role == jisr.RoleSupervisor:
		return AuditView{Agency: p.Agency, AlertsOnly: true, ContentAgency: p.Agency}, nil
	}
	return AuditView{}, denied("f_audit")
}

// Whole reports whether v is the whole trail. Only then are entries shown
// with their positions; a partial view shows keyed references, since the
// gaps between positions would count the entries it may not see.
func (v AuditView) Whole() bool { return v.All }

// ShowsContent reports whether v shows the detail of an entry by a user of
// entryAgency for action.
func (v AuditView) ShowsContent(entryAgency, action string) bool {
	if v.All && v.ContentAgency == "" {
		return true
	}
	return (entryAgency != "" && entryAgency == v.ContentAgency) || slices.Contains(ContentActions, action)
}

// Redact returns the copy of r that p may see: outside the originating
// agency, persons marked informant-protected, and links to them, are
// removed, and so is the external id. r is not changed.
func Redact(p jisr.Principal, r *jisr.Record) *jisr.Record {
	if IsOriginator(p, r) {
		return r
	}
	return redact(r, protectedIDs(nil, r))
}

// protectedIDs adds to set the ids of the entities of r marked
// informant-protected.
func protectedIDs(set map[string]bool, r *jisr.Record) map[string]bool {
	for i := range r.Entities {
		if Protected(&r.Entities[i]) {
			if set == nil {
				set = map[string]bool{}
			}
			set[r.Entities[i].ID] = true
		}
	}
	return set
}

// redact returns a copy of r without the entities whose ids are in
// protected, and without the links to them, and without its external id
// (the originator's own reference).
func redact(r *jisr.Record, protected map[string]bool) *jisr.Record {
	if len(protected) == 0 && r.ExternalID == "" {
		return r
	}
	c := *r
	c.ExternalID = ""
	if len(protected) == 0 {
		return &c
	}
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

// History returns what p may see of the versions of one record, given
// oldest first with the current version last: nil for a version p may not
// see, else the version as p may see it. Each version is read with its own
// audience (its own TLP and releasability), so text removed before a
// release is not read by the audience the release added; the originating
// agency sees every version. Outside the originator, a person (matched by
// entity id) marked informant-protected in any version is removed from
// every version.
func History(p jisr.Principal, versions []*jisr.Record) []*jisr.Record {
	out := make([]*jisr.Record, len(versions))
	var protected map[string]bool
	for _, v := range versions {
		protected = protectedIDs(protected, v)
	}
	for i, v := range versions {
		switch {
		case !CanRead(p, v):
		case IsOriginator(p, v):
			out[i] = v
		default:
			out[i] = redact(v, protected)
		}
	}
	return out
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

// SignInScope decides what a sign-in with the right password (and, when
// enrolled, the right code) may do: jisr.ScopeFull, or jisr.ScopeEnrol when
// the role needs a second factor and none is enrolled. required lists the
// roles the node requires one for.
func SignInScope(role jisr.Role, enrolled bool, required []jisr.Role) string {
	if !enrolled && slices.Contains(required, role) {
		return jisr.ScopeEnrol
	}
	return jisr.ScopeFull
}

// PassesLock reports whether a sign-in attempt may go through a back-off in
// force: only with the right password and a valid second factor.
func PassesLock(passwordOK, secondFactorOK bool) bool { return passwordOK && secondFactorOK }

// CanManageLocks is for seeing and lifting sign-in back-offs.
func CanManageLocks(p jisr.Principal) error {
	if p.System || p.Role == jisr.RoleAdmin {
		return nil
	}
	return denied("f_locks")
}
