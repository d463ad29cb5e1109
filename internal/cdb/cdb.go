// Package cdb declares the TencentDB for MySQL (CDB) data sources and ephemeral resources: the tables of the API's
// objects (tables.go) and one declaration per type, in a file named after it. The engine (internal/engine) serves
// them; the client (internal/tencentcloud) calls the API.
package cdb

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// ProviderData is what the provider hands the CDB types: a client, or the arguments that were not yet known.
type ProviderData = engine.ProviderData[*tencentcloud.Client]

// The page sizes a CDB list asks for without page_size, as the page_size docs say: the largest, and the one used
// where the API refuses it.
var (
	largestPage  = strconv.Itoa(tencentcloud.LargestPageSize)
	fallbackPage = strconv.Itoa(tencentcloud.FallbackPageSize)
)

// instanceIDPattern matches TencentDB for MySQL instance IDs: cdb-c1nl9rpv, and cdbro-/cdbrg- for read-only ones.
var instanceIDPattern = regexp.MustCompile(`^cdb(ro|rg|ca)?-[a-z0-9]{8}$`)

// instanceNotFoundCodes are the codes with which CDB actions say the instance does not exist, as the SDK lists
// them: DescribeBackups, DescribeBackupConfig and most others answer the first, DescribeRemoteBackupConfig the
// second. (DescribeLocalBinlogConfig's InternalError.DBRecordNotExistError and DescribeBackupEncryptionStatus's
// FailedOperation.InstanceQueryError may mean other things too, so they are reported as they are.)
var instanceNotFoundCodes = map[string]bool{
	"InvalidParameter.InstanceNotFound":         true,
	"ResourceNotFound.CdbInstanceNotFoundError": true,
}

// instance is the scope every CDB type reads in: one instance, named by instance_id.
var instance = engine.Scope[*tencentcloud.Client]{
	Attr: "instance_id",
	Doc:  "ID of the TencentDB for MySQL instance, as shown in the console, e.g. `cdb-c1nl9rpv`.",
	Validators: []validator.String{
		stringvalidator.RegexMatches(instanceIDPattern,
			"must be a TencentDB for MySQL instance ID: \"cdb-\" (or \"cdbro-\", \"cdbrg-\", \"cdbca-\") followed by 8 lowercase letters or digits, e.g. \"cdb-c1nl9rpv\""),
	},
	IDDoc:       "The instance ID.",
	API:         "Tencent Cloud",
	MaxPageSize: tencentcloud.LargestPageSize,
	NotFound: func(client *tencentcloud.Client, id string, err error) (string, string, bool) {
		var apiErr *tencentcloud.APIError
		if !errors.As(err, &apiErr) || !instanceNotFoundCodes[apiErr.Code] {
			return "", "", false
		}
		return "Instance not found", fmt.Sprintf("There is no TencentDB for MySQL instance %q in region %q. Check the instance ID and the provider's region.\n\n"+
			"Tencent Cloud answered: %s", id, client.Region(), err), true
	},
}
