// Package engine serves data sources that are declarations. An API object is described once, as a table of its
// fields (Describe); a data source is a declaration of what it lists and how (ListSpec). From those the engine
// derives the schema, the paging, the order, the filters, the checks of the configuration and the state, which it
// writes straight into the MessagePack Terraform reads, answering the read at the protocol level. It knows no API
// of its own: a declaration brings the API's structs, its client and its page fetch.
//
// The files, one concern each:
//
//	table.go, key.go     the table compiler: rows (IntegerField, ...), Describe, the objects' keys
//	schema.go, values.go the schema's attributes from a table; framework values of single fields
//	apitime.go           the API's times (UTC+8, no zone) and how they are shown (RFC 3339)
//	msgpack.go, state.go the state writer: Terraform's MessagePack from the API's structs, led by the tables
//	list.go              ListAll: every page of a list action, as one consistent snapshot
//	order.go             NewestFirst
//	arguments.go         optional arguments (time, regular expression, one of the table's values) and their checks
//	window.go            pairs of time arguments that must not make an empty window
//	filter.go            filters derived from a table: Equals, Matches, Within, MostRecent
//	spans.go             spans of time: Chain, and their schema and state
//	scope.go             what a list is read in (an instance): its argument, its API's page size, "not found"
//	list_data_source.go  ListSpec, the declaration of a paged list over one scope, and its read
//	data_source.go       the framework's data source of every kind, and its protocol-level read
//	provider_data.go     the provider's client or unknown arguments, as the data sources receive them
//	protocol.go          the routing of reads by type name, and diagnostics in the protocol's terms
package engine
