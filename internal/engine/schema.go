package engine

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// attributes are the schema's attributes of an object, all computed: a data source reads them.
func (o *Object) attributes() map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(o.attrs))
	for _, f := range o.attrs {
		attrs[f.attr] = f.attribute()
	}
	return attrs
}

func (f *Field) attribute() schema.Attribute {
	switch f.kind {
	case integer:
		return schema.Int64Attribute{Computed: true, MarkdownDescription: f.description()}
	case nestedList:
		return schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: f.description(),
			NestedObject:        schema.NestedAttributeObject{Attributes: f.object.attributes()},
		}
	case onOff:
		return schema.BoolAttribute{Computed: true, MarkdownDescription: f.description()}
	case textList:
		return schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: f.description()}
	case integerList:
		return schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: f.description()}
	case clockRange:
		return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: f.description(), Attributes: map[string]schema.Attribute{
			"start": schema.StringAttribute{Computed: true, MarkdownDescription: "Start of the range, `HH:MM`."},
			"end":   schema.StringAttribute{Computed: true, MarkdownDescription: "End of the range, `HH:MM`; before `start` when the range runs past midnight."},
		}}
	case group:
		return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: f.doc, Attributes: f.object.attributes()}
	case object:
		return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: f.description(), Attributes: f.object.attributes()}
	case keyValues:
		return schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: f.description()}
	default:
		return schema.StringAttribute{Computed: true, CustomType: f.stringType(), MarkdownDescription: f.description()}
	}
}

// description is what the docs say of the field's attribute: its doc, and what every API time or list with links
// adds.
func (f *Field) description() string {
	doc := f.doc
	switch {
	case f.kind == apiTime:
		doc += rfc3339Doc
	case f.kind == nestedList && f.linksAttr != "":
		doc += " Their download links are in `download_urls`."
	case f.kind == onOff:
		doc += " The API's `on` is true, `off` false."
	case f.kind == clockRange:
		doc += " Null when the API gives none."
	case f.kind == code:
		doc += codesDoc(f.codes)
	case f.kind == keyValues:
		doc += fmt.Sprintf(" The API's `%s` are the keys, `%s` the values.", f.keyAPI, f.valueAPI)
	}
	if f.derived != "" {
		return doc + " Derived from " + f.derived + "."
	}
	return doc + " API field: `" + f.api + "`."
}

// codesDoc lists the names of a code field's values: " One of `running` (API value 1), ...; another value shows
// as its number."
func codesDoc(codes []Code) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = fmt.Sprintf("`%s` (%d)", c.Name, c.Value)
	}
	return " One of " + strings.Join(names, ", ") + "; a value the API adds later shows as its number."
}

// stringType is the type of a text, time or link field's attribute: RFC 3339 for a time, plain for the others.
func (f *Field) stringType() basetypes.StringTypable {
	if f.kind == apiTime {
		return timetypes.RFC3339Type{}
	}
	return nil
}

// linkAttributes are the schema's attributes of an object's download links: each link, and a map per list of
// objects with links, keyed by their key.
func (o *Object) linkAttributes() map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(o.links))
	for _, f := range o.links {
		if f.kind == nestedList {
			attrs[f.linksAttr] = schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: f.linksDoc}
			continue
		}
		attrs[f.attr] = schema.StringAttribute{Computed: true, MarkdownDescription: f.doc}
	}
	return attrs
}

// EphemeralAttribute is the result attribute of an ephemeral resource for an integer, text, time or link field;
// links are sensitive.
func (f *Field) EphemeralAttribute() ephemeralschema.Attribute {
	if f.kind == integer {
		return ephemeralschema.Int64Attribute{Computed: true, MarkdownDescription: f.description()}
	}
	return ephemeralschema.StringAttribute{Computed: true, Sensitive: f.kind == link, CustomType: f.stringType(), MarkdownDescription: f.description()}
}

// LinksDoc describes the map of links of a list field's elements (WithLinks).
func (f *Field) LinksDoc() string { return f.linksDoc }

// LinksAttr names the map of links of a list field's elements (WithLinks).
func (f *Field) LinksAttr() string { return f.linksAttr }

// Attributes are a declaration's own attributes, by name.
type Attributes = map[string]schema.Attribute

// ComputedInt is a computed number attribute of a declaration.
func ComputedInt(doc string) schema.Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: doc}
}

// ComputedTime is a computed RFC 3339 time attribute of a declaration (Time writes it); the docs of every API
// time follow doc.
func ComputedTime(doc string) schema.Attribute {
	return schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: doc + rfc3339Doc}
}

// ComputedObject is a computed attribute holding one object of o, or null (ObjectValue writes it).
func ComputedObject(o *Object, doc string) schema.Attribute {
	return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: doc, Attributes: o.attributes()}
}
