package engine

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Scope is what a list is read in (an instance, a project): the required argument that names it, and what the
// API that serves it says of it. The declarations over one API share one.
type Scope[C any] struct {
	// Attr is the argument that names the scope; Doc and Validators are its doc and checks.
	Attr       string
	Doc        string
	Validators []validator.String
	// IDDoc is the doc of id, which is the scope's ID.
	IDDoc string
	// API names the API in errors: "Unexpected <item> data from <API>".
	API string
	// MaxPageSize is the largest Limit the API's list actions accept.
	MaxPageSize int64
	// NotFound tells whether a listing's error means that the scope does not exist, and what to say of it then;
	// client is the one the listing used.
	NotFound func(client C, id string, err error) (summary, detail string, ok bool)
}

// listError turns a failed listing into a diagnostic; a scope that does not exist points at its argument.
func (s *Scope[C]) listError(client C, id, what string, err error) diag.Diagnostic {
	return s.readError(client, id, "list the "+what, err)
}

// readError turns a failed read into a diagnostic, "Could not <doing> of <id>"; a scope that does not exist points
// at its argument.
func (s *Scope[C]) readError(client C, id, doing string, err error) diag.Diagnostic {
	if s.NotFound == nil {
		return diag.NewErrorDiagnostic("Could not "+doing+" of "+id, err.Error())
	}
	if summary, detail, ok := s.NotFound(client, id, err); ok {
		return diag.NewAttributeErrorDiagnostic(path.Root(s.Attr), summary, detail)
	}
	return diag.NewErrorDiagnostic("Could not "+doing+" of "+id, err.Error())
}
