package storetest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jisr-cell/jisr"
)

// testSheetMappings: an agency's remembered spreadsheet mapping is its own
// (another agency reads nothing under the same signature), replaced when
// saved again; roles that enter no record neither read nor save one.
func testSheetMappings(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	ms, ok := s.(jisr.MappingService)
	if !ok {
		t.Skip("no mappings")
	}
	const sig = "0123456789abcdef0123456789abcdef"
	jo, iq, admin := As(t, s, "jo.analyst"), As(t, s, "iq.analyst"), As(t, s, "jo.admin")
	if err := ms.SaveSheetMapping(ctx, jo, sig, json.RawMessage(`{"columns":{"التاريخ":"occurred_on"}}`)); err != nil {
		t.Fatal(err)
	}
	if err := ms.SaveSheetMapping(ctx, jo, sig, json.RawMessage(`{"columns":{"التاريخ":"ignore"}}`)); err != nil {
		t.Fatal(err)
	}
	if m, err := ms.SheetMapping(ctx, jo, sig); err != nil || string(m) != `{"columns":{"التاريخ":"ignore"}}` {
		t.Errorf("jo's mapping: %s %v", m, err)
	}
	if m, err := ms.SheetMapping(ctx, iq, sig); err != nil || m != nil {
		t.Errorf("iq reads jo's mapping: %s %v", m, err)
	}
	if _, err := ms.SheetMapping(ctx, admin, sig); code(err) != jisr.EFORBIDDEN {
		t.Errorf("admin: %v", err)
	}
	if err := ms.SaveSheetMapping(ctx, jo, "../x", json.RawMessage(`{}`)); code(err) != jisr.EINVALID {
		t.Errorf("bad signature: %v", err)
	}
	if err := ms.SaveSheetMapping(ctx, jo, sig, json.RawMessage(`{`)); code(err) != jisr.EINVALID {
		t.Errorf("bad mapping: %v", err)
	}
}
