package storetest

import (
	"context"
	"testing"

	"github.com/jisr-cell/jisr"
)

// testNamedRecipients: a TLP:RED record may name its readers person by
// person (issue 8: "TLP:RED means named individuals"). The names are
// checked when the record is written; changing them is a release.
func testNamedRecipients(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	SeedAccess(t, s)
	joL, jo := As(t, s, "jo.liaison"), As(t, s, "jo.analyst")
	red := func(marker string, agencies []string, users ...string) *jisr.Record {
		return Seizure(marker, jisr.TLPRed, jisr.H0, jisr.Releasability{Agencies: agencies, Users: users})
	}

	// Bad lists are refused naming the entry, and nothing is stored.
	bad := []struct {
		name  string
		r     *jisr.Record
		field string
	}{
		{"unknown user", red("qxnamedghost", []string{"IQ-GDNA"}, "iq.analyst", "iq.ghost"), "releasability.users[1]"},
		{"user of an agency not released to", red("qxnamedsa", []string{"IQ-GDNA"}, "sa.officer"), "releasability.users[0]"},
		{"administrator reads nothing", red("qxnamedadmin", nil, "jo.admin"), "releasability.users[0]"},
		{"named twice", red("qxnamedtwice", []string{"IQ-GDNA"}, "iq.analyst", "iq.analyst"), "releasability.users[1]"},
		{"not a user name", red("qxnamedform", []string{"IQ-GDNA"}, "Iq Analyst"), "releasability.users[0]"},
		{"names on TLP:AMBER", Seizure("qxnamedamber", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}, Users: []string{"iq.analyst"}}), "releasability.users"},
	}
	for _, b := range bad {
		err := s.CreateRecord(ctx, joL, b.r)
		if code(err) != jisr.EINVALID || jisr.ErrorField(err) != b.field {
			t.Errorf("%s: want invalid %s, got %v", b.name, b.field, err)
		}
		if n, _ := s.CountRecords(ctx, joL, jisr.RecordFilter{Text: b.r.Title[len("Seizure "):]}); n != 0 {
			t.Errorf("%s: a refused record was stored", b.name)
		}
	}

	r := red("qxnamedok", []string{"IQ-GDNA", "LB-ISF"}, "iq.analyst")
	if err := s.CreateRecord(ctx, joL, r); err != nil {
		t.Fatal(err)
	}
	reads := func(who string) bool {
		_, err := s.Record(ctx, As(t, s, who), r.ID)
		return err == nil
	}
	want := map[string]bool{
		"iq.analyst": true, "jo.liaison": true, "jo.supervisor": true, // named, creator, custodians
		"jo.analyst": false, "iq.liaison": false, "iq.supervisor": false, "lb.liaison": false, "lb.analyst": false, "sa.officer": false,
	}
	for who, may := range want {
		if reads(who) != may {
			t.Errorf("%s reads the named TLP:RED record: %v, want %v", who, !may, may)
		}
	}
	// An analyst of the originating agency may not change the names.
	if err := s.SetReleasability(ctx, jo, r.ID, jisr.Releasability{Agencies: []string{"IQ-GDNA"}, Users: []string{"iq.analyst", "jo.analyst"}}); code(err) != jisr.ENOTFOUND && code(err) != jisr.EFORBIDDEN {
		t.Errorf("analyst renamed the recipients: %v", err)
	}
	// The liaison officer changes the list: the one removed no longer reads.
	if err := s.SetReleasability(ctx, joL, r.ID, jisr.Releasability{Agencies: []string{"IQ-GDNA", "LB-ISF"}, Users: []string{"lb.liaison"}}); err != nil {
		t.Fatal(err)
	}
	if reads("iq.analyst") || !reads("lb.liaison") {
		t.Errorf("after renaming: iq.analyst reads %v (want false), lb.liaison reads %v (want true)", reads("iq.analyst"), reads("lb.liaison"))
	}
	// Nor does a removed recipient see it in a list, a search or a count.
	iq := As(t, s, "iq.analyst")
	if found, _, _ := s.Records(ctx, iq, jisr.RecordFilter{Text: "qxnamedok"}); len(found) != 0 {
		t.Error("a removed recipient still finds the record")
	}
	if n, _ := s.CountRecords(ctx, iq, jisr.RecordFilter{Text: "qxnamedok"}); n != 0 {
		t.Error("a removed recipient still counts the record")
	}
	// Without a list, TLP:RED keeps the role rule.
	plain := red("qxnamedplain", []string{"IQ-GDNA"})
	if err := s.CreateRecord(ctx, joL, plain); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(ctx, As(t, s, "iq.liaison"), plain.ID); err != nil {
		t.Errorf("role rule: iq.liaison reads a TLP:RED record released to IQ-GDNA: %v", err)
	}
}
