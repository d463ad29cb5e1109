package engine

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// A table lists the fields of one API struct: how each is shown in Terraform, under which name, with which doc.
// The schema's attributes, the state written for Terraform, the download links, the filters' access to fields and
// the docs are all derived from it. Adding a field to an object is its line in the API struct and its row in the
// table.

// fieldKind is how an API field is shown in Terraform.
type fieldKind int

const (
	// integer is an API integer (*int64), a number attribute.
	integer fieldKind = iota
	// text is an API string (*string), a string attribute as the API gives it.
	text
	// apiTime is an API time (*string, in the API's zone and format, apitime.go), a timetypes.RFC3339 attribute
	// with the API's offset; an empty or zero time is null.
	apiTime
	// nestedList is a list of API objects ([]*T, described by the row's object), a list of nested attributes; null
	// elements are left out.
	nestedList
	// link is a download link (*string): a bearer link to data. It is no attribute of the object: the links are
	// written apart, in a sensitive map (download_urls), and an empty link is null.
	link
	// omitted is a field of the API struct that Terraform does not show, for the reason in the row's doc.
	omitted
	// onOff is an API switch (*string, "on" or "off"), a bool attribute.
	onOff
	// textList is a list of API strings ([]*string), a list of strings; null elements are left out.
	textList
	// integerList is a list of API integers ([]*int64), a list of numbers; null elements are left out.
	integerList
	// clockRange is a daily time range (*string, "02:00-06:00"), an object of its start and end ("02:00"); an
	// empty one is null.
	clockRange
	// group gathers fields of the same API struct into one object attribute (the row's object, whose table is
	// compiled against the struct of the group's own table).
	group
	// code is an API integer that stands for a name (*int64, "1" is running), a string attribute of the name; a
	// number the row does not name is shown as the number.
	code
	// keyValues is a list of API key/value objects ([]*T, e.g. tags), a map of strings; elements without a key
	// are left out, and a key given twice keeps its first value.
	keyValues
	// object is one API object (*T, described by the row's object), a nested attribute; nil is null.
	object
)

// Field is one row of an object's table.
type Field struct {
	api  string    // the API's name of the field, its JSON key
	attr string    // the attribute's name in Terraform
	kind fieldKind // how it is shown
	doc  string    // what users read in the docs
	// values are the values the API documents for a text field, which filters on it accept.
	values []string
	// object describes the elements of a nestedList.
	object *Object
	// linksAttr, on a nestedList whose elements have a link, names the map of their links (keyed by the elements'
	// key) among the links of this object, and linksDoc describes it.
	linksAttr, linksDoc string

	// codes name the values of a code field, in the order the docs list them.
	codes []Code
	// keyAPI and valueAPI are the JSON keys of a keyValues field's elements' key and value; keyIndex and
	// valueIndex find them in the element struct once compiled.
	keyAPI, valueAPI     string
	keyIndex, valueIndex []int

	// derived, when set, says what the value is made from, for a field the provider adds to the API's answer
	// (DerivedFrom); the docs say it instead of the API field.
	derived string
	// path leads from the table's API struct to the field, found by its JSON key when the table is compiled: the
	// index of each struct field on the way, the pointers to structs between them followed.
	path [][]int
	leaf reflect.Type // the field's Go type
}

// IntegerField is an API integer (*int64) shown as a number attribute.
func IntegerField(api, attr, doc string) *Field {
	return &Field{api: api, attr: attr, kind: integer, doc: doc}
}

// TextField is an API string (*string) shown as it is.
func TextField(api, attr, doc string) *Field {
	return &Field{api: api, attr: attr, kind: text, doc: doc}
}

// EnumField is a text field with the values the API documents; its doc lists them, followed by more.
func EnumField(api, attr, more string, values ...string) *Field {
	return &Field{api: api, attr: attr, kind: text, doc: quoteAll(values) + more + ".", values: values}
}

// TimeField is an API time (*string), shown as RFC 3339 with the API's offset.
func TimeField(api, attr, doc string) *Field {
	return &Field{api: api, attr: attr, kind: apiTime, doc: doc}
}

// LinkField is a download link (*string), written only among the links (download_urls), never as an attribute.
func LinkField(api, attr, doc string) *Field {
	return &Field{api: api, attr: attr, kind: link, doc: doc}
}

// OmittedField is a field the API returns and Terraform does not show (deprecated, or said elsewhere); why is
// the reason.
func OmittedField(api, why string) *Field { return &Field{api: api, kind: omitted, doc: why} }

// OnOffField is an API switch (*string, "on" or "off"), shown as a bool attribute.
func OnOffField(api, attr, doc string) *Field {
	return &Field{api: api, attr: attr, kind: onOff, doc: doc}
}

// TextListField is a list of API strings ([]*string), shown as a list of strings.
func TextListField(api, attr, doc string) *Field {
	return &Field{api: api, attr: attr, kind: textList, doc: doc}
}

// IntegerListField is a list of API integers ([]*int64), shown as a list of numbers.
func IntegerListField(api, attr, doc string) *Field {
	return &Field{api: api, attr: attr, kind: integerList, doc: doc}
}

// ClockRangeField is a daily time range (*string, "02:00-06:00"), shown as an object of its start and end.
func ClockRangeField(api, attr, doc string) *Field {
	return &Field{api: api, attr: attr, kind: clockRange, doc: doc}
}

// GroupField gathers fields of the same API struct into one object attribute: settings the API gives side by
// side that users read together (a feature's switch and its days). A field's API name may be a path through
// nested structs ("Window.Monday"), in a group or not.
func GroupField(attr, doc string, fields ...*Field) *Field {
	return &Field{attr: attr, kind: group, doc: doc, object: &Object{fields: fields}}
}

// Code names one value of a code field.
type Code struct {
	Value int64
	Name  string
}

// CodeField is an API integer that stands for a name (a status), shown as the name; codes list every value the
// API documents. A value the API adds later shows as its number, so that a read never fails on it.
func CodeField(api, attr, doc string, codes ...Code) *Field {
	return &Field{api: api, attr: attr, kind: code, doc: doc, codes: codes}
}

// name is the name of a code, or the code itself when the row does not name it.
func (f *Field) name(n int64) string {
	for _, c := range f.codes {
		if c.Value == n {
			return c.Name
		}
	}
	return strconv.FormatInt(n, 10)
}

// CodeOf is the code of a code field's name; ok is false for a name the row does not have.
func (f *Field) CodeOf(name string) (int64, bool) {
	for _, c := range f.codes {
		if c.Name == name {
			return c.Value, true
		}
	}
	return 0, false
}

// Names are the names of a code field's codes, in the row's order.
func (f *Field) Names() []string {
	out := make([]string, len(f.codes))
	for i, c := range f.codes {
		out[i] = c.Name
	}
	return out
}

// KeyValueField is a list of API key/value objects ([]*T whose JSON keys keyAPI and valueAPI are strings, such as
// tags), shown as a map of strings.
func KeyValueField(api, attr, keyAPI, valueAPI, doc string) *Field {
	return &Field{api: api, attr: attr, kind: keyValues, doc: doc, keyAPI: keyAPI, valueAPI: valueAPI}
}

// ObjectField is one API object (*T) that of describes, shown as a nested attribute; null when the API gives none.
func ObjectField(api, attr string, of *Object, doc string) *Field {
	return &Field{api: api, attr: attr, kind: object, object: of, doc: doc}
}

// ListField is a list of API objects ([]*T) that of describes, shown as a list of nested attributes.
func ListField(api, attr string, of *Object, doc string) *Field {
	return &Field{api: api, attr: attr, kind: nestedList, object: of, doc: doc}
}

// DerivedFrom marks a field of the Go struct that the provider fills from the API's answer rather than the API
// itself: how says from what ("the `Begin` of the oldest range").
func (f *Field) DerivedFrom(how string) *Field {
	f.derived = how
	return f
}

// WithLinks names the map that holds the links of a list field's elements among the links of the object.
func (f *Field) WithLinks(attr, doc string) *Field {
	f.linksAttr, f.linksDoc = attr, doc
	return f
}

// Object is the compiled table of one API struct.
type Object struct {
	name   string       // the API's name of the object
	noun   string       // what users call one, in errors
	goType reflect.Type // the API struct
	fields []*Field     // in the table's order, which the docs keep
	// attrs are the fields shown as attributes, sorted by attribute name: the order in which Terraform's
	// MessagePack writes an object's attributes.
	attrs []*Field
	// links are the fields written among the object's links (links, and nestedLists with a links map), sorted by
	// the name they are written under.
	links []*Field
	// key identifies an element among its siblings: download links are keyed by it.
	key *Field
}

// Describe compiles the table of the API struct T. noun is what users call one ("file"), key the API name of the
// field that identifies one ("" for an object that is never one of many with links). Every field of T has a row,
// and every row a field of the Go type its kind needs: a table that breaks this is a bug, caught when the package
// that declares it loads (and so by every test).
func Describe[T any](noun, key string, fields ...*Field) *Object {
	o := describe[T](noun, key, fields)
	var rows []string
	o.rowPaths(&rows)
	checkCovered(o.name, o.goType, "", rows)
	return o
}

// View compiles a table that shows some fields of the API struct T, not all: a summary of an object that its own
// table (Describe) describes whole, which Rows gives the rows of. It has no key, so no download links.
func View[T any](noun string, fields ...*Field) *Object { return describe[T](noun, "", fields) }

func describe[T any](noun, key string, fields []*Field) *Object {
	o := &Object{name: reflect.TypeFor[T]().Name(), noun: noun, goType: reflect.TypeFor[T](), fields: fields}
	o.compile()
	for _, f := range o.fields {
		if f.api == key && key != "" {
			o.key = f
		}
	}
	if key != "" && (o.key == nil || (o.key.kind != integer && o.key.kind != text)) {
		panic(fmt.Sprintf("%s: the key %q must be an integer or text row", o.name, key))
	}
	if o.key == nil && len(o.links) > 0 {
		panic(fmt.Sprintf("%s has download links: it needs a key", o.name))
	}
	for _, f := range o.links {
		// A map from the elements' keys to their link holds one link each.
		if f.kind == nestedList && (len(f.object.links) != 1 || f.object.links[0].kind != link || f.object.key == nil) {
			panic(fmt.Sprintf("%s.%s: the elements of a list with a links map must have exactly one link, and a key", o.name, f.api))
		}
	}
	return o
}

// compile finds the struct field of each row (in o.goType, which a group shares with its table) and sorts the rows
// into attributes and links.
func (o *Object) compile() {
	for _, f := range o.fields {
		if f.kind == group {
			g := f.object
			g.name, g.noun, g.goType = o.name+"."+f.attr, o.noun, o.goType
			g.compile()
			if len(g.links) > 0 {
				panic(fmt.Sprintf("%s: a group cannot hold download links", g.name))
			}
			o.attrs = append(o.attrs, f)
			continue
		}
		path, leaf, ok := fieldPath(o.goType, f.api)
		if !ok {
			panic(fmt.Sprintf("%s has no field with the JSON key %q", o.name, f.api))
		}
		if want := f.goType(); f.kind != omitted && want != nil && leaf != want {
			panic(fmt.Sprintf("%s.%s is a %s; a field of this kind must be a %s", o.name, f.api, leaf, want))
		}
		f.path, f.leaf = path, leaf
		if f.kind == keyValues {
			f.compileKeyValues(o.name)
		}
		if f.kind == object && len(f.object.links) > 0 {
			panic(fmt.Sprintf("%s.%s: an object attribute cannot hold download links", o.name, f.api))
		}
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
	}
	slices.SortFunc(o.attrs, func(a, b *Field) int { return strings.Compare(a.attr, b.attr) })
	slices.SortFunc(o.links, func(a, b *Field) int { return strings.Compare(a.linksName(), b.linksName()) })
}

// rowPaths adds the API paths of o's rows, those of its groups' too.
func (o *Object) rowPaths(paths *[]string) {
	for _, f := range o.fields {
		if f.kind == group {
			f.object.rowPaths(paths)
		} else {
			*paths = append(*paths, f.api)
		}
	}
}

// checkCovered panics unless every field of the API struct t (under prefix) has a row: its own, or one of a struct
// it is in. A field without a row would go missing from the state without a word.
func checkCovered(name string, t reflect.Type, prefix string, rows []string) {
	for _, sf := range apiFields(t) {
		k, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if slices.Contains(rows, prefix+k) {
			continue
		}
		if st := structOf(sf.Type); st != nil && slices.ContainsFunc(rows, func(r string) bool { return strings.HasPrefix(r, prefix+k+".") }) {
			checkCovered(name, st, prefix+k+".", rows)
			continue
		}
		panic(fmt.Sprintf("%s.%s (%s) has no row in the table", name, sf.Name, prefix+k))
	}
}

// structOf is the struct t is, or points to; nil for other types.
func structOf(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		return t
	}
	return nil
}

// fieldPath finds the field of the API struct t that the JSON keys of api lead to ("Window.Monday": Monday in the
// struct Window points to): the index of each struct field on the way, and its type.
func fieldPath(t reflect.Type, api string) (path [][]int, leaf reflect.Type, ok bool) {
	keys := strings.Split(api, ".")
	for i, key := range keys {
		if i > 0 {
			if t = structOf(t); t == nil {
				return nil, nil, false
			}
		}
		sf, found := structFieldByJSONKey(t, key)
		if !found {
			return nil, nil, false
		}
		path = append(path, sf.Index)
		t = sf.Type
	}
	return path, t, true
}

// compileKeyValues finds the key and value of a keyValues field's elements, which must be strings.
func (f *Field) compileKeyValues(object string) {
	elem := f.leaf
	if elem.Kind() == reflect.Slice && elem.Elem().Kind() == reflect.Pointer && elem.Elem().Elem().Kind() == reflect.Struct {
		elem = elem.Elem().Elem()
		k, kok := structFieldByJSONKey(elem, f.keyAPI)
		v, vok := structFieldByJSONKey(elem, f.valueAPI)
		str := reflect.TypeFor[*string]()
		if kok && vok && k.Type == str && v.Type == str {
			f.keyIndex, f.valueIndex = k.Index, v.Index
			return
		}
	}
	panic(fmt.Sprintf("%s.%s must be a list of pointers to structs with the *string fields %q and %q", object, f.api, f.keyAPI, f.valueAPI))
}

// goType is the Go type an API struct field of this row's kind has; nil for a keyValues field, which
// compileKeyValues checks.
func (f *Field) goType() reflect.Type {
	switch f.kind {
	case integer, code:
		return reflect.TypeFor[*int64]()
	case keyValues:
		return nil
	case object:
		return reflect.PointerTo(f.object.goType)
	case nestedList:
		return reflect.SliceOf(reflect.PointerTo(f.object.goType))
	case textList:
		return reflect.TypeFor[[]*string]()
	case integerList:
		return reflect.TypeFor[[]*int64]()
	default:
		return reflect.TypeFor[*string]()
	}
}

// linksName is the name a field is written under among the links.
func (f *Field) linksName() string {
	if f.kind == nestedList {
		return f.linksAttr
	}
	return f.attr
}

// apiFields are the fields of the API struct t as encoding/json sees them: its own, and those of the structs it
// embeds (fields that several API objects share), each with its index path from t.
func apiFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for _, sf := range reflect.VisibleFields(t) {
		if !sf.Anonymous {
			out = append(out, sf)
		}
	}
	return out
}

func structFieldByJSONKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for _, sf := range apiFields(t) {
		if name, _, _ := strings.Cut(sf.Tag.Get("json"), ","); name == key {
			return sf, true
		}
	}
	return reflect.StructField{}, false
}

// Rows are uncompiled copies of the rows of attrs (every row, omitted ones too, without attrs), in the table's
// order, for another table that shows the same fields: one that embeds this table's struct, or a View of it.
func (o *Object) Rows(attrs ...string) []*Field {
	var out []*Field
	for _, f := range o.fields {
		if len(attrs) == 0 || (f.attr != "" && slices.Contains(attrs, f.attr)) {
			out = append(out, f.copy())
		}
	}
	if len(attrs) > 0 && len(out) != len(attrs) {
		panic(fmt.Sprintf("%s: Rows(%v) names an attribute it does not have", o.name, attrs))
	}
	return out
}

// copy is the row as declared, before compile: a group's rows copied too, since they compile against the struct of
// the table the group is in.
func (f *Field) copy() *Field {
	c := *f
	c.path, c.leaf, c.keyIndex, c.valueIndex = nil, nil, nil, nil
	if f.kind == group {
		rows := make([]*Field, len(f.object.fields))
		for i, r := range f.object.fields {
			rows[i] = r.copy()
		}
		c.object = &Object{fields: rows}
	}
	return &c
}

// Field returns the row of an attribute; asking for one the table does not have is a bug.
func (o *Object) Field(attr string) *Field {
	for _, f := range o.fields {
		if f.attr == attr {
			return f
		}
	}
	panic(fmt.Sprintf("%s has no attribute %q", o.name, attr))
}

// fieldOfKind is the row of an attribute, which must be of one of kinds: a declaration that asks for another is a
// bug.
func (o *Object) fieldOfKind(attr string, kinds ...fieldKind) *Field {
	f := o.Field(attr)
	if !slices.Contains(kinds, f.kind) {
		panic(fmt.Sprintf("%s.%s is not a field of the kind this needs", o.name, attr))
	}
	return f
}

// valueOf is the API struct an item (a pointer to one) points to.
func valueOf(item any) reflect.Value { return reflect.ValueOf(item).Elem() }

// of is the value of the field in v, an API struct (not a pointer to one) of the field's object; the zero value
// (nil) when a struct on its path is absent.
func (f *Field) of(v reflect.Value) reflect.Value {
	v = v.FieldByIndex(f.path[0])
	for _, index := range f.path[1:] {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Zero(f.leaf)
			}
			v = v.Elem()
		}
		v = v.FieldByIndex(index)
	}
	return v
}

// int is the value of an integer field of v, or nil.
func (f *Field) int(v reflect.Value) *int64 { return f.of(v).Interface().(*int64) } //nolint:forcetypeassert // checked by Describe

// str is the value of a text, time or link field of v, or nil.
func (f *Field) str(v reflect.Value) *string { return f.of(v).Interface().(*string) } //nolint:forcetypeassert // checked by Describe

// elements calls fn with each element of a nestedList field of v, leaving null ones out.
func (f *Field) elements(v reflect.Value, fn func(reflect.Value) error) error {
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
func (f *Field) count(v reflect.Value) int {
	n := 0
	_ = f.elements(v, func(reflect.Value) error { n++; return nil })
	return n
}

// First is the first of items (API structs of o) whose text field attr has the value want, or nil.
func First[T any](o *Object, items []*T, attr, want string) *T {
	f := o.fieldOfKind(attr, text)
	for _, item := range items {
		if item == nil {
			continue
		}
		if got := f.str(reflect.ValueOf(item).Elem()); got != nil && *got == want {
			return item
		}
	}
	return nil
}

// capitalized is s with its first letter in upper case: "Jobs without an ID".
func capitalized(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// quoteAll renders allowed values for a description: `a`, `b` or `c`.
func quoteAll(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
