package engine

import (
	"context"
	"encoding/json"
	"regexp"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

var reSignature = regexp.MustCompile(`^[0-9a-f]{16,64}$`)

// MaxSheetMapping is the largest mapping kept (bytes of JSON).
const MaxSheetMapping = 64 << 10

func checkMapping(p jisr.Principal, signature string) error {
	if !policy.CanReadRecords(p.Role) || p.Agency == "" {
		return jisr.Refused(jisr.EFORBIDDEN, "f_sheet_mappings")
	}
	if !reSignature.MatchString(signature) {
		return jisr.Because("signature", "sheet_signature")
	}
	return nil
}

// SheetMapping implements jisr.MappingService: the mapping the caller's
// agency saved for sheets with these headers, or nil. An agency reads its
// own mappings only.
func (e *Engine) SheetMapping(ctx context.Context, p jisr.Principal, signature string) (json.RawMessage, error) {
	if err := checkMapping(p, signature); err != nil {
		return nil, err
	}
	b, err := e.st.SheetMapping(ctx, p.Agency, signature)
	if err != nil || b == nil {
		return nil, err
	}
	return json.RawMessage(b), nil
}

// SaveSheetMapping implements jisr.MappingService: the caller's agency
// remembers a mapping for sheets with these headers (audited with the
// import action).
func (e *Engine) SaveSheetMapping(ctx context.Context, p jisr.Principal, signature string, mapping json.RawMessage) error {
	if err := checkMapping(p, signature); err != nil {
		return err
	}
	if len(mapping) > MaxSheetMapping || !json.Valid(mapping) {
		return jisr.Because("mapping", "json_size", MaxSheetMapping>>10)
	}
	return e.st.Write(ctx, func(tx Tx) error {
		if err := tx.PutSheetMapping(p.Agency, signature, mapping); err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActImport, "", "sheet mapping saved "+signature, OutcomeOK)
	})
}
