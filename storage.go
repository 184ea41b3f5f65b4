package jisr

import "context"

// StorageStatus is the state of a node's storage, for /healthz and /metrics.
type StorageStatus struct {
	// Full means new content (records, edits, attachments, imports) is
	// being refused with ESTORAGEFULL; reads and logins go on while
	// their audit entries still fit.
	Full bool
	// Low means free space is under the warning threshold (MinFree).
	Low bool
	// Reason says why the storage is full or low ("" when neither).
	Reason string
	// FreeBytes is the space left for the node's data: the free bytes of
	// the data folder's file system, or of the database's size limit when
	// that is smaller; -1 when unknown.
	FreeBytes int64
	// MinFree is the warning threshold, Reserve the level under which
	// new content is refused.
	MinFree, Reserve int64
}

// StorageMonitor reports the state of a node's storage.
type StorageMonitor interface {
	Storage(ctx context.Context) StorageStatus
}
