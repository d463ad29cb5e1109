package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/engine"
)

// NewServer returns a function that makes the provider's protocol server, as tf6server.Serve and the tests
// expect. It is the framework's server, but for the reads of the engine's data sources (every data source of the
// provider), which it answers with their ReadProtocol: the framework's processing of a state of thousands of
// objects costs more CPU and memory than the rest of the read together. Each server makes its own provider, so
// that the configuration it keeps for those reads belongs to that server alone.
func NewServer(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		ctx := context.Background()
		p := &tencentCloudProvider{version: version}
		framework, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		var md provider.MetadataResponse
		p.Metadata(ctx, provider.MetadataRequest{}, &md)
		actions, ok := framework.(tfprotov6.ActionServer)
		if !ok {
			return nil, errors.New("the framework's provider server does not serve actions")
		}
		return &server{ProviderServer: framework, actions: actions, provider: p, reads: engine.ProtocolReads(ctx, md.TypeName, p.DataSources(ctx))}, nil
	}
}

// server is the framework's provider server with the reads of the engine's data sources answered by them. It
// passes on the methods of tfprotov6.ProviderServer and of tfprotov6.ActionServer (the provider's actions); the
// other optional interfaces tf6server looks for (list resources, state stores) are hidden by the wrapping, and must
// be forwarded here if the provider ever has any of those.
type server struct {
	tfprotov6.ProviderServer
	actions  tfprotov6.ActionServer
	provider *tencentCloudProvider
	// reads are the data sources whose reads are answered at the protocol level, by type name.
	reads map[string]engine.ProtocolDataSource
}

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	ds, ok := s.reads[req.TypeName]
	if !ok {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	return ds.ReadProtocol(ctx, s.provider.configured.Load(), req), nil
}

var _ tfprotov6.ActionServer = (*server)(nil)

func (s *server) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return s.actions.ValidateActionConfig(ctx, req)
}

func (s *server) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return s.actions.PlanAction(ctx, req)
}

// InvokeAction passes the framework's stream of events (progress, then completion) on as it is.
func (s *server) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return s.actions.InvokeAction(ctx, req)
}
