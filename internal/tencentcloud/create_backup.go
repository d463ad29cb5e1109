// CreateBackup: a manual backup of an instance, the one call of the client that changes something.

package tencentcloud

import (
	"context"
	"errors"
)

// BackupTable is one database, or one table of it, of a logical backup (the API's BackupItem).
type BackupTable struct {
	Database string `json:"Db"`
	// Table is "" for the whole database.
	Table string `json:"Table,omitempty"`
}

// CreateBackupInput asks for a manual backup.
type CreateBackupInput struct {
	InstanceID string `json:"InstanceId"`
	// Method is logical, physical or snapshot.
	Method string `json:"BackupMethod"`
	// Tables limits a logical backup to these databases and tables; none backs up the whole instance.
	Tables []BackupTable `json:"BackupDBTableList,omitempty"`
	// Name is the manual backup's alias, at most 60 characters.
	Name string `json:"ManualBackupName,omitempty"`
	// Encryption is "on" or "off" for a physical backup; "" leaves the instance's default.
	Encryption string `json:"EncryptionFlag,omitempty"`
}

type createBackupOutput struct {
	responseStatus
	BackupID *int64 `json:"BackupId"`
}

// ErrNoBackupID is an answer of CreateBackup without a BackupId.
var ErrNoBackupID = errors.New("CreateBackup answered without a BackupId")

// CreateBackup starts a manual backup and returns its ID. It is retried only when the API refused it for the call
// rate: another failure may have come after the backup was started, and a retry could start a second one.
func (c *Client) CreateBackup(ctx context.Context, in CreateBackupInput) (int64, error) {
	out, err := callChange[createBackupOutput](ctx, c, ServiceCDB, "CreateBackup", in)
	if err != nil {
		return 0, err
	}
	if out.BackupID == nil {
		return 0, ErrNoBackupID
	}
	return *out.BackupID, nil
}

// BackupConflictCodes are the codes with which CreateBackup says that another backup or task of the instance is
// running, as the SDK lists them: Tencent Cloud runs one backup per instance at a time.
var BackupConflictCodes = map[string]bool{
	"OperationDenied.ActionInProcess":   true,
	"FailedOperation.StatusConflict":    true,
	"FailedOperation.TaskConflictError": true,
}
