package engine

import (
	"context"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/policy"
)

// ReleaseRequests implements jisr.RecordService: requests the caller's
// agency made or must answer.
func (e *Engine) ReleaseRequests(ctx context.Context, p jisr.Principal, page jisr.Page) ([]*jisr.ReleaseRequest, string, error) {
	if !policy.CanReadRecords(p.Role) {
		return nil, "", jisr.Errorf(jisr.EFORBIDDEN, "release requests are for agency staff")
	}
	page = page.Normalize()
	before := int64(1 << 62)
	if page.Cursor != "" {
		c, err := e.st.Cursors().Decode(p, cursor.ReleaseRequests, page.Cursor)
		if err != nil {
			return nil, "", err
		}
		before = c
	}
	out, err := e.st.ReleaseRequestPage(ctx, p.Agency, before, page.Limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		next = e.st.Cursors().Encode(p, cursor.ReleaseRequests, out[len(out)-1].ID)
	}
	return out, next, nil
}
