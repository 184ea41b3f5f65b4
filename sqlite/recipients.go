package sqlite

import (
	"database/sql"
	"errors"

	"github.com/jisr-cell/jisr"
)

// UserStanding implements engine.RecordTx.
func (tx *Tx) UserStanding(username string) (agency string, role jisr.Role, disabled, found bool, err error) {
	var r string
	err = tx.QueryRow(`SELECT agency, role, disabled FROM users WHERE username = ?`, username).Scan(&agency, &r, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, false, nil
	}
	if err != nil {
		return "", "", false, false, jisr.Internal(err)
	}
	return agency, jisr.Role(r), disabled, true, nil
}
