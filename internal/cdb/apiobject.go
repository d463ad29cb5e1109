package cdb

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	ephemeralschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// An API object (BackupInfo, RemoteBackupInfo) is described once, as a table of its fields (fields.go): the
// schema's attributes, the state written for Terraform, the download links, the filters' access to fields and the
// docs are all derived from that table. Adding a field to an object is its line in the API struct and its row in
// the table.

// fieldKind is how an API field is shown in Terraform.
type fieldKind int

const (
	// integer is an API integer (*int64), a number attribute.
	integer fieldKind = iota
	// text is an API string (*string), a string attribute as the API gives it.
	text
	// apiTime is an API time (*string, Beijing time without a zone), a timetypes.RFC3339 attribute with the +08:00
	// offset; an empty or zero time is null.
	apiTime
	// nestedList is a list of API objects ([]*T, described by the row's object), a list of nested attributes; null
	// elements are left out.
	nestedList
	// link is a download link (*string): a bearer link to a database dump. It is no attribute of the object: the
	// links are written apart, in a sensitive map (download_urls), and an empty link is null.
	link
	// omitted is a field of the API struct that Terraform does not show, for the reason in the row's doc.
	omitted
)

// field is one row of an object's table.
type field struct {
	api  string    // the API's name of the field, its JSON key
	attr string    // the attribute's name in Terraform
	kind fieldKind // how it is shown
	doc  string    // what users read in the docs
	// values are the values the API documents for a text field, which filters on it accept.
	values []string
	// object describes the elements of a nestedList.
	object *object
	// linksAttr, on a nestedList whose elements have a link, names the map of their links (keyed by the elements'
	// key) among the links of this object, and linksDoc describes it.
	linksAttr, linksDoc string

	index []int // the struct field, found by its JSON key when the table is compiled
}

func integerField(api, attr, doc string) *field {
	return &field{api: api, attr: attr, kind: integer, doc: doc}
}
func textField(api, attr, doc string) *field {
	return &field{api: api, attr: attr, kind: text, doc: doc}
}

// enumField is a text field with the values the API documents; its doc lists them, followed by more.
func enumField(api, attr, more string, values ...string) *field {
	return &field{api: api, attr: attr, kind: text, doc: quoteAll(values) + more + ".", values: values}
}

func timeField(api, attr, doc string) *field {
	return &field{api: api, attr: attr, kind: apiTime, doc: doc}
}
func linkField(api, attr, doc string) *field {
	return &field{api: api, attr: attr, kind: link, doc: doc}
}

// omittedField is a field the API returns and Terraform does not show (deprecated, or said elsewhere); why is
// the reason.
func omittedField(api, why string) *field { return &field{api: api, kind: omitted, doc: why} }

func listField(api, attr string, of *object, doc string) *field {
	return &field{api: api, attr: attr, kind: nestedList, object: of, doc: doc}
}

// withLinks names the map that holds the links of a nestedList's elements among the links of the object.
func (f *field) withLinks(attr, doc string) *field {
	f.linksAttr, f.linksDoc = attr, doc
	return f
}

// object is the compiled table of one API struct.
type object struct {
	name   string       // the API's name of the object
	noun   string       // what users call one, in errors
	goType reflect.Type // the API struct
	fields []*field     // in the table's order, which the docs keep
	// attrs are the fields shown as attributes, sorted by attribute name: the order in which Terraform's
	// MessagePack writes an object's attributes.
	attrs []*field
	// links are the fields written among the object's links (links, and nestedLists with a links map), sorted by
	// the name they are written under.
	links []*field
	// key identifies an element among its siblings: download links are keyed by it.
	key *field
}

// describe compiles the table of the API struct T. noun is what users call one ("backup"), key the API name of the
// field that identifies one.
// A row whose API name is not a field of T, or whose kind does not fit the field's Go type, is a bug caught when
// the package loads (and so by every test).
func describe[T any](noun, key string, fields ...*field) *object {
	o := &object{name: reflect.TypeFor[T]().Name(), noun: noun, goType: reflect.TypeFor[T](), fields: fields}
	for _, f := range fields {
		sf, ok := structFieldByJSONKey(o.goType, f.api)
		if !ok {
			panic(fmt.Sprintf("%s has no field with the JSON key %q", o.name, f.api))
		}
		if want := f.goType(); f.kind != omitted && sf.Type != want {
			panic(fmt.Sprintf("%s.%s is a %s; a field of this kind must be a %s", o.name, sf.Name, sf.Type, want))
		}
		f.index = sf.Index
		switch {
		case f.kind == omitted:
		case f.kind == link:
			o.links = append(o.links, f)
		case f.kind == nestedList && f.linksAttr != "":
			o.links = append(o.links, f)
			o.attrs = append(o.attrs, f)
		default:
			o.attrs = append(o.attrs, f)
		}
		if f.api == key {
			o.key = f
		}
	}
	if o.key == nil || (o.key.kind != integer && o.key.kind != text) {
		panic(fmt.Sprintf("%s: the key %q must be an integer or text row", o.name, key))
	}
	for _, f := range o.links {
		// A map from the elements' keys to their link holds one link each.
		if f.kind == nestedList && (len(f.object.links) != 1 || f.object.links[0].kind != link) {
			panic(fmt.Sprintf("%s.%s: the elements of a list with a links map must have exactly one link", o.name, f.api))
		}
	}
	slices.SortFunc(o.attrs, func(a, b *field) int { return cmp.Compare(a.attr, b.attr) })
	slices.SortFunc(o.links, func(a, b *field) int { return cmp.Compare(a.linksName(), b.linksName()) })
	return o
}

// goType is the Go type an API struct field of this row's kind has.
func (f *field) goType() reflect.Type {
	switch f.kind {
	case integer:
		return reflect.TypeFor[*int64]()
	case nestedList:
		return reflect.SliceOf(reflect.PointerTo(f.object.goType))
	default:
		return reflect.TypeFor[*string]()
	}
}

// linksName is the name a field is written under among the links.
func (f *field) linksName() string {
	if f.kind == nestedList {
		return f.linksAttr
	}
	return f.attr
}

func structFieldByJSONKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		sf := t.Field(i)
		if name, _, _ := strings.Cut(sf.Tag.Get("json"), ","); name == key {
			return sf, true
		}
	}
	return reflect.StructField{}, false
}

// field returns the row of an attribute; asking for one the table does not have is a bug.
func (o *object) field(attr string) *field {
	for _, f := range o.fields {
		if f.attr == attr {
			return f
		}
	}
	panic(fmt.Sprintf("%s has no attribute %q", o.name, attr))
}

// of is the value of the field in v, an API struct (not a pointer to one) of the field's object.
func (f *field) of(v reflect.Value) reflect.Value { return v.FieldByIndex(f.index) }

// int is the value of an integer field of v, or nil.
func (f *field) int(v reflect.Value) *int64 { return f.of(v).Interface().(*int64) } //nolint:forcetypeassert // checked by describe

// str is the value of a text, time or link field of v, or nil.
func (f *field) str(v reflect.Value) *string { return f.of(v).Interface().(*string) } //nolint:forcetypeassert // checked by describe

// elements calls fn with each element of a nestedList field of v, leaving null ones out.
func (f *field) elements(v reflect.Value, fn func(reflect.Value) error) error {
	list := f.of(v)
	for i := range list.Len() {
		if e := list.Index(i); !e.IsNil() {
			if err := fn(e.Elem()); err != nil {
				return err
			}
		}
	}
	return nil
}

// count is the number of non-null elements of a nestedList field of v.
func (f *field) count(v reflect.Value) int {
	n := 0
	_ = f.elements(v, func(reflect.Value) error { n++; return nil })
	return n
}

// attributes are the schema's attributes of an object, all computed: a data source reads them.
func (o *object) attributes() map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(o.attrs))
	for _, f := range o.attrs {
		attrs[f.attr] = f.attribute()
	}
	return attrs
}

// rfc3339Doc is what the docs say of every API time.
const rfc3339Doc = " RFC 3339 with the `+08:00` offset of Beijing time, in which the API reports it, so " +
	"`timecmp()` and `timeadd()` work on it; null when the API gives none or a zero time."

func (f *field) attribute() schema.Attribute {
	switch f.kind {
	case integer:
		return schema.Int64Attribute{Computed: true, MarkdownDescription: f.doc}
	case apiTime:
		return schema.StringAttribute{
			CustomType:          timetypes.RFC3339Type{},
			Computed:            true,
			MarkdownDescription: f.doc + rfc3339Doc,
		}
	case nestedList:
		doc := f.doc
		if f.linksAttr != "" {
			doc += " Their download links are in `download_urls`."
		}
		return schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: doc,
			NestedObject:        schema.NestedAttributeObject{Attributes: f.object.attributes()},
		}
	default:
		return schema.StringAttribute{Computed: true, MarkdownDescription: f.doc}
	}
}

// linkAttributes are the schema's attributes of an object's download links: each link, and a map per list of
// objects with links, keyed by their key.
func (o *object) linkAttributes() map[string]schema.Attribute {
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

// value is the framework value of an integer, text, time or link field of v, an API struct of the field's object.
// An empty link is null, as in download_urls.
func (f *field) value(v reflect.Value) (attr.Value, error) {
	switch f.kind {
	case integer:
		return types.Int64PointerValue(f.int(v)), nil
	case apiTime:
		t, err := parseAPITime(f.str(v))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.attr, err)
		}
		return timetypes.NewRFC3339TimePointerValue(t), nil
	case link:
		return types.StringPointerValue(nonEmpty(f.str(v))), nil
	case text:
		return types.StringPointerValue(f.str(v)), nil
	default:
		return nil, fmt.Errorf("%s: a %v field has no single value", f.attr, f.kind)
	}
}

// ephemeralAttribute is the result attribute of an ephemeral resource for an integer, text, time or link field;
// links are sensitive.
func (f *field) ephemeralAttribute() ephemeralschema.Attribute {
	switch f.kind {
	case integer:
		return ephemeralschema.Int64Attribute{Computed: true, MarkdownDescription: f.doc}
	case apiTime:
		return ephemeralschema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: f.doc + rfc3339Doc}
	case link:
		return ephemeralschema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: f.doc}
	default:
		return ephemeralschema.StringAttribute{Computed: true, MarkdownDescription: f.doc}
	}
}

// linkMap is the map of links of a nestedList field's elements in v (keyed by their key, the first of each key, as
// download_urls holds them), as a framework value.
func (f *field) linkMap(v reflect.Value) types.Map {
	var elements []reflect.Value
	_ = f.elements(v, func(e reflect.Value) error { elements = append(elements, e); return nil })
	only := f.object.links[0]
	urls := map[string]attr.Value{}
	for _, e := range f.object.firstOfEachKey(elements) {
		urls[f.object.mustKey(e).String()] = types.StringPointerValue(nonEmpty(only.str(e)))
	}
	return types.MapValueMust(types.StringType, urls)
}
