package sqlite

import (
	"database/sql"
	"errors"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// checkRecipients checks the named recipients of a TLP:RED record against
// the users table (policy.NamedRecipients), inside the write transaction.
func (tx *Tx) checkRecipients(r *jisr.Record) error {
	if len(r.Releasability.Users) == 0 {
		return nil
	}
	return policy.NamedRecipients(r, func(u string) (string, bool, error) {
		var agency, role string
		var disabled bool
		err := tx.QueryRow(`SELECT agency, role, disabled FROM users WHERE username = ?`, u).Scan(&agency, &role, &disabled)
		if errors.Is(err, sql.ErrNoRows) {
			return "", false, nil
		}
		if err != nil {
			return "", false, jisr.Internal(err)
		}
		return agency, !disabled && policy.CanReadRecords(jisr.Role(role)), nil
	})
}
