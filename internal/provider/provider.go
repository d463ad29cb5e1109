// Package provider is the tencentcloud provider: its schema, and the configuration it hands to data sources.
package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/cdb"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

var (
	_ provider.Provider                       = (*tencentCloudProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*tencentCloudProvider)(nil)
	_ provider.ProviderWithActions            = (*tencentCloudProvider)(nil)
)

// New returns a function that makes the provider, as providerserver.Serve and the tests expect.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &tencentCloudProvider{version: version}
	}
}

// tencentCloudProvider is the tencentcloud provider.
type tencentCloudProvider struct {
	version string
	// configured is what Configure handed the data sources, for the reads the server answers itself (server.go).
	configured atomic.Pointer[cdb.ProviderData]
}

// tencentCloudProviderModel is the provider block.
type tencentCloudProviderModel struct {
	Region         types.String     `tfsdk:"region"`
	SecretID       types.String     `tfsdk:"secret_id"`
	SecretKey      types.String     `tfsdk:"secret_key"`
	SecurityToken  types.String     `tfsdk:"security_token"`
	Protocol       types.String     `tfsdk:"protocol"`
	Domain         types.String     `tfsdk:"domain"`
	MaxRetries     types.Int64      `tfsdk:"max_retries"`
	RequestTimeout types.String     `tfsdk:"request_timeout"`
	RequestsPerSec types.Float64    `tfsdk:"requests_per_second"`
	MaxConcurrency types.Int64      `tfsdk:"max_concurrency"`
	SharedQuota    types.Bool       `tfsdk:"shared_quota"`
	Profile        types.String     `tfsdk:"profile"`
	SharedCredsDir types.String     `tfsdk:"shared_credentials_dir"`
	CAMRoleName    types.String     `tfsdk:"cam_role_name"`
	AllowedIDs     types.List       `tfsdk:"allowed_account_ids"`
	ForbiddenIDs   types.List       `tfsdk:"forbidden_account_ids"`
	AssumeRole     *assumeRoleModel `tfsdk:"assume_role"`
	Endpoints      *endpointsModel  `tfsdk:"endpoints"`
}

// endpointsModel is the endpoints block: per-service endpoint overrides.
type endpointsModel struct {
	CDB types.String `tfsdk:"cdb"`
	STS types.String `tfsdk:"sts"`
}

// assumeRoleModel is the assume_role block.
type assumeRoleModel struct {
	RoleARN         types.String `tfsdk:"role_arn"`
	SessionName     types.String `tfsdk:"session_name"`
	SessionDuration types.Int64  `tfsdk:"session_duration"`
	Policy          types.String `tfsdk:"policy"`
	ExternalID      types.String `tfsdk:"external_id"`
}

func (p *tencentCloudProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "tencentcloud"
	resp.Version = p.version
}

func (p *tencentCloudProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads TencentDB for MySQL (CDB) backups from Tencent Cloud.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Region to call, e.g. `ap-guangzhou`, or a Finance region such as `ap-shanghai-fsi`. Can also be set with `%s`, "+
					"or come from the tccli profile's `<shared_credentials_dir>/<profile>.configure` (`_sys_param.region`); one of the three is required.",
					tencentcloud.EnvRegion),
				Validators: []validator.String{stringvalidator.RegexMatches(tencentcloud.RegionPattern,
					"must be a Tencent Cloud region name: lowercase words joined by hyphens, such as \"ap-guangzhou\", \"na-siliconvalley\" or \"ap-shanghai-fsi\"")},
			},
			"secret_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf("SecretId of a CAM API key. Can also be set with `%s`.", tencentcloud.EnvSecretID),
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"secret_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: fmt.Sprintf("SecretKey of a CAM API key. Can also be set with `%s`.", tencentcloud.EnvSecretKey),
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"security_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: fmt.Sprintf("Token of temporary credentials (from STS), sent as `X-TC-Token`. Can also be set with `%s`, "+
					"which is only read when the secret ID also comes from the environment.", tencentcloud.EnvSecurityToken),
			},
			"protocol": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("`HTTPS` (the default) or `HTTP`, the scheme of the API endpoints. Can also be set with `%s`. "+
					"An `endpoints` URL brings its own scheme.", tencentcloud.EnvProtocol),
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(tencentcloud.ProtocolHTTPS, tencentcloud.ProtocolHTTP)},
			},
			"domain": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Root domain of the API endpoints, `%s` by default: CDB is called at `cdb.<domain>`, "+
					"or `cdb.<region>.<domain>` in a Finance region. Can also be set with `%s`.", tencentcloud.DefaultDomain, tencentcloud.EnvDomain),
				Validators: []validator.String{domainValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a failed API call is retried, with exponential backoff and full jitter, when it may succeed "+
					"when sent again: server-side errors, network errors, a proxy's error page. Auth, permission and parameter errors are never retried. "+
					"A call refused for the call rate is retried as soon as the rate limiter lets it, within the 3-minute budget, and does not count. "+
					"0 to %d; defaults to %d. Can also be set with `%s`.", tencentcloud.MaxMaxRetries, tencentcloud.DefaultMaxRetries, tencentcloud.EnvMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, tencentcloud.MaxMaxRetries)},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long one API call may wait for its answer before it is abandoned (and retried), as a duration such as `\"30s\"` or `\"2m\"`. "+
					"Defaults to `\"%s\"`. Retries of one call stop after %s in all.", tencentcloud.DefaultRequestTimeout, tencentcloud.DefaultRetryBudget),
				Validators: []validator.String{durationValidator{}},
			},
			"profile": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("tccli profile to read credentials from, when neither the provider block nor the environment has keys: "+
					"`<shared_credentials_dir>/<profile>.credential` (JSON with `secretId`, `secretKey`, optional `token`, `role-arn`, `role-session-name`), "+
					"and the region from `<profile>.configure` (`_sys_param.region`) when `region` is not set. Defaults to `%s`; a profile named here that "+
					"does not exist is an error. Can also be set with `%s`.", tencentcloud.DefaultProfile, tencentcloud.EnvProfile),
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"shared_credentials_dir": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Folder of the tccli profiles. Defaults to `%s`. Can also be set with `%s`.",
					tencentcloud.DefaultSharedCredentialDir, tencentcloud.EnvSharedCredentialsDir),
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"cam_role_name": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("CAM role of the CVM instance Terraform runs on: temporary credentials come from the instance metadata "+
					"service and are renewed before they expire. Used when no keys or profile are found. Can also be set with `%s`; "+
					"`%s` overrides the metadata service's address (for tests).", tencentcloud.EnvCAMRoleName, tencentcloud.EnvMetadataEndpoint),
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"allowed_account_ids": schema.ListAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Account IDs (UINs) the credentials may belong to. When set, the provider asks STS `GetCallerIdentity` at configure time and refuses any other account. Conflicts with `forbidden_account_ids`.",
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.ConflictsWith(path.MatchRoot("forbidden_account_ids")),
					listvalidator.ValueStringsAre(stringvalidator.RegexMatches(accountIDPattern, "must be an account ID (digits)")),
				},
			},
			"forbidden_account_ids": schema.ListAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Account IDs (UINs) the credentials must not belong to, checked like `allowed_account_ids`. Conflicts with it.",
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.ValueStringsAre(stringvalidator.RegexMatches(accountIDPattern, "must be an account ID (digits)")),
				},
			},
			"requests_per_second": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Most API calls per second, for each API action, shared by every read of this provider configuration. "+
					"Defaults to %d, the quota of `DescribeBackups` in its API specification (Tencent Cloud's current page says 10). The rate "+
					"adapts to rate-limit answers: within %s of the first call, each refusal of a call sent after the last decrease "+
					"takes it to the rate the calls answered so far show "+
					"(N answers in T seconds: N / (1 + T) per second), or to %d%% of it when that is lower or fewer than %d calls were answered; "+
					"after that, no two decreases come less than %s apart, each to the rate the calls answered in the last %s show "+
					"(%d%% off at least, %d%% at most). It then climbs back by %d%% of the lowered rate per second to a little above that "+
					"estimate, by %d%% per second for %s past it, then by %d%% again, up to this value. "+
					"Can also be set with `%s`.",
					tencentcloud.DefaultRequestsPerSecond, inWords(tencentcloud.LearningPeriod), tencentcloud.DecreasePercent,
					tencentcloud.MinAnswersForEstimate, inWords(tencentcloud.HoldOff), inWords(tencentcloud.AnswerWindow),
					tencentcloud.MinCutPercent, tencentcloud.MaxCutPercent, tencentcloud.RecoveryPercentPerSecond,
					tencentcloud.CeilingRecoveryPercentPerSecond, inWords(tencentcloud.CeilingHold), tencentcloud.RecoveryPercentPerSecond,
					tencentcloud.EnvRequestsPerSecond),
				Validators: []validator.Float64{float64validator.Between(0.01, tencentcloud.MaxRequestsPerSecond)},
			},
			"shared_quota": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Share the call budget with the provider's other processes on this machine, and keep what was learned "+
					"(the rate an API's quota allows, the largest page it accepts) for the next ones: `true` by default. Tencent Cloud counts its "+
					"quota per account, and Terraform starts the provider several times in one run, as CI systems run several plans at once. "+
					"The budget is kept per account (a hash of the SecretId, or of the role), region, service, endpoint host and API action in "+
					"the folder `%s` names, by default `terraform-provider-tencentcloud/quota` in the user's cache folder (`~/.cache` on Linux); "+
					"a learned rate is forgotten after %s without a rate-limit answer, a learned page size after %s. When the folder cannot "+
					"be written, each process keeps its own budget. Can also be set with `%s`.",
					tencentcloud.EnvCacheDir, inWords(tencentcloud.LearnedRateExpiry), inWords(tencentcloud.PageSizeExpiry), tencentcloud.EnvSharedQuota),
			},
			"max_concurrency": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Most API calls in flight at once for this provider configuration, 1 to %d. Defaults to %d.",
					tencentcloud.MaxMaxConcurrency, tencentcloud.DefaultMaxConcurrency),
				Validators: []validator.Int64{int64validator.Between(1, tencentcloud.MaxMaxConcurrency)},
			},
		},
		Blocks: map[string]schema.Block{
			"endpoints": schema.SingleNestedBlock{
				MarkdownDescription: "Per-service endpoint overrides, for private endpoints, proxies or a mock of the API.",
				Attributes: map[string]schema.Attribute{
					"cdb": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: fmt.Sprintf("URL of the CDB API, e.g. `https://cdb.internal.tencentcloudapi.com` or `http://127.0.0.1:8080`; "+
							"a bare host means HTTPS. Overrides `protocol`, `domain` and Finance region routing. Can also be set with `%s`.", tencentcloud.EnvCDBEndpoint),
						Validators: []validator.String{endpointValidator{}},
					},
					"sts": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: fmt.Sprintf("URL of the STS API, used by `assume_role` and the account checks; `sts.<domain>` by default. "+
							"Can also be set with `%s`.", tencentcloud.EnvSTSEndpoint),
						Validators: []validator.String{endpointValidator{}},
					},
				},
			},
			"assume_role": schema.SingleNestedBlock{
				MarkdownDescription: fmt.Sprintf("A CAM role to assume with STS `AssumeRole`, on top of whichever credentials were found. The temporary "+
					"credentials are requested once when the provider is configured and renewed before they expire. `role_arn` can also be set with `%s`.",
					tencentcloud.EnvAssumeRoleARN),
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "ARN of the role, e.g. `qcs::cam::uin/100000000001:roleName/terraform`. Required in the block.",
						Validators:          []validator.String{stringvalidator.RegexMatches(roleARNPattern, "must be a CAM role ARN such as \"qcs::cam::uin/100000000001:roleName/terraform\"")},
					},
					"session_name": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: fmt.Sprintf("Name of the role session, shown in CloudAudit. Defaults to `terraform`. Can also be set with `%s`.",
							tencentcloud.EnvAssumeRoleSessionName),
						Validators: []validator.String{stringvalidator.RegexMatches(sessionNamePattern, "must be 2 to 128 letters, digits or +=,.@_-")},
					},
					"session_duration": schema.Int64Attribute{
						Optional: true,
						MarkdownDescription: fmt.Sprintf("Lifetime of the temporary credentials in seconds, 0 to %d; defaults to %d. Can also be set with `%s`.",
							tencentcloud.MaxSessionDuration, tencentcloud.DefaultSessionDuration, tencentcloud.EnvAssumeRoleSessionDur),
						Validators: []validator.Int64{int64validator.Between(0, tencentcloud.MaxSessionDuration)},
					},
					"policy": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "A CAM policy (JSON) that narrows the role's permissions for this session.",
					},
					"external_id": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: fmt.Sprintf("External ID the role's trust policy requires, if any. Can also be set with `%s`.",
							tencentcloud.EnvAssumeRoleExternalID),
					},
				},
			},
		},
	}
}

func (p *tencentCloudProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model tencentCloudProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value computed from a resource is unknown during plan. It is neither empty nor safe to replace with the
	// environment's value: data sources are told to wait for it instead.
	var unknown []string
	str := func(v types.String, name string) string {
		if v.IsUnknown() {
			unknown = append(unknown, name)
		}
		return v.ValueString()
	}
	cfg := tencentcloud.Config{
		Region:        str(model.Region, "region"),
		SecretID:      str(model.SecretID, "secret_id"),
		SecretKey:     str(model.SecretKey, "secret_key"),
		SecurityToken: str(model.SecurityToken, "security_token"),
		Protocol:      str(model.Protocol, "protocol"),
		Domain:        str(model.Domain, "domain"),
		UserAgent:     "terraform-provider-tencentcloud " + p.version,
	}
	if model.Endpoints != nil {
		cfg.CDBEndpoint = str(model.Endpoints.CDB, "endpoints.cdb")
		cfg.STSEndpoint = str(model.Endpoints.STS, "endpoints.sts")
	}
	cfg.Profile = str(model.Profile, "profile")
	cfg.SharedCredentialsDir = str(model.SharedCredsDir, "shared_credentials_dir")
	cfg.CAMRoleName = str(model.CAMRoleName, "cam_role_name")
	if r := model.AssumeRole; r != nil {
		cfg.AssumeRole = &tencentcloud.AssumeRole{
			RoleARN:     str(r.RoleARN, "assume_role.role_arn"),
			SessionName: str(r.SessionName, "assume_role.session_name"),
			Policy:      str(r.Policy, "assume_role.policy"),
			ExternalID:  str(r.ExternalID, "assume_role.external_id"),
		}
		if r.SessionDuration.IsUnknown() {
			unknown = append(unknown, "assume_role.session_duration")
		}
		cfg.AssumeRole.SessionDuration = int(r.SessionDuration.ValueInt64())
		if cfg.AssumeRole.RoleARN == "" && !r.RoleARN.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root("assume_role").AtName("role_arn"), "Missing role_arn",
				"The assume_role block needs role_arn, the ARN of the role to assume.")
			return
		}
	}
	for _, l := range []struct {
		list types.List
		name string
		into *[]string
	}{{model.AllowedIDs, "allowed_account_ids", &cfg.AllowedAccountIDs}, {model.ForbiddenIDs, "forbidden_account_ids", &cfg.ForbiddenAccountIDs}} {
		if !fullyKnown(l.list) {
			unknown = append(unknown, l.name)
			continue
		}
		resp.Diagnostics.Append(l.list.ElementsAs(ctx, l.into, false)...)
	}
	if model.MaxRetries.IsUnknown() {
		unknown = append(unknown, "max_retries")
	} else if !model.MaxRetries.IsNull() {
		n := int(model.MaxRetries.ValueInt64())
		cfg.MaxRetries = &n
	}
	switch {
	case model.RequestsPerSec.IsUnknown():
		unknown = append(unknown, "requests_per_second")
	case !model.RequestsPerSec.IsNull():
		cfg.RequestsPerSecond = model.RequestsPerSec.ValueFloat64()
	}
	switch {
	case model.SharedQuota.IsUnknown():
		unknown = append(unknown, "shared_quota")
	case !model.SharedQuota.IsNull():
		shared := model.SharedQuota.ValueBool()
		cfg.SharedQuota = &shared
	}
	switch {
	case model.MaxConcurrency.IsUnknown():
		unknown = append(unknown, "max_concurrency")
	case !model.MaxConcurrency.IsNull():
		cfg.MaxConcurrency = int(model.MaxConcurrency.ValueInt64())
	}
	if timeout := str(model.RequestTimeout, "request_timeout"); timeout != "" {
		// The validator has checked the format at plan time.
		cfg.RequestTimeout, _ = time.ParseDuration(timeout)
	}
	if len(unknown) > 0 {
		data := &cdb.ProviderData{Unknown: unknown}
		resp.DataSourceData, resp.EphemeralResourceData, resp.ActionData = data, data, data
		p.configured.Store(data)
		return
	}

	client, errs := tencentcloud.NewClient(ctx, cfg.WithEnvironment(os.Getenv))
	for _, e := range errs {
		if e.Attribute == "" {
			resp.Diagnostics.AddError(e.Summary, e.Detail)
			continue
		}
		resp.Diagnostics.AddAttributeError(attributePath(e.Attribute), e.Summary, e.Detail)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if ep := client.Endpoint(tencentcloud.ServiceCDB); ep.SendsCredentialsInClear() {
		resp.Diagnostics.AddWarning("Credentials sent over plain HTTP",
			fmt.Sprintf("Calls to %s use plain HTTP, so anyone on the network path can read the requests, their signatures and temporary tokens, "+
				"and the download links in the answers. Use HTTPS (protocol = \"HTTPS\", or an https:// endpoint) unless the path is trusted.", ep.URL()))
	}
	data := &cdb.ProviderData{Client: client}
	resp.DataSourceData, resp.EphemeralResourceData, resp.ActionData = data, data, data
	p.configured.Store(data)
}

var (
	roleARNPattern     = regexp.MustCompile(`^qcs::cam::uin/[0-9]+:role(Name)?/[\w+=,.@-]+$`)
	sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]{2,128}$`)
	accountIDPattern   = regexp.MustCompile(`^[0-9]{1,20}$`)
)

// fullyKnown reports whether a list and all its elements are known.
func fullyKnown(l types.List) bool {
	if l.IsUnknown() {
		return false
	}
	for _, e := range l.Elements() {
		if e.IsUnknown() {
			return false
		}
	}
	return true
}

// durationValidator checks a Go duration string such as "30s" at plan time.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive duration such as \"30s\" or \"2m\""
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q %s; units are ms, s, m and h.", req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}

// inWords spells a duration that is a whole number of hours, minutes or seconds, for the descriptions: "1 second",
// "10 minutes", "24 hours".
func inWords(d time.Duration) string {
	for _, unit := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		if n := d / unit.d; n > 0 && d%unit.d == 0 {
			if n == 1 {
				return "1 " + unit.name
			}
			return fmt.Sprintf("%d %ss", n, unit.name)
		}
	}
	return d.String()
}

// attributePath turns "endpoints.cdb" into the path of that attribute.
func attributePath(name string) path.Path {
	p := path.Empty()
	for _, part := range strings.Split(name, ".") {
		p = p.AtName(part)
	}
	return p
}

func (p *tencentCloudProvider) Resources(_ context.Context) []func() resource.Resource {
	return nil
}

func (p *tencentCloudProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{cdb.NewBackupsDataSource, cdb.NewBinlogsDataSource, cdb.NewBackupPolicyDataSource, cdb.NewBackupDownloadRestrictionDataSource, cdb.NewRecoveryRangesDataSource, cdb.NewInstancesDataSource, cdb.NewBackupPostureDataSource}
}

func (p *tencentCloudProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{cdb.NewBackupDownloadEphemeralResource}
}

// Actions are the provider's actions (Terraform 1.14 and later; older CLIs and OpenTofu never call them).
func (p *tencentCloudProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{cdb.NewCreateBackupAction}
}

// domainValidator checks the domain at plan time with the check Configure applies, which also sees the environment.
type domainValidator struct{}

func (domainValidator) Description(context.Context) string {
	return "must be a lowercase root domain without scheme, port or path, such as \"tencentcloudapi.com\""
}

func (v domainValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (domainValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := tencentcloud.ValidateDomain(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid domain", err.Error())
	}
}

// endpointValidator checks an endpoint URL at plan time with the client's own parser.
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "must be an http:// or https:// URL with a host and optional port, or a bare host"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := tencentcloud.ParseEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid endpoint URL", err.Error())
	}
}
