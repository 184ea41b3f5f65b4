package engine

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/match"
	"github.com/jisr-cell/jisr/names"
	"github.com/jisr-cell/jisr/policy"
	"github.com/jisr-cell/jisr/selectors"
)

// Lookouts (issue 11). A lookout watches for one value; every record
// written afterwards (created, changed, imported) is checked against the
// active lookouts in its own write transaction: selectors and pill logos
// by their posting keys (the same canonical keys as hits), person names
// by the cross-script name matcher over an in-memory name index of the
// active person lookouts. A match is stored once per (lookout, record) and
// told to the issuer and recipients as policy.NotifiesLookout says (blind:
// the holding agency only); an edit is told again only when it newly adds
// the watched value (see watch). Withdrawing and expiring go through transit.

const cursorLookouts = "lookouts"

// lookState is the engine's part of lookouts: the name index of active
// person lookouts (document id = lookout id).
type lookState struct {
	once  sync.Once
	names *names.Index
	// pending are the person lookouts written in a transaction not yet
	// committed (id → name): the index learns them after the commit, so a
	// record written in the same commit (group commit) meets them here.
	mu      sync.Mutex
	pending map[string]string
}

func (s *lookState) setPending(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if name == "" {
		delete(s.pending, id)
		return
	}
	if s.pending == nil {
		s.pending = map[string]string{}
	}
	s.pending[id] = name
}

func (s *lookState) pendingNames() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending) == 0 {
		return nil
	}
	out := make(map[string]string, len(s.pending))
	for id, n := range s.pending {
		out[id] = n
	}
	return out
}

func lookoutNotFound(id string) error {
	return jisr.Errorf(jisr.ENOTFOUND, "no lookout %s, or not one you may see", id)
}

// lookoutNames returns the name index of person lookouts, built from the
// store on first use.
func (e *Engine) lookoutNames() *names.Index {
	e.look.once.Do(func() {
		e.look.names = names.NewIndex()
		rows, err := e.st.ActivePersonLookouts(context.Background())
		if err != nil {
			e.hits.log.Error("lookouts: build the name index", "err", err)
			return
		}
		for _, row := range rows {
			e.look.names.Add(row.Lookout.ID, row.Lookout.Value)
		}
	})
	return e.look.names
}

// logoKey is the posting key of a pill logo.
func logoKey(logo string) string { return "logo:" + logo }

// canonLookout canonicalises a lookout's value with package selectors (the
// issuer's country is the default region of phones and plates) and
// returns the value shown and the keys it watches for.
func canonLookout(typ, value, country string) (shown string, keys []string, err error) {
	value = strings.TrimSpace(value)
	try := func(ts ...selectors.Type) error {
		var first error
		for _, t := range ts {
			c := country
			if t == selectors.Passport || t == selectors.NationalID {
				c = ""
			}
			s, err := selectors.Normalize(t, value, c)
			if err != nil && (s.Value == "" || s.Type == "") {
				if first == nil {
					first = err
				}
				continue
			}
			if shown == "" {
				shown = selectors.Display(s.Type, s.Value)
			}
			keys = append(keys, s.QueryKeys(match.SiteRadius)...)
		}
		if len(keys) == 0 {
			return jisr.Because("value", "lookout_value", typ, first)
		}
		return nil
	}
	switch typ {
	case jisr.LookPhone:
		err = try(selectors.Phone)
	case jisr.LookPlate:
		err = try(selectors.Plate)
	case jisr.LookContainer:
		err = try(selectors.Container)
	case jisr.LookVessel:
		err = try(selectors.IMO, selectors.MMSI)
	case jisr.LookWallet:
		err = try(selectors.BTC, selectors.ETH, selectors.TRON)
	case jisr.LookDocument:
		err = try(selectors.Passport, selectors.NationalID)
	case jisr.LookPerson:
		if len(names.ParseName(value).Parts) < 2 {
			return "", nil, jisr.Because("value", "name_two_parts")
		}
		return value, nil, nil
	case jisr.LookPillLogo:
		if !jisr.ValidPillLogo(value) {
			return "", nil, jisr.Because("value", "one_of", strings.Join(jisr.PillLogos(), ", "))
		}
		return value, []string{logoKey(value)}, nil
	default:
		return "", nil, jisr.Because("type", "one_of", strings.Join(jisr.LookoutTypes, ", "))
	}
	return shown, keys, err
}

// CreateLookout implements jisr.LookoutService.
func (e *Engine) CreateLookout(ctx context.Context, p jisr.Principal, l *jisr.Lookout) error {
	if err := l.Validate(p.Agency, e.now()); err != nil {
		return err
	}
	country := e.st.AgencyCountry(p.Agency)
	shown, keys, err := canonLookout(l.Type, l.Value, country)
	if err != nil {
		return err
	}
	var refused error
	err = e.st.Write(ctx, func(tx Tx) error {
		refused = nil
		if err := policy.CanIssueLookout(p); err != nil {
			refused = err
			return tx.Audit(p, jisr.ActLookoutCreate, "", jisr.ErrorCode(err), OutcomeDenied)
		}
		for i, code := range l.To {
			if _, err := tx.AgencyByCode(code); jisr.ErrorCode(err) == jisr.ENOTFOUND {
				return jisr.Because(fmt.Sprintf("to[%d]", i), "no_agency", code)
			} else if err != nil {
				return err
			}
		}
		l.ID = uuid.Must(uuid.NewV7()).String()
		l.Value, l.From, l.CreatedBy, l.CreatedAt = shown, p.Agency, p.Username, tx.Now()
		l.State, l.Version, l.EndedAt, l.EndedBy, l.Matches = jisr.LookActive, 1, nil, "", 0
		l.Expires = l.Expires.UTC().Truncate(time.Second)
		if len(keys) > 0 {
			l.Key = keys[0]
		}
		if _, err := tx.InsertLookout(l, keys); err != nil {
			return err
		}
		// The value itself never enters the trail (a selector is a
		// sensitive term); its type and recipients do.
		detail := fmt.Sprintf("type=%s to=%s expires=%s", l.Type, strings.Join(l.To, ","), l.Expires.Format(time.RFC3339))
		if err := tx.Audit(p, jisr.ActLookoutCreate, l.ID, detail, OutcomeOK); err != nil {
			return err
		}
		if l.Type == jisr.LookPerson {
			id, name := l.ID, l.Value
			e.look.setPending(id, name)
			tx.AfterCommit(func() {
				e.lookoutNames().Add(id, name)
				e.look.setPending(id, "")
			})
		}
		return e.lookoutNotice(tx, jisr.NoteLookoutNew, l, nil)
	})
	if err != nil {
		return err
	}
	return refused
}

// findLookout returns the lookout id as p may see it, or ENOTFOUND.
func findLookout(tx Tx, p jisr.Principal, id string) (*LookoutRow, error) {
	row, err := tx.LookoutByID(id)
	if err == nil && !policy.SeesLookout(p, row.Lookout.From, row.Lookout.To) {
		err = lookoutNotFound(id)
	}
	if jisr.ErrorCode(err) == jisr.ENOTFOUND {
		return nil, lookoutNotFound(id)
	}
	return row, err
}

// lookoutView is the lookout as p sees it (its state at now, the matches p
// is shown) and the records shown in full, for the read index.
func (e *Engine) lookoutView(tx Tx, p jisr.Principal, row *LookoutRow) (*jisr.Lookout, []*jisr.LookoutMatch, []int64, error) {
	v := *row.Lookout
	v.To = append([]string(nil), row.Lookout.To...)
	if v.State == jisr.LookActive && !v.Active(tx.Now()) {
		v.State = jisr.LookExpired
	}
	ms, err := tx.LookoutMatchRows(row.Pos)
	if err != nil {
		return nil, nil, nil, err
	}
	out := []*jisr.LookoutMatch{}
	var seqs []int64
	for _, m := range ms {
		r, err := tx.RecordAt(m.Seq)
		if err != nil {
			return nil, nil, nil, err
		}
		disc := policy.LookoutDisclosure(p, r)
		if disc == "" {
			continue
		}
		lm := &jisr.LookoutMatch{Disclosure: disc, Agency: r.Originator, Why: m.Why, At: m.At}
		if disc == jisr.DisclosureFull {
			lm.Record = r.ID
			seqs = append(seqs, m.Seq)
		}
		out = append(out, lm)
	}
	v.Matches = len(out)
	return &v, out, seqs, nil
}

// Lookout implements jisr.LookoutService.
func (e *Engine) Lookout(ctx context.Context, p jisr.Principal, id string) (*jisr.Lookout, error) {
	var out *jisr.Lookout
	err := e.readLookout(ctx, p, id, func(v *jisr.Lookout, _ []*jisr.LookoutMatch) { out = v })
	return out, err
}

// LookoutMatches implements jisr.LookoutService.
func (e *Engine) LookoutMatches(ctx context.Context, p jisr.Principal, id string) ([]*jisr.LookoutMatch, error) {
	var out []*jisr.LookoutMatch
	err := e.readLookout(ctx, p, id, func(_ *jisr.Lookout, ms []*jisr.LookoutMatch) { out = ms })
	return out, err
}

func (e *Engine) readLookout(ctx context.Context, p jisr.Principal, id string, use func(*jisr.Lookout, []*jisr.LookoutMatch)) error {
	var refused error
	err := e.st.Write(ctx, func(tx Tx) error {
		refused = nil
		row, err := findLookout(tx, p, id)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			refused = err
			return tx.Audit(p, jisr.ActLookoutRead, id, jisr.ENOTFOUND, OutcomeDenied)
		}
		if err != nil {
			return err
		}
		v, ms, seqs, err := e.lookoutView(tx, p, row)
		if err != nil {
			return err
		}
		use(v, ms)
		return tx.AuditReads(p, jisr.ActLookoutRead, id, fmt.Sprintf("matches=%d", len(ms)), OutcomeOK, seqs)
	})
	if err != nil {
		return err
	}
	return refused
}

// Lookouts implements jisr.LookoutService.
func (e *Engine) Lookouts(ctx context.Context, p jisr.Principal, f jisr.LookoutFilter) ([]*jisr.Lookout, string, error) {
	if p.Agency == "" || !policy.CanReadRecords(p.Role) {
		return nil, "", jisr.Refused(jisr.EFORBIDDEN, "f_lookouts")
	}
	switch f.Box {
	case "", jisr.BoxSent, jisr.BoxReceived:
	default:
		return nil, "", jisr.Because("box", "box")
	}
	switch f.State {
	case "", jisr.LookActive, jisr.LookWithdrawn, jisr.LookExpired:
	default:
		return nil, "", jisr.Because("state", "lookout_state")
	}
	page := f.Page.Normalize()
	before, err := e.st.RequestPosition(p, cursorLookouts, page.Cursor)
	if err != nil {
		return nil, "", err
	}
	out := []*jisr.Lookout{}
	next := ""
	err = e.st.Write(ctx, func(tx Tx) error {
		out, next = []*jisr.Lookout{}, ""
		var seqs []int64
		at := before
		for len(out) < page.Limit && at > 0 {
			rows, err := e.st.LookoutList(ctx, p.Agency, f.Box, "", at, page.Limit+1)
			if err != nil {
				return err
			}
			for _, row := range rows {
				at = row.Pos
				v, _, s, err := e.lookoutView(tx, p, row)
				if err != nil {
					return err
				}
				if f.State != "" && v.State != f.State {
					continue
				}
				out = append(out, v)
				seqs = append(seqs, s...)
				if len(out) == page.Limit {
					next = e.st.RequestCursor(p, cursorLookouts, row.Pos)
					break
				}
			}
			if len(rows) <= page.Limit {
				if len(out) < page.Limit {
					next = ""
				}
				break
			}
		}
		return tx.AuditReads(p, jisr.ActLookoutList, "", fmt.Sprintf("box=%s state=%s n=%d", f.Box, f.State, len(out)), OutcomeOK, seqs)
	})
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// WithdrawLookout implements jisr.LookoutService, through transit.
func (e *Engine) WithdrawLookout(ctx context.Context, p jisr.Principal, id string) error {
	var row *LookoutRow
	return e.transit(ctx, p, transition{action: jisr.ActLookoutWithdraw, ref: id, noun: "lookout", from: jisr.LookActive,
		find: func(tx Tx) (string, string, error) {
			var err error
			if row, err = findLookout(tx, p, id); err != nil {
				return id, "", err
			}
			state := row.Lookout.State
			if state == jisr.LookActive && !row.Lookout.Active(tx.Now()) {
				state = jisr.LookExpired
			}
			return id, state, nil
		},
		may: func() error { return policy.CanWithdrawLookout(p, row.Lookout) },
		apply: func(tx Tx) (string, error) {
			if err := tx.EndLookout(row.Pos, jisr.LookWithdrawn, p.Username); err != nil {
				return "", err
			}
			tx.AfterCommit(func() { e.lookoutNames().Remove(id) })
			return "state=withdrawn", nil
		}})
}

// SweepLookouts marks the lookouts whose expiry has passed expired (each
// through transit, as the node) and returns how many. With several
// processes on one database it runs in one of them at a time (as
// SweepRequests).
func (e *Engine) SweepLookouts(ctx context.Context, now time.Time) (int, error) {
	n := 0
	_, err := e.once(ctx, "lookout-sweep", func(ctx context.Context) error {
		var err error
		n, err = e.sweepLookouts(ctx, now)
		return err
	})
	return n, err
}

func (e *Engine) sweepLookouts(ctx context.Context, now time.Time) (int, error) {
	rows, err := e.st.LookoutsEnding(ctx, now, 500)
	if err != nil {
		return 0, err
	}
	system := jisr.Principal{System: true, Username: "system"}
	n := 0
	for _, r := range rows {
		id := r.Lookout.ID
		var cur *LookoutRow
		err := e.transit(ctx, system, transition{action: jisr.ActLookoutExpire, ref: id, noun: "lookout", from: jisr.LookActive,
			find: func(tx Tx) (string, string, error) {
				var err error
				if cur, err = tx.LookoutByID(id); err != nil {
					return id, "", err
				}
				if cur.Lookout.State == jisr.LookActive && !now.Before(cur.Lookout.Expires) {
					return id, jisr.LookActive, nil
				}
				return id, "not-due", nil
			},
			may: func() error { return nil },
			apply: func(tx Tx) (string, error) {
				if err := tx.EndLookout(cur.Pos, jisr.LookExpired, "system"); err != nil {
					return "", err
				}
				tx.AfterCommit(func() { e.lookoutNames().Remove(id) })
				return "state=expired", nil
			}})
		switch jisr.ErrorCode(err) {
		case "":
			n++
		case jisr.ECONFLICT, jisr.ENOTFOUND:
		default:
			return n, err
		}
	}
	return n, nil
}

// watchKeys are the posting keys of x (selectors) and r (pill logos) a
// lookout watches for.
func watchKeys(x *Indexed, r *jisr.Record) []string {
	var keys []string
	for _, f := range x.selectors {
		keys = append(keys, f.Index...)
	}
	for i := range r.Entities {
		en := &r.Entities[i]
		if en.Schema != "DrugQuantity" {
			continue
		}
		for _, logo := range en.Props["logo"] {
			keys = append(keys, logoKey(logo))
		}
	}
	return keys
}

// watched is what a lookout could match in the version of a record an
// edit replaces: its posting keys and its person names.
type watched struct {
	keys  map[string]bool
	names []PersonName
}

// watchedOf is what of r, the version an edit replaces, lookouts watch.
func (e *Engine) watchedOf(r *jisr.Record) *watched {
	x := &Indexed{names: personNames(r)}
	if e.hits.matching {
		x.meets = meetsOf(r, e.st.AgencyCountry(r.Originator), 0, 0)
	}
	w := &watched{keys: map[string]bool{}, names: x.names}
	for _, k := range watchKeys(x, r) {
		w.keys[k] = true
	}
	return w
}

// watch checks the record r, just written at seq, against the active
// lookouts, in its write transaction, and records and tells the new
// matches. A record matches a lookout once; an edit (prev: what the
// replaced version held, nil for a new record or an import) that matched
// before is told again only when the edit newly adds the value the
// lookout watches for (a phone removed and written again, a second
// person of the watched name): an edit that keeps the value tells
// nobody.
func (e *Engine) watch(tx Tx, x *Indexed, r *jisr.Record, seq int64, prev *watched) error {
	keys := watchKeys(x, r)
	type hit struct {
		row *LookoutRow
		why string
	}
	var found []hit
	seen := map[int64]bool{}
	if len(keys) > 0 {
		rows, err := tx.LookoutsByKeys(keys)
		if err != nil {
			return err
		}
		for _, row := range rows {
			if seen[row.Pos] {
				continue
			}
			seen[row.Pos] = true
			found = append(found, hit{row, row.Lookout.Type})
		}
	}
	pending := e.look.pendingNames()
	if ix := e.lookoutNames(); ix.Len() > 0 || len(pending) > 0 {
		best := map[string]float64{}
		for _, n := range x.names {
			if n.Schema != "Person" || len(names.ParseName(n.Name).Parts) < 2 {
				continue
			}
			for _, res := range ix.Search(n.Name, 20) {
				if res.Score >= NameHitScore && res.Score > best[res.ID] {
					best[res.ID] = res.Score
				}
			}
			// Person lookouts of this commit, not in the index yet.
			for id, name := range pending {
				if sc := names.Compare(n.Name, name).Score; sc >= NameHitScore && sc > best[id] {
					best[id] = sc
				}
			}
		}
		for id, score := range best {
			row, err := tx.LookoutByID(id)
			if jisr.ErrorCode(err) == jisr.ENOTFOUND {
				if _, ok := pending[id]; ok {
					// Written by a write of this process that was rolled
					// back (writes of one process run one at a time).
					e.look.setPending(id, "")
				}
				continue
			}
			if err != nil {
				return err
			}
			if seen[row.Pos] || !row.Lookout.Active(tx.Now()) {
				continue
			}
			seen[row.Pos] = true
			found = append(found, hit{row, fmt.Sprintf("name %.2f", score)})
		}
	}
	// The lookouts the edit's new values match (keys the replaced version
	// did not hold), asked only when an edit matched at all.
	var added map[int64]bool
	if prev != nil && len(found) > 0 {
		added = map[int64]bool{}
		var fresh []string
		for _, k := range keys {
			if !prev.keys[k] {
				fresh = append(fresh, k)
			}
		}
		if len(fresh) > 0 {
			rows, err := tx.LookoutsByKeys(fresh)
			if err != nil {
				return err
			}
			for _, row := range rows {
				added[row.Pos] = true
			}
		}
	}
	for _, h := range found {
		isNew, err := tx.AddLookoutMatch(h.row.Pos, seq, r.Originator, h.why)
		if err != nil {
			return err
		}
		if !isNew && prev != nil {
			if strings.HasPrefix(h.why, "name ") {
				isNew = !matchedBefore(prev, h.row.Lookout.Value)
			} else {
				isNew = added[h.row.Pos]
			}
		}
		if isNew {
			if err := e.lookoutNotice(tx, jisr.NoteLookoutMatch, h.row.Lookout, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// matchedBefore reports whether a person name of the replaced version
// already matched the watched name.
func matchedBefore(prev *watched, name string) bool {
	for _, n := range prev.names {
		if n.Schema == "Person" && len(names.ParseName(n.Name).Parts) >= 2 && names.Compare(n.Name, name).Score >= NameHitScore {
			return true
		}
	}
	return false
}

// lookoutNotice writes, in tx, the notices of kind about l (r: the record
// that matched, for a match) to the users policy.NotifiesLookout names,
// and sends them on after the commit. A match's notice names the agency
// holding the record, never the record.
func (e *Engine) lookoutNotice(tx Tx, kind string, l *jisr.Lookout, r *jisr.Record) error {
	agencies := l.To
	if kind == jisr.NoteLookoutMatch {
		agencies = append([]string{l.From}, l.To...)
	}
	users, err := tx.NoticeUsers(agencies)
	if err != nil {
		return err
	}
	byCode := map[string]*jisr.Agency{}
	for _, code := range agencies {
		a, err := tx.AgencyByCode(code)
		if err != nil && jisr.ErrorCode(err) != jisr.ENOTFOUND {
			return err
		}
		byCode[code] = a
	}
	other := l.From
	if r != nil {
		other = r.Originator
	}
	base := jisr.Notification{Kind: kind, Object: l.ID, Agency: other, Subject: l.Type + " " + l.Value, Due: l.Expires, CreatedAt: tx.Now()}
	var rows []*Notice
	var mails []mailJob
	for _, u := range users {
		if !policy.NotifiesLookout(kind, l, u.User, byCode[u.User.Agency], r) {
			continue
		}
		n := base
		n.ID, n.User, n.Lang = uuid.Must(uuid.NewV7()).String(), u.User.Username, u.User.Lang
		rows = append(rows, &Notice{UserID: u.User.ID, N: &n})
		if u.EmailOptIn && u.User.Email != "" {
			n.Email = u.User.Email
			mails = append(mails, mailJob{to: u.User.Email, lang: u.User.Lang, n: &n})
		}
	}
	// An agency's webhook carries what its liaison officers are told.
	var hooks []string
	for _, code := range agencies {
		if byCode[code] != nil && policy.NotifiesLookout(kind, l, &jisr.User{Agency: code, Role: jisr.RoleLiaison}, byCode[code], r) {
			hooks = append(hooks, code)
		}
	}
	if err := tx.AddNotifications(rows); err != nil {
		return err
	}
	e.deliver(tx, base, rows, mails, hooks)
	return nil
}

// deliver sends notices on after the commit: live, by e-mail and to the
// agencies' webhooks.
func (e *Engine) deliver(tx Tx, base jisr.Notification, rows []*Notice, mails []mailJob, hooks []string) {
	tx.AfterCommit(func() {
		h := e.hub()
		for _, x := range rows {
			h.Publish(x.N)
		}
		if e.notices.mail != nil {
			for _, m := range mails {
				select {
				case e.notices.mail <- m:
				default:
					e.notices.out.Log.Warn("e-mail queue full: notice not mailed", "user", m.n.User, "kind", m.n.Kind)
				}
			}
		}
		if w := e.notices.out.Webhooks; w != nil {
			for _, a := range hooks {
				n := base
				n.ID = uuid.Must(uuid.NewV7()).String()
				w.Notify(a, &n)
			}
		}
	})
}
