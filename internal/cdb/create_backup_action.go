package cdb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

var (
	_ action.Action                   = (*createBackupAction)(nil)
	_ action.ActionWithConfigure      = (*createBackupAction)(nil)
	_ action.ActionWithValidateConfig = (*createBackupAction)(nil)
	_ action.ActionWithModifyPlan     = (*createBackupAction)(nil)
)

// createBackupTypeName is the action's name in configurations.
const createBackupTypeName = "tencentcloud_cdb_create_backup"

// Defaults and bounds of the action's arguments.
const (
	defaultBackupTimeout = 2 * time.Hour
	maxBackupNameLength  = 60
)

// backupMethods are the methods CreateBackup takes.
var backupMethods = []string{"physical", "logical", "snapshot"}

// NewCreateBackupAction returns tencentcloud_cdb_create_backup, which takes a manual backup of an instance and waits
// for it to finish.
func NewCreateBackupAction() action.Action { return &createBackupAction{} }

// createBackupAction takes a manual backup (CreateBackup) and, unless told not to, waits for it to end, sending
// its progress as it runs.
type createBackupAction struct {
	engine.Configured[*tencentcloud.Client]
}

// createBackupConfig is the action's configuration.
type createBackupConfig struct {
	InstanceID types.String `tfsdk:"instance_id"`
	Method     types.String `tfsdk:"method"`
	Name       types.String `tfsdk:"name"`
	Tables     types.List   `tfsdk:"tables"`
	Encrypted  types.Bool   `tfsdk:"encrypted"`
	Wait       types.Bool   `tfsdk:"wait"`
	Timeout    types.String `tfsdk:"timeout"`
}

// backupTableConfig is one element of tables.
type backupTableConfig struct {
	Database types.String `tfsdk:"database"`
	Table    types.String `tfsdk:"table"`
}

func (a *createBackupAction) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = createBackupTypeName
}

func (a *createBackupAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Takes a manual backup of a TencentDB for MySQL (CDB) instance (`CreateBackup`) and waits for it to finish, " +
			"sending its progress while it runs: a safety backup before a risky change. Needs Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"instance_id": schema.StringAttribute{Required: true, MarkdownDescription: instance.Doc},
			"method": schema.StringAttribute{Required: true, MarkdownDescription: "How the backup is made: `physical`, `logical` or `snapshot` " +
				"(the API's `BackupMethod`). Single-node (basic) instances take only `snapshot`."},
			"name": schema.StringAttribute{Optional: true, MarkdownDescription: fmt.Sprintf("The manual backup's alias (the API's "+
				"`ManualBackupName`), at most %d characters; find the backup by it afterwards.", maxBackupNameLength)},
			"tables": schema.ListNestedAttribute{Optional: true, MarkdownDescription: "Back up only these databases and tables (the API's " +
				"`BackupDBTableList`); logical backups only. Without it, the whole instance. Tables that do not exist make the backup fail.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"database": schema.StringAttribute{Required: true, MarkdownDescription: "Database name."},
					"table":    schema.StringAttribute{Optional: true, MarkdownDescription: "Table name; without it, the whole database."},
				}}},
			"encrypted": schema.BoolAttribute{Optional: true, MarkdownDescription: "Encrypt the backup file (the API's `EncryptionFlag`); " +
				"physical backups only. Without it, the instance's setting (`encryption_enabled` of `tencentcloud_cdb_backup_policy`)."},
			"wait": schema.BoolAttribute{Optional: true, MarkdownDescription: "Wait for the backup to finish; `true` by default. When another " +
				"backup of the instance is running (Tencent Cloud runs one at a time), wait for it to finish first, then start; with " +
				"`false`, start the backup and return at once, or fail naming the running backup."},
			"timeout": schema.StringAttribute{Optional: true, MarkdownDescription: "How long to wait in all, a duration such as `\"30m\"`; " +
				"`\"2h\"` by default. When it runs out, the action fails, and the backup continues on Tencent Cloud."},
		},
	}
}

func (a *createBackupAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	resp.Diagnostics.Append(a.Accept(req.ProviderData)...)
}

// ValidateConfig checks the values known when Terraform validates (those written in the configuration).
func (a *createBackupAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	resp.Diagnostics.Append(checkCreateBackup(ctx, req.Config)...)
}

// ModifyPlan checks the configuration again with the values known at plan: Terraform validates before variables
// and references are known, so a value that comes from one is first seen here, still before anything is created.
func (a *createBackupAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	resp.Diagnostics.Append(checkCreateBackup(ctx, req.Config)...)
}

// checkCreateBackup checks every argument whose value is known: each names the attribute, the value and what is
// allowed.
func checkCreateBackup(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	var cfg createBackupConfig
	diags := config.Get(ctx, &cfg)
	if diags.HasError() {
		return diags
	}
	known := func(v interface {
		IsNull() bool
		IsUnknown() bool
	}) bool {
		return !v.IsNull() && !v.IsUnknown()
	}
	if known(cfg.InstanceID) && !instanceIDPattern.MatchString(cfg.InstanceID.ValueString()) {
		diags.AddAttributeError(path.Root("instance_id"), "Invalid instance ID", fmt.Sprintf("%q is not a TencentDB for MySQL instance ID: "+
			"\"cdb-\" (or \"cdbro-\", \"cdbrg-\", \"cdbca-\") followed by 8 lowercase letters or digits, e.g. \"cdb-c1nl9rpv\".", cfg.InstanceID.ValueString()))
	}
	method := ""
	if known(cfg.Method) {
		method = cfg.Method.ValueString()
		if !slices.Contains(backupMethods, method) {
			diags.AddAttributeError(path.Root("method"), "Invalid backup method", fmt.Sprintf("%q is not a backup method: use %s.", method, quoted(backupMethods)))
			method = ""
		}
	}
	if known(cfg.Name) {
		if n := utf8.RuneCountInString(cfg.Name.ValueString()); n > maxBackupNameLength {
			diags.AddAttributeError(path.Root("name"), "Backup name too long", fmt.Sprintf("%q is %d characters; the API takes at most %d.",
				cfg.Name.ValueString(), n, maxBackupNameLength))
		}
	}
	if known(cfg.Tables) && method != "" && method != "logical" {
		diags.AddAttributeError(path.Root("tables"), "Tables need a logical backup", fmt.Sprintf("Only a logical backup can be limited to "+
			"some databases and tables; method is %q. Set method = \"logical\", or leave tables out to back up the whole instance.", method))
	}
	if known(cfg.Tables) {
		var tables []backupTableConfig
		diags.Append(cfg.Tables.ElementsAs(ctx, &tables, false)...)
		for i, t := range tables {
			if known(t.Database) && strings.TrimSpace(t.Database.ValueString()) == "" {
				diags.AddAttributeError(path.Root("tables").AtListIndex(i).AtName("database"), "Empty database name", "Name a database.")
			}
			if known(t.Table) && strings.TrimSpace(t.Table.ValueString()) == "" {
				diags.AddAttributeError(path.Root("tables").AtListIndex(i).AtName("table"), "Empty table name",
					"Name a table, or leave table out to back up the whole database.")
			}
		}
	}
	if known(cfg.Encrypted) && method != "" && method != "physical" {
		diags.AddAttributeError(path.Root("encrypted"), "Encryption needs a physical backup", fmt.Sprintf("Tencent Cloud encrypts physical "+
			"backups only; method is %q. Leave encrypted out, or set method = \"physical\".", method))
	}
	if known(cfg.Timeout) {
		if d, err := time.ParseDuration(cfg.Timeout.ValueString()); err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("timeout"), "Invalid timeout", fmt.Sprintf("%q is not a positive duration: write one such as \"30m\" or \"2h\".",
				cfg.Timeout.ValueString()))
		}
	}
	return diags
}

// quoted renders values as "a", "b" or "c".
func quoted(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// Invoke starts the backup and, with wait, waits for it to end.
func (a *createBackupAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg createBackupConfig
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, ok, _, diags := a.Ready(createBackupTypeName, false)
	resp.Diagnostics.Append(diags...)
	if !ok {
		return
	}
	in := tencentcloud.CreateBackupInput{InstanceID: cfg.InstanceID.ValueString(), Method: cfg.Method.ValueString(), Name: cfg.Name.ValueString()}
	if !cfg.Tables.IsNull() {
		var tables []backupTableConfig
		resp.Diagnostics.Append(cfg.Tables.ElementsAs(ctx, &tables, false)...)
		for _, t := range tables {
			in.Tables = append(in.Tables, tencentcloud.BackupTable{Database: t.Database.ValueString(), Table: t.Table.ValueString()})
		}
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if !cfg.Encrypted.IsNull() {
		in.Encryption = map[bool]string{true: "on", false: "off"}[cfg.Encrypted.ValueBool()]
	}
	timeout := defaultBackupTimeout
	if !cfg.Timeout.IsNull() {
		timeout, _ = time.ParseDuration(cfg.Timeout.ValueString()) // checked at plan time
	}
	run := &backupRun{client: client, in: in, wait: cfg.Wait.IsNull() || cfg.Wait.ValueBool(), timeout: timeout,
		deadline: time.Now().Add(timeout), sleep: tencentcloud.SleepCtx,
		progress: func(msg string) {
			tflog.Info(ctx, msg, map[string]any{"instance_id": in.InstanceID})
			// The stream of progress messages is not read any more once ctx is done: a send would block.
			if ctx.Err() == nil && resp.SendProgress != nil {
				resp.SendProgress(action.InvokeProgressEvent{Message: msg})
			}
		}}
	if err := run.do(ctx); err != nil {
		resp.Diagnostics.Append(err.diagnostic())
	}
}

// backupRun is one invocation: start the backup, waiting for a running one first, then wait for it to end.
type backupRun struct {
	client   *tencentcloud.Client
	in       tencentcloud.CreateBackupInput
	wait     bool
	timeout  time.Duration
	deadline time.Time
	progress func(string)
	sleep    func(ctx context.Context, d time.Duration) error
}

// runError is why an invocation failed: a summary and its detail.
type runError struct{ summary, detail string }

func (e *runError) diagnostic() diag.Diagnostic { return diag.NewErrorDiagnostic(e.summary, e.detail) }

func (r *backupRun) do(ctx context.Context) *runError {
	id := r.in.InstanceID
	backupID, rerr := r.start(ctx)
	if rerr != nil {
		return rerr
	}
	if !r.wait {
		r.progress(fmt.Sprintf("%s: backup %d started (%s%s).", id, backupID, r.in.Method, r.named()))
		return nil
	}
	// Said now, as well as in the error: after an interrupt, Terraform may not show the action's last words.
	r.progress(fmt.Sprintf("%s: backup %d started (%s%s). Waiting up to %s for it to finish; if the wait ends sooner, the backup "+
		"continues on Tencent Cloud.", id, backupID, r.in.Method, r.named(), time.Until(r.deadline).Round(time.Second)))
	var last *tencentcloud.BackupInfo
	found, err := tencentcloud.Poll(ctx, r.lookFor(backupID),
		func(bs []*tencentcloud.BackupInfo) bool {
			return len(bs) > 0 && deref(bs[0].Status) != tencentcloud.BackupRunning
		},
		func(bs []*tencentcloud.BackupInfo) {
			if len(bs) > 0 {
				last = bs[0]
				if deref(last.Status) == tencentcloud.BackupRunning {
					r.progress(fmt.Sprintf("%s: backup %d running, %s.", id, backupID, progressOf(last)))
				}
			}
		}, r.deadline, r.sleep)
	switch {
	case errors.Is(err, tencentcloud.ErrBackupTimeout) && last == nil:
		return &runError{"Backup not listed", fmt.Sprintf("Backup %d of %s was started, but DescribeBackups did not list it within %s (timeout), "+
			"so its state is unknown. Tencent Cloud may still be running it; find it with tencentcloud_cdb_backups (way = \"manual\").",
			backupID, id, r.timeout)}
	case errors.Is(err, tencentcloud.ErrBackupTimeout):
		return &runError{"Backup still running", fmt.Sprintf("Backup %d of %s was still running after %s (timeout)%s. It continues on Tencent Cloud; "+
			"find it with tencentcloud_cdb_backups (way = \"manual\"), or wait longer with a larger timeout.", backupID, id, r.timeout, lastSeen(last))}
	case ctx.Err() != nil:
		return &runError{"Stopped waiting for the backup", fmt.Sprintf("Stopped waiting for backup %d of %s (%v)%s. The backup continues on "+
			"Tencent Cloud; find it with tencentcloud_cdb_backups (way = \"manual\").", backupID, id, ctx.Err(), lastSeen(last))}
	case err != nil:
		return &runError{"Could not follow the backup", fmt.Sprintf("Backup %d of %s was started, but reading its state failed: %s. The backup continues "+
			"on Tencent Cloud.", backupID, id, err)}
	}
	b := found[0]
	if deref(b.Status) != tencentcloud.BackupSuccess {
		return &runError{"Backup failed", fmt.Sprintf("Backup %d of %s ended with status %s (%s%s). Tencent Cloud says no more of why; "+
			"a logical backup fails when a table it names does not exist.", backupID, id, deref(b.Status), r.in.Method, r.named())}
	}
	r.progress(fmt.Sprintf("%s: backup %d finished: SUCCESS, %s.", id, backupID, sizeOf(b.Size)))
	return nil
}

// start starts the backup: when another backup of the instance is running, it waits for it to end (with wait) and
// starts then, or fails naming it.
func (r *backupRun) start(ctx context.Context) (int64, *runError) {
	id := r.in.InstanceID
	for attempt := 0; ; attempt++ {
		backupID, err := r.client.CreateBackup(ctx, r.in)
		if err == nil {
			return backupID, nil
		}
		var apiErr *tencentcloud.APIError
		if !errors.As(err, &apiErr) || !tencentcloud.BackupConflictCodes[apiErr.Code] {
			return 0, &runError{"Could not start the backup", fmt.Sprintf("CreateBackup for %s failed: %s", id, err)}
		}
		running, lerr := r.running(ctx)
		if lerr != nil {
			return 0, &runError{"Could not start the backup", fmt.Sprintf("CreateBackup for %s was refused because another task is running (%s), "+
				"and listing the running backups failed: %s", id, err, lerr)}
		}
		if !r.wait {
			return 0, &runError{"Another backup is running", fmt.Sprintf("Tencent Cloud runs one backup of an instance at a time, and %s "+
				"is busy: %s. With wait = false the action does not wait for it; set wait = true to start the backup when it ends.\n\n%s",
				id, describeRunning(running), err)}
		}
		r.progress(fmt.Sprintf("%s: %s; waiting for it to end before starting.", id, describeRunning(running)))
		if len(running) > 0 {
			_, err = tencentcloud.Poll(ctx, r.lookRunning(), func(bs []*tencentcloud.BackupInfo) bool { return len(bs) == 0 },
				nil, r.deadline, r.sleep)
		} else if left := time.Until(r.deadline); left <= 0 {
			err = tencentcloud.ErrBackupTimeout
		} else {
			err = r.sleep(ctx, min(tencentcloud.PollInterval(attempt), left))
		}
		switch {
		case errors.Is(err, tencentcloud.ErrBackupTimeout):
			return 0, &runError{"Another backup is still running", fmt.Sprintf("%s was still busy after %s (timeout): %s. No backup was started.",
				id, r.timeout, describeRunning(running))}
		case ctx.Err() != nil:
			return 0, &runError{"Stopped waiting", fmt.Sprintf("Stopped waiting for %s to be free (%v). No backup was started.", id, ctx.Err())}
		case err != nil:
			return 0, &runError{"Could not start the backup", fmt.Sprintf("Waiting for the running backup of %s failed: %s. No backup was started.", id, err)}
		}
	}
}

// running lists the running backups of the instance.
func (r *backupRun) running(ctx context.Context) ([]*tencentcloud.BackupInfo, error) {
	return r.lookRunning()(ctx)
}

func (r *backupRun) lookRunning() tencentcloud.BackupLookup {
	return func(ctx context.Context) ([]*tencentcloud.BackupInfo, error) {
		return r.client.FindBackups(ctx, r.in.InstanceID, func(b *tencentcloud.BackupInfo) bool { return deref(b.Status) == tencentcloud.BackupRunning }, nil)
	}
}

// lookFor finds one backup by ID, reading no more pages than it takes.
func (r *backupRun) lookFor(backupID int64) tencentcloud.BackupLookup {
	return func(ctx context.Context) ([]*tencentcloud.BackupInfo, error) {
		return r.client.FindBackups(ctx, r.in.InstanceID, func(b *tencentcloud.BackupInfo) bool { return b.BackupID != nil && *b.BackupID == backupID },
			func(kept []*tencentcloud.BackupInfo) bool { return len(kept) > 0 })
	}
}

// named is ", named X" when the backup has a name.
func (r *backupRun) named() string {
	if r.in.Name == "" {
		return ""
	}
	return fmt.Sprintf(", named %q", r.in.Name)
}

// describeRunning names the running backups: "backup 123 is running (40%, 1.2 GiB so far)".
func describeRunning(running []*tencentcloud.BackupInfo) string {
	if len(running) == 0 {
		return "another task of the instance is running (no backup is listed as running)"
	}
	parts := make([]string, len(running))
	for i, b := range running {
		parts[i] = fmt.Sprintf("backup %d is running (%s)", derefInt(b.BackupID), progressOf(b))
	}
	return strings.Join(parts, "; ")
}

// progressOf is "40%, 1.2 GiB so far".
func progressOf(b *tencentcloud.BackupInfo) string {
	p := "progress unknown"
	if b.Progress != nil {
		p = fmt.Sprintf("%d%%", *b.Progress)
	}
	if b.Size != nil && *b.Size > 0 {
		p += ", " + sizeOf(b.Size) + " so far"
	}
	return p
}

// lastSeen is " (last seen at 40%, ...)" for the last state read, or "".
func lastSeen(b *tencentcloud.BackupInfo) string {
	if b == nil {
		return ""
	}
	return fmt.Sprintf("; last seen %s, %s", deref(b.Status), progressOf(b))
}

// sizeOf renders bytes: "1.2 GiB", "512 MiB", "800 bytes".
func sizeOf(n *int64) string {
	if n == nil {
		return "size unknown"
	}
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	v, unit := float64(*n), ""
	for _, u := range units {
		if v < 1024 {
			break
		}
		v, unit = v/1024, u
	}
	if unit == "" {
		return fmt.Sprintf("%d bytes", *n)
	}
	return fmt.Sprintf("%.1f %s", v, unit)
}
