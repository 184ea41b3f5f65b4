package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
	"github.com/jisr-cell/jisr/textnorm"
)

// derive computes the columns of a record a store filters and sums by.
func derive(r *jisr.Record, row *RecordRow) {
	row.Country, row.OccurredOn, row.Lat, row.Lon = r.Place.Country, r.OccurredOn, r.Place.Lat, r.Place.Lon
	if r.Seizure != nil {
		row.Crossing, row.Concealment = r.Seizure.Crossing, r.Seizure.HidingPlace
	}
	for i := range r.Entities {
		e := &r.Entities[i]
		if e.Schema != "DrugQuantity" {
			continue
		}
		amount, _ := strconv.ParseFloat(e.First("amount"), 64)
		switch e.First("unit") {
		case "pills":
			row.Pills += amount
		case "kg":
			row.Kg += amount
		case "g":
			row.Kg += amount / 1000
		}
	}
}

// searchText is what full-text search sees of a record: title, narratives,
// place and the values of its entities, folded and split into terms here
// (a store's index only splits on the spaces between them). Protected
// persons are left out, so no one outside the originator finds a record by
// an informant's name.
func searchText(r *jisr.Record) string {
	var b strings.Builder
	add := func(s string) {
		for _, t := range textnorm.Terms(s) {
			b.WriteString(t)
			b.WriteByte(' ')
		}
	}
	add(r.Title)
	add(r.NarrativeAR)
	add(r.NarrativeEN)
	add(r.Place.Name)
	add(r.Place.NameAR)
	add(r.Place.Admin)
	for i := range r.Entities {
		e := &r.Entities[i]
		if policy.Protected(e) {
			continue
		}
		for _, vs := range e.Props {
			for _, v := range vs {
				add(v)
			}
		}
	}
	return b.String()
}

// encodeBody is the record as a store keeps it: JSON, without its
// attachments (rows of their own) and caveats (computed for each reader).
func encodeBody(r *jisr.Record) ([]byte, error) {
	c := *r
	c.Attachments, c.Caveats, c.Consents = nil, nil, nil
	return json.Marshal(&c)
}

// prepared is a record ready to store: everything computed from it is
// computed before the write transaction, so the single writer only writes.
type prepared struct {
	row  RecordRow
	ix   *Indexed // what the hits index of it (hits_engine.go)
	bulk bool     // an import: no name hits (see ImportRecords)
	// prev is what lookouts watch in the version an edit replaces (nil
	// for a new record): a match is told again only for a value the edit
	// adds (watch).
	prev *watched
}

func (e *Engine) prepare(r *jisr.Record) (*prepared, error) {
	body, err := encodeBody(r)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	pr := &prepared{row: RecordRow{Record: r, Body: body, Audience: policy.Audience(r), Text: searchText(r)}}
	derive(r, &pr.row)
	pr.ix = e.PrepareIndex(r, pr.row.Audience, pr.row.Pills, pr.row.Kg)
	return pr, nil
}

// put stores a prepared record (new when seq is 0) and indexes it, in tx;
// it returns its seq and how many hits it made.
func (e *Engine) put(tx Tx, pr *prepared, seq int64) (int64, int, error) {
	update := seq != 0
	seq, err := tx.PutRecord(&pr.row, seq)
	if errors.Is(err, ErrExternalIDTaken) {
		return 0, 0, jisr.ConflictOn("external_id", "c_external_id", pr.row.Record.ExternalID)
	}
	if err != nil {
		return 0, 0, err
	}
	// After the row (whose put refuses new content on a full disk first):
	// an error here rolls the write back.
	if err := checkRecipients(tx, pr.row.Record); err != nil {
		return 0, 0, err
	}
	n, err := e.IndexRecord(tx, pr.ix, seq, update, !pr.bulk)
	if err != nil {
		return 0, 0, err
	}
	if err := e.watch(tx, pr.ix, pr.row.Record, seq, pr.prev); err != nil {
		return 0, 0, err
	}
	return seq, n, nil
}

// checkRecipients checks the named recipients of a TLP:RED record against
// the users (policy.NamedRecipients), inside the write transaction.
func checkRecipients(tx Tx, r *jisr.Record) error {
	if len(r.Releasability.Users) == 0 {
		return nil
	}
	return policy.NamedRecipients(r, func(u string) (string, bool, error) {
		agency, role, disabled, found, err := tx.UserStanding(u)
		if err != nil || !found {
			return "", false, err
		}
		return agency, !disabled && policy.CanReadRecords(role), nil
	})
}

// checkReleasability verifies that named agencies exist.
func checkReleasability(tx Tx, rel jisr.Releasability) error {
	for i, a := range rel.Agencies {
		ok, err := tx.AgencyExists(a)
		if err != nil {
			return err
		}
		if !ok {
			return jisr.Because(fmt.Sprintf("releasability.agencies[%d]", i), "no_agency", a)
		}
	}
	return nil
}

// CreateRecord implements jisr.RecordService.
func (e *Engine) CreateRecord(ctx context.Context, p jisr.Principal, r *jisr.Record) error {
	if err := policy.CanCreate(p); err != nil {
		return e.deny(ctx, p, jisr.ActCreate, "", "", err)
	}
	if !p.System || r.Originator == "" {
		r.Originator = p.Agency
	}
	if !p.System || r.CreatedBy == "" {
		r.CreatedBy = p.Username
	}
	if err := r.Validate(e.now()); err != nil {
		return err
	}
	if err := policy.CanMark(p, nil, r); err != nil {
		return e.deny(ctx, p, jisr.ActCreate, "", "tlp="+string(r.TLP)+" released", err)
	}
	if r.ExternalID != "" {
		if err := jisr.ValidExternalID(r.ExternalID); err != nil {
			return err
		}
	}
	r.ID, r.Version = newID(), 1
	r.CreatedAt = e.now().UTC()
	r.UpdatedAt = r.CreatedAt
	pr, err := e.prepare(r)
	if err != nil {
		return err
	}
	return e.st.Write(ctx, func(tx Tx) error {
		if err := checkReleasability(tx, r.Releasability); err != nil {
			return err
		}
		_, hits, err := e.put(tx, pr, 0)
		if err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActCreate, r.ID, fmt.Sprintf("kind=%s tlp=%s handling=%s hits=%d", r.Kind, r.TLP, r.Handling, hits), OutcomeOK)
	})
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// readableIn is readable inside a write transaction.
func readableIn(tx Tx, p jisr.Principal, id string) (*jisr.Record, int64, error) {
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no record %s, or not one you may see", id)
	tokens := policy.Tokens(p)
	if len(tokens) == 0 {
		return nil, 0, notFound
	}
	r, seq, err := tx.ReadableRecordIn(tokens, id)
	if err != nil {
		return nil, 0, err
	}
	if r == nil {
		return nil, 0, notFound
	}
	return r, seq, nil
}

// replace stores next as the new version of the record cur (stored at
// seq), keeping cur in the history. The caller has checked that p may.
func (e *Engine) replace(tx Tx, p jisr.Principal, cur *jisr.Record, seq int64, next *jisr.Record) error {
	if err := checkReleasability(tx, next.Releasability); err != nil {
		return err
	}
	old, err := encodeBody(cur)
	if err != nil {
		return jisr.Internal(err)
	}
	if err := tx.PutVersion(seq, jisr.RecordVersion{Version: cur.Version, At: cur.UpdatedAt, By: lastEditor(cur)}, old); err != nil {
		return err
	}
	next.ID, next.Originator, next.CreatedBy, next.CreatedAt = cur.ID, cur.Originator, cur.CreatedBy, cur.CreatedAt
	next.ExternalID = cur.ExternalID // the originator's reference stays what it was at creation
	next.Version = cur.Version + 1
	next.UpdatedAt, next.UpdatedBy = tx.Now(), p.Username
	pr, err := e.prepare(next)
	if err != nil {
		return err
	}
	pr.prev = e.watchedOf(cur)
	_, _, err = e.put(tx, pr, seq)
	return err
}

// change loads a record inside the write transaction, checks the caller may
// change it, keeps the current version in the history and stores the new one.
func (e *Engine) change(ctx context.Context, p jisr.Principal, id string, action string, check func(cur *jisr.Record) error, edit func(cur *jisr.Record) (*jisr.Record, string, error)) error {
	var denied error
	err := e.st.Write(ctx, func(tx Tx) error {
		denied = nil
		cur, seq, err := readableIn(tx, p, id)
		if err != nil {
			denied = err
			return tx.Audit(p, action, id, "", OutcomeDenied)
		}
		if err := check(cur); err != nil {
			denied = err
			return tx.Audit(p, action, id, "", OutcomeDenied)
		}
		next, detail, err := edit(cur)
		if err != nil {
			return err
		}
		if err := e.replace(tx, p, cur, seq, next); err != nil {
			return err
		}
		return tx.Audit(p, action, id, detail, OutcomeOK)
	})
	if err != nil {
		return err
	}
	return denied
}

// UpdateRecord implements jisr.RecordService.
func (e *Engine) UpdateRecord(ctx context.Context, p jisr.Principal, r *jisr.Record) error {
	return e.change(ctx, p, r.ID, jisr.ActUpdate,
		func(cur *jisr.Record) error {
			if err := policy.CanUpdate(p, cur); err != nil {
				return err
			}
			return policy.CanMark(p, cur, r)
		},
		func(cur *jisr.Record) (*jisr.Record, string, error) {
			if r.Version != cur.Version {
				return nil, "", jisr.ConflictOn("version", "c_version", cur.Version)
			}
			r.Originator = cur.Originator
			if err := r.Validate(e.now()); err != nil {
				return nil, "", err
			}
			next := *r
			next.Attachments = nil
			return &next, fmt.Sprintf("version=%d", cur.Version+1), nil
		})
}

// SetReleasability implements jisr.RecordService.
func (e *Engine) SetReleasability(ctx context.Context, p jisr.Principal, id string, rel jisr.Releasability) error {
	return e.change(ctx, p, id, jisr.ActRelease,
		func(cur *jisr.Record) error { return policy.CanRelease(p, cur) },
		func(cur *jisr.Record) (*jisr.Record, string, error) {
			if err := rel.Validate(cur.TLP); err != nil {
				return nil, "", err
			}
			next := *cur
			next.Releasability = rel
			b, _ := json.Marshal(rel)
			return &next, "releasability=" + string(b), nil
		})
}

// SearchText is what full-text search finds a record by (folded terms
// separated by spaces, protected persons left out): what a store's index
// holds of it. A store copied from another (jisr migrate) rebuilds its
// index from it.
func SearchText(r *jisr.Record) string { return searchText(r) }
