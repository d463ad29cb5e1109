package cdb

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// NewBackupsDataSource returns tencentcloud_cdb_backups, which lists every backup of one instance.
func NewBackupsDataSource() datasource.DataSource { return backups.DataSource() }

var backups = engine.NewList(engine.ListSpec[tencentcloud.BackupInfo, *tencentcloud.Client]{
	TypeName: "tencentcloud_cdb_backups",
	Description: "Lists every backup of a TencentDB for MySQL (CDB) instance through the `DescribeBackups` API, newest first. " +
		"All pages are read; the result is ordered by `date`, then `backup_id`, both descending, so it is the same at every plan.",
	Scope:     instance,
	Items:     backupInfo,
	ItemsAttr: "backups",
	ItemsDoc:  "The backups that match the filters (all of them when no filter is set), newest first.",
	Action:    "DescribeBackups",
	PageSizeDoc: "Without it, the largest page the API accepts, which needs the fewest calls: " + largestPage + ", as Tencent Cloud's current " +
		"API reference says, or " + fallbackPage + " where the API refuses that (the provider asks once per process, and remembers the " +
		"answer). A page size given here is used as it is.",
	TotalCountDoc: "Number of backups the API reports for the instance (`TotalCount`).",
	IncludeLinksDoc: "Read the backups' download links into `download_urls`; `false` by default. The links are bearer links " +
		"to a full database dump, and whatever a data source reads is stored in the state in plain text, so they are left out " +
		"unless asked for. On Terraform 1.10 or later (OpenTofu 1.11 or later) use the ephemeral resource " +
		"`tencentcloud_cdb_backup_download` instead, which hands out a backup's links and decryption key without storing them; " +
		"set this on older versions only.",
	LinksDoc: "Download links, keyed by backup ID (as a string), with an entry for every backup in `backups` (the matching ones); " +
		"null unless `include_download_urls` is `true`. " +
		"The links are bearer links to a full database dump, so the whole map is sensitive; it is kept apart from `backups` " +
		"because Terraform's cost for sensitive values inside list elements grows with the square of the list's length.",
	Filters: []engine.Filter{
		engine.Equals("status", "Keep only backups with this status."),
		engine.Equals("type", "Keep only backups of this type."),
		engine.Equals("way", "Keep only backups made this way."),
		engine.Equals("method", "Keep only backups made with this method."),
		engine.Matches("name_regex", "name", "Keep only backups whose `name` matches this regular expression "+
			"([RE2 syntax](https://github.com/google/re2/wiki/Syntax)), e.g. `^cdb-.*_20240`. Compiled at plan time."),
		engine.Matches("manual_backup_name_regex", "manual_backup_name", "Keep only backups whose `manual_backup_name`, the alias "+
			"given to a manual backup (as `tencentcloud_cdb_create_backup`'s `name`), matches this regular expression; automatic "+
			"backups have none, so an expression that matches the empty string keeps them too. Compiled at plan time."),
		engine.Within("created_after", "created_before", "date",
			"Keep only backups whose `date` is at or after this time.",
			"Keep only backups whose `date` is before this time; with `created_after`, the window [created_after, created_before)."),
		engine.MostRecent("most_recent", "Keep only the newest of the matching backups (by `date`, then the highest `backup_id`). No match still gives `[]`."),
	},
	Order: engine.NewestFirst("date"),
	Fetch: func(ctx context.Context, c *tencentcloud.Client, p engine.PageRequest) (engine.Page[tencentcloud.BackupInfo], error) {
		out, err := c.DescribeBackups(ctx, tencentcloud.DescribeBackupsInput{InstanceID: p.Scope, Offset: p.Offset, Limit: p.Limit})
		if err != nil {
			return engine.Page[tencentcloud.BackupInfo]{}, err
		}
		return engine.Page[tencentcloud.BackupInfo]{Total: out.TotalCount, Items: out.Items, Limit: out.Limit}, nil
	},
	Attributes: engine.Attributes{
		"matched_count": engine.ComputedInt("Number of backups that match the filters: the length of `backups`. `total_count` stays the API's count."),
		"latest_successful": engine.ComputedObject(backupInfo, "The newest matching backup whose status is `SUCCESS`, or null when "+
			"there is none: the answer to the most common question, without a `for` expression."),
	},
	Values: func(l *engine.Listed[tencentcloud.BackupInfo]) engine.Values {
		return engine.Values{
			"matched_count":     engine.Int(int64(len(l.Items))),
			"latest_successful": engine.ObjectValue(backupInfo, latestSuccessful(l.Items)),
		}
	},
})

// latestSuccessful is the first SUCCESS backup of a newest-first list, or nil.
func latestSuccessful(sorted []*tencentcloud.BackupInfo) *tencentcloud.BackupInfo {
	return engine.First(backupInfo, sorted, "status", "SUCCESS")
}
