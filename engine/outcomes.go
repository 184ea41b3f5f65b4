package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/google/uuid"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Outcomes (issue 11): what a record, hit, request or operation led to.
// The lead is found as the reporter may see it (ENOTFOUND otherwise, like
// an absent one); the agencies it came from (a record's originator, a
// hit's far agency, a request's other side, an operation's other
// participants) read the outcome; the records that show it are linked
// only if the reporter reads them, and each viewer is shown only those it
// reads.

const cursorOutcomes = "outcomes"

func outcomeNotFound(id string) error {
	return jisr.Errorf(jisr.ENOTFOUND, "no outcome %s, or not one you may see", id)
}

// leadAgencies finds the lead as p may see it and returns the agencies it
// came from (never p's own).
func (e *Engine) leadAgencies(tx Tx, p jisr.Principal, of jisr.Lead) ([]string, error) {
	notFound := &jisr.Error{Code: jisr.ENOTFOUND, Field: "of.id", Message: fmt.Sprintf("no %s %s, or not one you may see", of.Kind, of.ID)}
	var out []string
	switch of.Kind {
	case jisr.LeadRecord:
		r, _, err := readableIn(tx, p, of.ID)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			return nil, notFound
		}
		if err != nil {
			return nil, err
		}
		out = []string{r.Originator}
	case jisr.LeadHit:
		h, err := e.requestHit(tx, p, of.ID)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			return nil, notFound
		}
		if err != nil {
			return nil, err
		}
		out = []string{h.Other.Agency}
	case jisr.LeadRequest:
		row, err := tx.RequestByID(of.ID)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND || (err == nil && !policy.SeesRequest(p, row.Request.From, row.Request.To)) {
			return nil, notFound
		}
		if err != nil {
			return nil, err
		}
		if p.Agency == row.Request.From {
			out = row.Request.To
		} else {
			out = []string{row.Request.From}
		}
	case jisr.LeadOperation:
		_, o, err := findOperation(tx, p, of.ID)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			return nil, notFound
		}
		if err != nil {
			return nil, err
		}
		out = o.Participants
	}
	return slices.DeleteFunc(slices.Clone(out), func(a string) bool { return a == p.Agency }), nil
}

// linkRecords finds each record id as p may read it and returns their
// positions (field names the list in errors).
func linkRecords(tx Tx, p jisr.Principal, field string, ids []string) ([]int64, error) {
	var seqs []int64
	for i, id := range ids {
		_, seq, err := readableIn(tx, p, id)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			return nil, &jisr.Error{Code: jisr.ENOTFOUND, Field: fmt.Sprintf("%s[%d]", field, i), Message: fmt.Sprintf("no record %s, or not one you may see", id)}
		}
		if err != nil {
			return nil, err
		}
		if !slices.Contains(seqs, seq) {
			seqs = append(seqs, seq)
		}
	}
	return seqs, nil
}

// readableIDs returns the ids of the records at seqs that p reads, and
// their positions.
func readableIDs(tx Tx, p jisr.Principal, seqs []int64) ([]string, []int64, error) {
	ids := []string{}
	var shown []int64
	for _, seq := range seqs {
		r, err := tx.RecordAt(seq)
		if err != nil {
			return nil, nil, err
		}
		if policy.CanRead(p, r) {
			ids = append(ids, r.ID)
			shown = append(shown, seq)
		}
	}
	return ids, shown, nil
}

func decodeOutcome(row *ItemRow) (*jisr.Outcome, error) {
	var o jisr.Outcome
	if err := json.Unmarshal(row.Body, &o); err != nil {
		return nil, jisr.Internal(err)
	}
	return &o, nil
}

// CreateOutcome implements jisr.OutcomeService.
func (e *Engine) CreateOutcome(ctx context.Context, p jisr.Principal, o *jisr.Outcome) error {
	if err := o.Validate(); err != nil {
		return err
	}
	var refused error
	err := e.st.Write(ctx, func(tx Tx) error {
		refused = nil
		deny := func(err error) error {
			refused = err
			return tx.Audit(p, jisr.ActOutcomeCreate, o.Of.Kind+":"+o.Of.ID, jisr.ErrorCode(err), OutcomeDenied)
		}
		if err := policy.CanReportOutcome(p); err != nil {
			return deny(err)
		}
		leads, err := e.leadAgencies(tx, p, o.Of)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			return deny(err)
		}
		if err != nil {
			return err
		}
		seqs, err := linkRecords(tx, p, "records", o.Records)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			return deny(err)
		}
		if err != nil {
			return err
		}
		o.ID, o.Agency, o.Leads, o.CreatedBy, o.CreatedAt = uuid.Must(uuid.NewV7()).String(), p.Agency, leads, p.Username, tx.Now()
		stored := *o
		stored.Records = nil
		body, err := json.Marshal(&stored)
		if err != nil {
			return jisr.Internal(err)
		}
		if _, err := tx.InsertItem(ItemOutcome, o.ID, body, append([]string{p.Agency}, leads...), seqs); err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActOutcomeCreate, o.ID, fmt.Sprintf("of=%s kind=%s records=%d", o.Of.Kind, o.Kind, len(seqs)), OutcomeOK)
	})
	if err != nil {
		return err
	}
	return refused
}

// Outcome implements jisr.OutcomeService.
func (e *Engine) Outcome(ctx context.Context, p jisr.Principal, id string) (*jisr.Outcome, error) {
	var out *jisr.Outcome
	var refused error
	err := e.st.Write(ctx, func(tx Tx) error {
		out, refused = nil, nil
		row, err := tx.ItemByID(ItemOutcome, id)
		var o *jisr.Outcome
		if err == nil {
			if o, err = decodeOutcome(row); err == nil && !policy.SeesOutcome(p, o) {
				err = outcomeNotFound(id)
			}
		}
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			refused = outcomeNotFound(id)
			return tx.Audit(p, jisr.ActOutcomeRead, id, jisr.ENOTFOUND, OutcomeDenied)
		}
		if err != nil {
			return err
		}
		ids, shown, err := readableIDs(tx, p, row.Seqs)
		if err != nil {
			return err
		}
		o.Records, out = ids, o
		return tx.AuditReads(p, jisr.ActOutcomeRead, id, "", OutcomeOK, shown)
	})
	if err != nil {
		return nil, err
	}
	return out, refused
}

// Outcomes implements jisr.OutcomeService.
func (e *Engine) Outcomes(ctx context.Context, p jisr.Principal, pg jisr.Page) ([]*jisr.Outcome, string, error) {
	if err := policy.CanReportOutcome(p); err != nil {
		return nil, "", jisr.Refused(jisr.EFORBIDDEN, "f_outcomes")
	}
	page := pg.Normalize()
	before, err := e.st.RequestPosition(p, cursorOutcomes, page.Cursor)
	if err != nil {
		return nil, "", err
	}
	rows, err := e.st.ItemList(ctx, ItemOutcome, p.Agency, before, page.Limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		next = e.st.RequestCursor(p, cursorOutcomes, rows[len(rows)-1].Pos)
	}
	out := []*jisr.Outcome{}
	err = e.st.Write(ctx, func(tx Tx) error {
		out = []*jisr.Outcome{}
		var seqs []int64
		for _, row := range rows {
			o, err := decodeOutcome(row)
			if err != nil {
				return err
			}
			if !policy.SeesOutcome(p, o) {
				continue
			}
			ids, shown, err := readableIDs(tx, p, row.Seqs)
			if err != nil {
				return err
			}
			o.Records = ids
			seqs = append(seqs, shown...)
			out = append(out, o)
		}
		return tx.AuditReads(p, jisr.ActOutcomeList, "", fmt.Sprintf("n=%d", len(out)), OutcomeOK, seqs)
	})
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// OutcomeFigures implements jisr.OutcomeService: per agency, over the
// outcomes the caller's agency may see and the requests it made or
// received: leads sent (answers given to requests), leads acted on (distinct leads with an outcome), results
// (outcomes, by kind, and arrests) and outcomes reported.
func (e *Engine) OutcomeFigures(ctx context.Context, p jisr.Principal) ([]jisr.OutcomeFigure, error) {
	if err := policy.CanReportOutcome(p); err != nil {
		return nil, jisr.Refused(jisr.EFORBIDDEN, "f_outcome_figures")
	}
	rows, err := e.st.ItemList(ctx, ItemOutcome, p.Agency, 1<<62, 100_000)
	if err != nil {
		return nil, err
	}
	times, err := e.st.RequestTimes(ctx, p.Agency)
	if err != nil {
		return nil, err
	}
	figs := map[string]*jisr.OutcomeFigure{}
	fig := func(a string) *jisr.OutcomeFigure {
		if figs[a] == nil {
			figs[a] = &jisr.OutcomeFigure{Agency: a, ByKind: map[string]int{}}
		}
		return figs[a]
	}
	for _, t := range times {
		if t.Answered != nil && t.State == jisr.ReqAnswered {
			fig(t.To).Sent++
		}
	}
	acted := map[string]map[string]bool{} // agency → leads acted on
	for _, row := range rows {
		o, err := decodeOutcome(row)
		if err != nil {
			return nil, err
		}
		if !policy.SeesOutcome(p, o) {
			continue
		}
		fig(o.Agency).Reported++
		for _, a := range o.Leads {
			f := fig(a)
			f.Results++
			f.ByKind[o.Kind]++
			f.Arrests += o.Arrests
			if acted[a] == nil {
				acted[a] = map[string]bool{}
			}
			acted[a][o.Of.Kind+":"+o.Of.ID] = true
		}
	}
	out := []jisr.OutcomeFigure{}
	for a, f := range figs {
		f.ActedOn = len(acted[a])
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Agency < out[j].Agency })
	err = e.st.Write(ctx, func(tx Tx) error {
		return tx.Audit(p, jisr.ActOutcomeList, "", fmt.Sprintf("figures agencies=%d", len(out)), OutcomeOK)
	})
	return out, err
}
