package engine

import "context"

// SheetStore keeps the spreadsheet mappings each agency saved, by the
// signature of a sheet's headers (formats/sheet.Signature); the engine
// reads and writes the mapping as opaque JSON.
type SheetStore interface {
	// SheetMapping returns an agency's mapping for a signature, or nil.
	SheetMapping(ctx context.Context, agency, signature string) ([]byte, error)
}

// SheetTx saves a mapping.
type SheetTx interface {
	// PutSheetMapping saves (or replaces) an agency's mapping.
	PutSheetMapping(agency, signature string, mapping []byte) error
}
