package cdb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/acctest"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/provider"
)

// stalledEndpoint accepts connections and never answers.
func stalledEndpoint(t *testing.T) string {
	t.Helper()
	e, err := mock.StartSilentEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e.URL()
}

// dynamicValue encodes an object of string attributes (and nulls for the rest of typ) as the protocol sends it.
// TestCancelledReadReturnsPromptly is Ctrl-C during a read: Terraform cancels the request's context, and the read
// must give up its in-flight call at once, not wait for the request timeout (an hour here) or the retries.
func TestCancelledReadReturnsPromptly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	server, dsType := testServer(t, provider.NewServer("test"), stalledEndpoint(t), map[string]tftypes.Value{"request_timeout": acctest.String("1h")})
	readCtx, cancel := context.WithCancel(ctx)
	cancelledAt := make(chan time.Time, 1)
	time.AfterFunc(200*time.Millisecond, func() { cancelledAt <- time.Now(); cancel() })
	resp, err := server.ReadDataSource(readCtx, &tfprotov6.ReadDataSourceRequest{
		TypeName: "tencentcloud_cdb_backups",
		Config:   acctest.DynamicValue(t, dsType, map[string]tftypes.Value{"instance_id": acctest.String("cdb-c1nl9rpv")}),
	})
	returned := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	if lag := returned.Sub(<-cancelledAt); lag > time.Second {
		t.Fatalf("the read returned %s after cancellation", lag)
	}
	if len(resp.Diagnostics) == 0 || !strings.Contains(resp.Diagnostics[0].Detail, "cancel") {
		t.Fatalf("diagnostics %+v; want one saying the read was cancelled", resp.Diagnostics)
	}
}
