package mock

import (
	"errors"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
)

// This file is the API gateway in front of every service the mock serves (CDB and STS): it
// picks the service a call is for, then checks the call the way Tencent Cloud's gateway does
// before the service sees it, so that both services refuse a bad call with the same errors, in
// the same order.

// apiDomain is the root domain of Tencent Cloud API hosts; any other host is an endpoint override.
const apiDomain = ".tencentcloudapi.com"

// knownRegions are Tencent Cloud regions where CDB is sold; a region with instances or a download
// restriction set up in the mock is accepted too, so tests may use regions of their own.
var knownRegions = map[string]bool{
	"ap-bangkok": true, "ap-beijing": true, "ap-beijing-fsi": true, "ap-chengdu": true,
	"ap-chongqing": true, "ap-guangzhou": true, "ap-hongkong": true, "ap-jakarta": true,
	"ap-mumbai": true, "ap-nanjing": true, "ap-seoul": true, "ap-shanghai": true,
	"ap-shanghai-fsi": true, "ap-shenzhen-fsi": true, "ap-singapore": true, "ap-taipei": true,
	"ap-tokyo": true, "eu-frankfurt": true, "eu-moscow": true, "na-ashburn": true,
	"na-siliconvalley": true, "na-toronto": true, "sa-saopaulo": true,
}

// apiService is a service behind the gateway: its name (the first label of its host and the
// service of a signature's credential scope), the one API version the mock serves of it, and the
// actions it answers.
type apiService struct {
	name    string
	version string
	actions []string
}

// The services the mock serves.
var (
	cdbAPI = apiService{name: supportedService, version: supportedVersion, actions: []string{
		actionDescribeBackups, actionDecryptionKey, actionDescribeBinlogs,
		actionBackupConfig, actionRemoteBackupConfig, actionLocalBinlogConfig, actionEncryptionStatus, actionDownloadRestriction,
		actionRollbackRangeTime, actionDescribeDBInstances, actionBackupSummaries, actionCreateBackup,
	}}
	stsAPI = apiService{name: stsService, version: stsVersion, actions: []string{actionAssumeRole, actionCallerID}}
)

// apiServices are the services the gateway routes to; a call that names none of them goes to CDB,
// whose checks then say what is wrong with it.
var apiServices = []apiService{cdbAPI, stsAPI}

// serves reports whether the service answers this version and action.
func (svc apiService) serves(version, action string) bool {
	return version == svc.version && slices.Contains(svc.actions, action)
}

// actionNames lists the service's actions for a message: "A", "A and B", "A, B and C".
func (svc apiService) actionNames() string { return joinNames(svc.actions) }

// route picks the service a call is for: the one its host names (sts.tencentcloudapi.com,
// cdb.ap-shanghai-fsi.tencentcloudapi.com); on any other host (the mock's own address, an
// endpoint override) the one its signature's credential scope names; for an unsigned call there,
// the one that serves its version and action. Any other call goes to CDB.
func route(r *http.Request) apiService {
	if hostname := hostnameOf(r.Host); strings.HasSuffix(hostname, apiDomain) {
		name, _, _ := strings.Cut(hostname, ".")
		return serviceNamed(name)
	}
	if name := scopeService(r.Header.Get("Authorization")); name != "" {
		return serviceNamed(name)
	}
	for _, svc := range apiServices {
		if svc.serves(r.Header.Get("X-TC-Version"), r.Header.Get("X-TC-Action")) {
			return svc
		}
	}
	return cdbAPI
}

// serviceNamed returns the service of a name, or CDB when the mock serves no such service.
func serviceNamed(name string) apiService {
	for _, svc := range apiServices {
		if svc.name == name {
			return svc
		}
	}
	return cdbAPI
}

// checkGateway checks a call to svc in the order the API gateway does, before the service looks
// at its parameters: the protocol and the common parameters; the service the host names; the
// version, then the action; the region, and the Finance-region host rule; then the signature and
// the token (verifySignature). It returns who signed the call, or the API error to answer.
func (s *Server) checkGateway(r *http.Request, body []byte, readErr error, svc apiService) (*principal, *apiError) {
	if aerr := checkCommon(r, readErr); aerr != nil {
		return nil, aerr
	}
	action := r.Header.Get("X-TC-Action")
	version := r.Header.Get("X-TC-Version")
	region := r.Header.Get("X-TC-Region")

	hostname := hostnameOf(r.Host)
	if strings.HasSuffix(hostname, apiDomain) {
		if name, _, _ := strings.Cut(hostname, "."); name != svc.name {
			verb := "is"
			if len(svc.actions) > 1 {
				verb = "are"
			}
			return nil, newError(codeNoSuchVersion,
				"The API version `%s` does not exist in service `%s` (host `%s`); %s %s served by `%s%s`.",
				version, name, r.Host, svc.actionNames(), verb, svc.name, apiDomain)
		}
	}
	if version != svc.version {
		return nil, newError(codeNoSuchVersion,
			"The API version `%s` does not exist in service `%s`; the supported version is `%s`.",
			version, svc.name, svc.version)
	}
	if !slices.Contains(svc.actions, action) {
		return nil, newError(codeInvalidAction,
			"The action `%s` is not found in service `%s` version `%s`; the mock serves %s.",
			action, svc.name, svc.version, svc.actionNames())
	}
	if !knownRegions[region] && !s.hasRegion(region) {
		return nil, newError(codeUnsupportedRegion,
			"The region `%s` is not supported by action `%s` of service `%s`.", region, action, svc.name)
	}
	if aerr := checkEndpoint(hostname, region, svc.name); aerr != nil {
		return nil, aerr
	}
	return s.verifySignature(r, body, svc.name)
}

// checkCommon checks what every API call needs before its service looks at it: the protocol, and
// the common parameters sent as headers.
func checkCommon(r *http.Request, readErr error) *apiError {
	if aerr := checkProtocol(r, readErr); aerr != nil {
		return aerr
	}
	for _, h := range []struct{ header, param string }{
		{"X-TC-Action", "Action"},
		{"X-TC-Version", "Version"},
		{"X-TC-Region", "Region"},
		{"X-TC-Timestamp", "Timestamp"},
	} {
		if r.Header.Get(h.header) == "" {
			return newError(codeMissingParameter,
				"The request is missing a required parameter `%s` (header %s).", h.param, h.header)
		}
	}
	return nil
}

// checkProtocol accepts only what TC3-signed JSON calls use: POST to "/" with application/json.
// An absolute-form request URI (the mock used as an HTTP proxy) has the path "/" too.
func checkProtocol(r *http.Request, readErr error) *apiError {
	if r.Method != http.MethodPost {
		return newError(codeUnsupportedProtocol,
			"HTTP method `%s` is not supported here: send POST with Content-Type application/json, signed with %s.",
			r.Method, signatureAlgorithm)
	}
	if r.URL.Path != "/" && r.URL.Path != "" {
		return newError(codeUnsupportedProtocol, "The request path `%s` is not supported: API 3.0 requests are sent to `/`.", r.URL.Path)
	}
	contentType := r.Header.Get("Content-Type")
	if mediaType, _, err := mime.ParseMediaType(contentType); err != nil || mediaType != "application/json" {
		return newError(codeUnsupportedProtocol,
			"Content-Type `%s` is not supported: a POST signed with %s must send application/json.",
			contentType, signatureAlgorithm)
	}
	if readErr != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(readErr, &tooLarge) {
			return newError(codeRequestSizeLimitExceeded, "The request body exceeds the limit of %d bytes.", tooLarge.Limit)
		}
		return newError(codeInvalidParameter, "The request body could not be read: %v.", readErr)
	}
	return nil
}

// checkEndpoint enforces the Finance-region rule on Tencent Cloud hosts: a Finance region
// (`*-fsi`) must be called on `<service>.<region>.tencentcloudapi.com`, and that host serves only
// its own region. Other regions may use the plain or any non-Finance regional host. Hosts outside
// tencentcloudapi.com are endpoint overrides (the mock's own address, a private endpoint) and
// are accepted with any region.
func checkEndpoint(hostname, region, service string) *apiError {
	if !strings.HasSuffix(hostname, apiDomain) {
		return nil
	}
	labels := strings.Split(strings.TrimSuffix(hostname, apiDomain), ".")
	hostRegion := ""
	if len(labels) > 1 {
		hostRegion = labels[1]
	}
	switch {
	case isFinance(region) && hostRegion != region:
		return newError(codeUnsupportedRegion,
			"The Finance region `%s` is not served on host `%s`: send the request to `%s.%s%s`.",
			region, hostname, service, region, apiDomain)
	case isFinance(hostRegion) && hostRegion != region:
		return newError(codeUnsupportedRegion,
			"Host `%s` serves only the Finance region `%s`, not region `%s`.", hostname, hostRegion, region)
	}
	return nil
}

func isFinance(region string) bool { return strings.HasSuffix(region, "-fsi") }

// hostnameOf lower-cases a Host header and drops its port and any trailing dot.
func hostnameOf(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.TrimSuffix(strings.ToLower(host), ".")
}
