package jisr

import (
	"context"
	"encoding/json"
)

// MappingService keeps each agency's spreadsheet mappings (which column
// fills which field), by the signature of a sheet's headers, so a sheet
// laid out like one imported before is mapped the same way.
type MappingService interface {
	// SheetMapping returns the caller's agency's mapping for a signature,
	// or nil.
	SheetMapping(ctx context.Context, p Principal, signature string) (json.RawMessage, error)
	// SaveSheetMapping remembers a mapping for the caller's agency.
	SaveSheetMapping(ctx context.Context, p Principal, signature string, mapping json.RawMessage) error
}
