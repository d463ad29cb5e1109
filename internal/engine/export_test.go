package engine

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What the tests of package engine_test (read_bench_test.go, declarations_test.go: the engine on the provider's
// own declarations) reach of the twins (twins_test.go). ds is an engine data source.

// FrameworkTwin is ds with a framework Read that answers as the engine does.
func FrameworkTwin(ds datasource.DataSource) datasource.DataSource {
	return ds.(twinned).frameworkTwin()
}

// LibraryWriter is ds with its state written by terraform-plugin-go's values and encoder.
func LibraryWriter(ds datasource.DataSource) ProtocolDataSource { return ds.(twinned).libraryWriter() }

// OrderAndWrite orders items (a []*T of ds's list, copied first) and writes their state for config, links
// included: with the engine's writer, or with terraform-plugin-go's (library).
func OrderAndWrite(ds datasource.DataSource, config tftypes.Value, items any, library bool) ([]byte, error) {
	return ds.(twinned).orderAndWrite(config, items, library)
}
