package engine

import (
	"context"
	"io"

	"github.com/jisr-cell/jisr"
)

// What the engine asks of a store for attachments: their rows, their files
// (kept under their SHA-256; package blobs) and the space left for them.
// Which files are accepted and who may attach is the engine's
// (attachments.go), asked of the policy.

// AttachmentStore is what the engine asks of a store for attachments
// outside a write.
type AttachmentStore interface {
	// RecordAttachment returns the attachment id of the record seq; nil if
	// the record has none of that id.
	RecordAttachment(ctx context.Context, seq int64, id string) (*jisr.Attachment, error)
	// FileRoom measures the space left for new content: the refusal
	// (ESTORAGEFULL) under the reserve, else a wrapper of the writer of a
	// new file that fails rather than write into the reserve.
	FileRoom(ctx context.Context) (limit func(io.Writer) io.Writer, err error)
	// PutFile writes r, at most max bytes, through limit to a file, synced,
	// under its SHA-256 (hex), and holds it until done: done(false) removes
	// it unless a committed attachment or another upload uses the same
	// content. The sender's errors are blobs.ErrTooLarge, blobs.ErrEmpty
	// and blobs.ErrInterrupted; any other is the node's (ESTORAGEFULL when
	// the disk is full).
	PutFile(r io.Reader, max int64, limit func(io.Writer) io.Writer) (sum string, size int64, done func(committed bool), err error)
	// OpenFile opens the file of the blob sum.
	OpenFile(sum string) (io.ReadCloser, error)
}

// AttachmentTx is what the engine asks of a write transaction for attachments.
type AttachmentTx interface {
	// ReadableRecord returns the record id and its seq if it is in an
	// audience of tokens; nil otherwise (absent or not readable alike).
	ReadableRecord(tokens []string, id string) (*jisr.Record, int64, error)
	// PutAttachment stores the row of attachment a on the record seq, or
	// refuses it (ESTORAGEFULL) when the space measured at the start of
	// the write is under the reserve.
	PutAttachment(seq int64, a *jisr.Attachment) error
}
