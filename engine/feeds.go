package engine

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/policy"
)

// feedNamespace names collections: a collection's id is a name-based UUID
// of its audience, the same on every call (TAXII clients remember it).
var feedNamespace = uuid.MustParse("3b6c1f0e-94a1-5d1e-8f47-6a6973722d33")

func collectionOf(f policy.Feed) *jisr.Collection {
	c := &jisr.Collection{ID: uuid.NewSHA1(feedNamespace, []byte(f.Token)).String(), Kind: f.Kind, Name: f.Name}
	switch f.Kind {
	case "agency":
		c.Title = "Records of or released to " + f.Name
		c.Description = "Every record " + f.Name + " reads and may pass on, its own and those released to it by name."
	case "country":
		c.Title = "Records released to " + f.Name
		c.Description = "Records released to every agency of " + f.Name + " that the caller may pass on."
	case "group":
		c.Title = "Records released to the group " + f.Name
		c.Description = "Records released to the sharing group " + f.Name + " that the caller may pass on."
	default:
		c.Title = "Records for the whole cell"
		c.Description = "TLP:CLEAR records and records released to every agency of the cell that the caller may pass on."
	}
	return c
}

// Collections implements jisr.FeedService: the caller's own sharing
// audiences (policy.Feeds).
func (e *Engine) Collections(ctx context.Context, p jisr.Principal) ([]*jisr.Collection, error) {
	var out []*jisr.Collection
	for _, f := range policy.Feeds(p) {
		out = append(out, collectionOf(f))
	}
	return out, nil
}

// MaxFeedPage is the most records of one page of a collection.
const MaxFeedPage = 200

// CollectionRecords implements jisr.FeedService. A collection that is not
// one of the caller's is not found, exactly like an absent one. The
// records are those of the collection's audience the caller reads and may
// pass on (policy.InFeed), redacted and with their caveats, oldest change
// first; a page never splits records changed at the same instant. The page
// is audited as an export with every record it returned.
func (e *Engine) CollectionRecords(ctx context.Context, p jisr.Principal, id string, addedAfter time.Time, page jisr.Page) (*jisr.FeedPage, error) {
	var feed *policy.Feed
	for _, f := range policy.Feeds(p) {
		if collectionOf(f).ID == id {
			feed = &f
			break
		}
	}
	if feed == nil {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no collection %q", id)
	}
	list := cursor.Feed + ":" + id
	var after int64
	switch {
	case addedAfter.IsZero() || addedAfter.Before(time.Unix(0, 0)):
	case addedAfter.After(time.Unix(0, math.MaxInt64)):
		after = math.MaxInt64 // past 2262: nothing is newer
	default:
		after = addedAfter.UnixNano()
	}
	if page.Cursor != "" {
		pos, err := e.st.Cursors().Decode(p, list, page.Cursor)
		if err != nil {
			return nil, err
		}
		after = max(after, pos)
	}
	limit := page.Limit
	if limit <= 0 || limit > MaxFeedPage {
		limit = MaxFeedPage
	}
	type item struct {
		seq int64
		at  int64
		r   *jisr.Record
	}
	var all []item
	// The store is handed the collection's token alone: it returns the
	// records whose audience holds it; the policy then asks, per record,
	// whether the caller reads it and may pass it on.
	err := e.st.EachReadable(ctx, []string{feed.Token}, jisr.RecordFilter{}, func(sr StoredRecord) error {
		r := sr.Record
		at := r.UpdatedAt.UnixNano()
		if at <= after || !policy.CanRead(p, r) || !policy.InFeed(p, r) {
			return nil
		}
		all = append(all, item{sr.Seq, at, r})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].at != all[j].at {
			return all[i].at < all[j].at
		}
		return all[i].seq < all[j].seq
	})
	n := min(limit, len(all))
	for n < len(all) && n > 0 && all[n].at == all[n-1].at {
		n++ // never split an instant
	}
	out := &jisr.FeedPage{}
	var seqs []int64
	consents, err := e.consentIndex(ctx, p, "")
	if err != nil {
		return nil, err
	}
	for _, it := range all[:n] {
		c := *policy.Redact(p, it.r)
		c.Caveats = policy.Caveats(p, it.r)
		withConsents(&c, p, it.r, consents[it.r.ID])
		out.Records = append(out.Records, &c)
		seqs = append(seqs, it.seq)
	}
	if n < len(all) {
		out.More = true
		out.Next = e.st.Cursors().Encode(p, list, all[n-1].at)
	}
	detail := fmt.Sprintf("taxii collection %s:%s n=%d", feed.Kind, feed.Name, len(seqs))
	if err := e.auditRead(ctx, p, jisr.ActExport, "", detail, seqs); err != nil {
		return nil, err
	}
	return out, nil
}
