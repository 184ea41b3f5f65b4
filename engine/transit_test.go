package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/jisr-cell/jisr"
)

// fakeStore runs writes on a fakeTx that records audit entries; a write
// that fails keeps none of them (rolled back).
type fakeStore struct {
	Store // methods the test does not use
	audit []string
}

type fakeTx struct {
	Tx
	audit []string
}

func (tx *fakeTx) Audit(p jisr.Principal, action, object, detail, outcome string) error {
	tx.audit = append(tx.audit, action+" "+object+" "+detail+" "+outcome)
	return nil
}

func (s *fakeStore) Write(ctx context.Context, fn func(Tx) error) error {
	tx := &fakeTx{}
	if err := fn(tx); err != nil {
		return err
	}
	s.audit = append(s.audit, tx.audit...)
	return nil
}

func TestTransit(t *testing.T) {
	p := jisr.Principal{Username: "jo.liaison", Agency: "JO-AND"}
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no item 7")
	boom := errors.New("disk on fire")
	for _, c := range []struct {
		name         string
		findErr      error
		state        string
		mayErr       error
		applyErr     error
		want         string // error code returned ("" for none)
		wantAudit    string
		applied      bool
		internalFail bool
	}{
		{name: "answered", state: "pending", want: "", wantAudit: "act R1 moved ok", applied: true},
		{name: "absent", findErr: notFound, want: jisr.ENOTFOUND, wantAudit: "act 7 not_found denied"},
		{name: "forbidden", state: "pending", mayErr: jisr.Errorf(jisr.EFORBIDDEN, "no"), want: jisr.EFORBIDDEN, wantAudit: "act R1 forbidden denied"},
		{name: "conflict", state: "done", want: jisr.ECONFLICT, wantAudit: "act R1 conflict denied"},
		{name: "apply fails", state: "pending", applyErr: boom, internalFail: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := &fakeStore{}
			e := &Engine{st: st}
			applied := false
			err := e.transit(context.Background(), p, transition{action: "act", ref: "7", noun: "item", from: "pending",
				find: func(tx Tx) (string, string, error) {
					if c.findErr != nil {
						return "", "", c.findErr
					}
					return "R1", c.state, nil
				},
				may: func() error { return c.mayErr },
				apply: func(tx Tx) (string, error) {
					applied = true
					return "moved", c.applyErr
				}})
			if c.internalFail {
				if !errors.Is(err, boom) || len(st.audit) != 0 {
					t.Fatalf("a failed apply: %v, audit %q (want the error, nothing kept)", err, st.audit)
				}
				return
			}
			if jisr.ErrorCode(err) != c.want {
				t.Fatalf("err %v, want code %q", err, c.want)
			}
			if applied != c.applied {
				t.Fatalf("applied %v, want %v", applied, c.applied)
			}
			if len(st.audit) != 1 || st.audit[0] != c.wantAudit {
				t.Fatalf("audit %q, want %q", st.audit, c.wantAudit)
			}
		})
	}
}
