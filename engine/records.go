package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/policy"
	"github.com/jisr-cell/jisr/textnorm"
)

// Record implements jisr.RecordService.
func (e *Engine) Record(ctx context.Context, p jisr.Principal, id string) (*jisr.Record, error) {
	r, seq, err := e.readable(ctx, p, id)
	if jisr.ErrorCode(err) == jisr.ENOTFOUND {
		return nil, e.deny(ctx, p, jisr.ActRead, id, "", err)
	}
	if err != nil {
		return nil, err
	}
	if r.Attachments, err = e.st.RecordAttachments(ctx, seq); err != nil {
		return nil, err
	}
	consents, err := e.consentIndex(ctx, p, r.ID)
	if err != nil {
		return nil, err
	}
	if err := e.auditRead(ctx, p, jisr.ActRead, id, "", []int64{seq}); err != nil {
		return nil, err
	}
	out := policy.Redact(p, r)
	out.Consents = consentsOf(p, r, consents[r.ID])
	return out, nil
}

// checkFilter validates the filter of a list, count, statistics or
// export before a store applies it.
func checkFilter(f jisr.RecordFilter) error {
	if f.Text != "" && textnorm.MatchQuery(f.Text) == "" {
		return jisr.Because("q", "no_words")
	}
	if f.Kind != "" && !slices.Contains(append(jisr.Kinds, jisr.KindOperation, jisr.KindRequest), f.Kind) {
		return jisr.Because("kind", "one_of", "report, seizure, facility")
	}
	if f.Country != "" && !jisr.ValidCountry(f.Country) {
		return jisr.Because("country", "country")
	}
	if f.From != "" && !jisr.ValidDate(f.From) {
		return jisr.Because("from", "date")
	}
	if f.To != "" && !jisr.ValidDate(f.To) {
		return jisr.Because("to", "date")
	}
	if f.Concealment != "" && !slices.Contains(jisr.Concealments, f.Concealment) {
		return jisr.Because("concealment", "pick_list", f.Concealment)
	}
	if f.Substance != "" && !slices.Contains(jisr.Substances, f.Substance) {
		return jisr.Because("substance", "pick_list", f.Substance)
	}
	return nil
}

// Records implements jisr.RecordService. Results are newest first; the
// cursor is the position of the last record returned.
func (e *Engine) Records(ctx context.Context, p jisr.Principal, f jisr.RecordFilter) ([]*jisr.Record, string, error) {
	action := jisr.ActList
	if f.Text != "" {
		action = jisr.ActSearch
	}
	f.Page = f.Page.Normalize()
	var out []*jisr.Record
	var seqs []int64
	next := ""
	if tokens := policy.Tokens(p); len(tokens) > 0 {
		if err := checkFilter(f); err != nil {
			return nil, "", err
		}
		var before int64
		if f.Page.Cursor != "" {
			c, err := e.st.Cursors().Decode(p, cursor.Records, f.Page.Cursor)
			if err != nil {
				return nil, "", err
			}
			before = c
		}
		page, err := e.st.RecordPage(ctx, tokens, f, before, f.Page.Limit+1)
		if err != nil {
			return nil, "", err
		}
		if len(page) > f.Page.Limit {
			page = page[:f.Page.Limit]
			next = e.st.Cursors().Encode(p, cursor.Records, page[len(page)-1].Seq)
		}
		for _, sr := range page {
			out = append(out, policy.Redact(p, sr.Record))
			seqs = append(seqs, sr.Seq)
		}
	}
	if err := e.auditRead(ctx, p, action, "", e.listDetail(f, len(out)), seqs); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// listDetail is the audit detail of a list, search or export: the filter
// (the search text as keyed hashes) and the count. The records returned
// are in the read index.
func (e *Engine) listDetail(f jisr.RecordFilter, n int) string {
	var b strings.Builder
	if f.Text != "" {
		fmt.Fprintf(&b, "q=%s ", e.st.KeyedText(f.Text))
	}
	for _, kv := range [][2]string{{"kind", string(f.Kind)}, {"originator", f.Originator}, {"country", f.Country}, {"from", f.From}, {"to", f.To}, {"crossing", f.Crossing}, {"concealment", f.Concealment}, {"substance", f.Substance}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "%s=%s ", kv[0], kv[1])
		}
	}
	fmt.Fprintf(&b, "n=%d", n)
	return b.String()
}

// CountRecords implements jisr.RecordService.
func (e *Engine) CountRecords(ctx context.Context, p jisr.Principal, f jisr.RecordFilter) (int, error) {
	tokens := policy.Tokens(p)
	if len(tokens) == 0 {
		return 0, nil
	}
	if err := checkFilter(f); err != nil {
		return 0, err
	}
	return e.st.CountReadable(ctx, tokens, f)
}

// History implements jisr.RecordService.
func (e *Engine) History(ctx context.Context, p jisr.Principal, id string) ([]jisr.RecordVersion, error) {
	cur, seq, err := e.readable(ctx, p, id)
	if err != nil {
		return nil, e.deny(ctx, p, jisr.ActHistory, id, "", err)
	}
	all, err := e.st.RecordVersions(ctx, seq)
	if err != nil {
		return nil, err
	}
	all = append(all, jisr.RecordVersion{Version: cur.Version, At: cur.UpdatedAt, By: lastEditor(cur), Record: cur})
	// Each version is shown with its own audience and the strictest
	// protection any version gave its persons (policy.History).
	versions := make([]*jisr.Record, len(all))
	for i := range all {
		versions[i] = all[i].Record
	}
	var out []jisr.RecordVersion
	for i, r := range policy.History(p, versions) {
		if r != nil {
			all[i].Record = r
			out = append(out, all[i])
		}
	}
	if err := e.auditRead(ctx, p, jisr.ActHistory, id, "", []int64{seq}); err != nil {
		return nil, err
	}
	return out, nil
}

func lastEditor(r *jisr.Record) string {
	if r.UpdatedBy != "" {
		return r.UpdatedBy
	}
	return r.CreatedBy
}
