package engine

import (
	"context"
	"fmt"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// ExportRecords implements jisr.RecordService. Records the caller may read
// but not pass on (policy.Withheld: another agency's H2, TLP:RED or
// TLP:AMBER+STRICT) are left out; every record exported carries its
// caveats (policy.Caveats).
func (e *Engine) ExportRecords(ctx context.Context, p jisr.Principal, f jisr.RecordFilter, fn func(*jisr.Record) error) (int, error) {
	n := 0
	withheld := map[string]int{}
	var seqs []int64
	// The export is audited before anything leaves, and again with what
	// left: every record, in the read index.
	if err := e.auditOnly(ctx, p, jisr.ActExport, "", "started "+e.listDetail(f, 0), OutcomeOK); err != nil {
		return 0, err
	}
	if tokens := policy.Tokens(p); len(tokens) > 0 {
		if err := checkFilter(f); err != nil {
			return 0, err
		}
		consents, err := e.consentIndex(ctx, p, "")
		if err != nil {
			return 0, err
		}
		err = e.st.EachReadable(ctx, tokens, f, func(sr StoredRecord) error {
			r := sr.Record
			if why := policy.Withheld(p, r); why != "" {
				withheld[why]++
				return nil
			}
			c := *policy.Redact(p, r)
			c.Caveats = policy.Caveats(p, r)
			withConsents(&c, p, r, consents[r.ID])
			if err := fn(&c); err != nil {
				return err
			}
			n++
			seqs = append(seqs, sr.Seq)
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	detail := fmt.Sprintf("done %s withheld_h2=%d withheld_red=%d withheld_amber_strict=%d", e.listDetail(f, n),
		withheld[policy.HeldH2], withheld[policy.HeldRed], withheld[policy.HeldStrict])
	if err := e.auditRead(ctx, p, jisr.ActExport, "", detail, seqs); err != nil {
		return n, err
	}
	return n, nil
}
