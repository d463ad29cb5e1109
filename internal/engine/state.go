package engine

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The state is written straight from the API's structs into the MessagePack Terraform reads (msgpack.go), led by
// the objects' tables, without building Terraform values first. terraform-plugin-go's values and encoder give the
// same bytes (a test compares them) at about four times the provider's CPU time and memory for 10,000 objects,
// which makes a whole plan measurably slower. The attributes of an object are written in the order of their
// sorted names, as terraform-plugin-go writes them.

// Value writes the value of one computed attribute into the state; Int, Time, ObjectValue and Spans make them.
type Value func(m *msgpack) error

// Values are the values of a declaration's own attributes, by name.
type Values = map[string]Value

// Int is an integer value.
func Int(n int64) Value { return func(m *msgpack) error { m.int(n); return nil } }

// Time is a time value (RFC 3339 in the API's zone), or null for nil.
func Time(t *time.Time) Value {
	return func(m *msgpack) error {
		if t == nil {
			m.null()
		} else {
			m.time(*t)
		}
		return nil
	}
}

// ObjectValue is item, a pointer to an API struct of o, as an object of o's attributes, or null for nil.
func ObjectValue[T any](o *Object, item *T) Value {
	return func(m *msgpack) error {
		if item == nil {
			m.null()
			return nil
		}
		return writeOne(m, o, item)
	}
}

// writeState writes a data source's state: each computed attribute its Value, in the order of the attribute
// names, as terraform-plugin-go orders them; the arguments go back as configured. size is the buffer to start with.
func writeState(config tftypes.Value, size int, computed map[string]Value) ([]byte, error) {
	objType, ok := config.Type().(tftypes.Object)
	var args map[string]tftypes.Value
	if !ok || config.As(&args) != nil {
		return nil, fmt.Errorf("the configuration is not an object: %s", config.Type())
	}
	m := make(msgpack, 0, size)
	names := slices.Sorted(maps.Keys(objType.AttributeTypes))
	m.mapLen(len(names))
	for _, name := range names {
		m.str(name)
		if write, ok := computed[name]; ok {
			if err := write(&m); err != nil {
				return nil, err
			}
			continue
		}
		// An argument goes back as configured, written by terraform-plugin-go.
		v, err := tfprotov6.NewDynamicValue(objType.AttributeTypes[name], args[name])
		if err != nil {
			return nil, err
		}
		m = append(m, v.MsgPack...)
	}
	return m, nil
}

// writeList writes API objects of o as a list of its attributes; an object that cannot be written is named by its
// key.
func writeList[T any](m *msgpack, o *Object, items []*T) error {
	m.arrayLen(len(items))
	for _, item := range items {
		if err := writeOne(m, o, item); err != nil {
			return err
		}
	}
	return nil
}

// writeOne writes an API object of o as an object of its attributes.
func writeOne[T any](m *msgpack, o *Object, item *T) error {
	v := reflect.ValueOf(item).Elem()
	if err := m.object(o, v); err != nil {
		return fmt.Errorf("%s %s: %w", o.noun, o.describeKey(v), err)
	}
	return nil
}

// object writes v, an API struct of o, as an object of o's attributes. An error names the attribute.
func (m *msgpack) object(o *Object, v reflect.Value) error {
	m.mapLen(len(o.attrs))
	for _, f := range o.attrs {
		m.str(f.attr)
		if err := m.field(f, v); err != nil {
			return err
		}
	}
	return nil
}

// field writes the attribute of f in v, an API struct of its object. An error names the attribute.
func (m *msgpack) field(f *Field, v reflect.Value) error {
	switch f.kind {
	case integer:
		m.optInt(f.int(v))
	case apiTime:
		if err := m.apiTime(f.str(v)); err != nil {
			return fmt.Errorf("%s: %w", f.attr, err)
		}
	case onOff:
		b, err := parseOnOff(f.str(v))
		if err != nil {
			return fmt.Errorf("%s: %w", f.attr, err)
		}
		m.optBool(b)
	case clockRange:
		r, err := parseClockRange(f.str(v))
		if err != nil {
			return fmt.Errorf("%s: %w", f.attr, err)
		}
		m.clockRange(r)
	case textList:
		list := f.of(v).Interface().([]*string) //nolint:forcetypeassert // checked by Describe
		m.arrayLen(len(list) - countNil(list))
		for _, s := range list {
			if s != nil {
				m.str(*s)
			}
		}
	case integerList:
		list := f.of(v).Interface().([]*int64) //nolint:forcetypeassert // checked by Describe
		m.arrayLen(len(list) - countNil(list))
		for _, n := range list {
			if n != nil {
				m.int(*n)
			}
		}
	case group:
		if err := m.object(f.object, v); err != nil {
			return fmt.Errorf("%s %w", f.attr, err)
		}
	case object:
		p := f.of(v)
		if p.IsNil() {
			m.null()
			return nil
		}
		if err := m.object(f.object, p.Elem()); err != nil {
			return fmt.Errorf("%s %w", f.attr, err)
		}
	case code:
		if n := f.int(v); n == nil {
			m.null()
		} else {
			m.str(f.name(*n))
		}
	case keyValues:
		m.keyValues(f, f.of(v))
	case nestedList:
		list := f.of(v)
		m.arrayLen(f.count(v))
		for i := range list.Len() {
			if e := list.Index(i); !e.IsNil() {
				if err := m.object(f.object, e.Elem()); err != nil {
					return fmt.Errorf("%s %w", f.attr, err)
				}
			}
		}
	default:
		m.optString(f.str(v))
	}
	return nil
}

// keyValues writes a list of key/value structs as a map: elements without a key are left out, a key given twice
// keeps its first value, and a null value is written as "".
func (m *msgpack) keyValues(f *Field, list reflect.Value) {
	type pair struct{ k, v string }
	pairs := make([]pair, 0, list.Len())
	for i := range list.Len() {
		e := list.Index(i)
		if e.IsNil() {
			continue
		}
		k := e.Elem().FieldByIndex(f.keyIndex).Interface().(*string) //nolint:forcetypeassert // checked by compileKeyValues
		if k == nil || slices.ContainsFunc(pairs, func(p pair) bool { return p.k == *k }) {
			continue
		}
		p := pair{k: *k}
		if val := e.Elem().FieldByIndex(f.valueIndex).Interface().(*string); val != nil { //nolint:forcetypeassert // checked by compileKeyValues
			p.v = *val
		}
		pairs = append(pairs, p)
	}
	// In the order of the keys, as terraform-plugin-go writes a map.
	slices.SortFunc(pairs, func(a, b pair) int { return strings.Compare(a.k, b.k) })
	m.mapLen(len(pairs))
	for _, p := range pairs {
		m.str(p.k)
		m.str(p.v)
	}
}

// countNil counts the null elements of a list of API values.
func countNil[E any](list []*E) int {
	n := 0
	for _, e := range list {
		if e == nil {
			n++
		}
	}
	return n
}

// writeLinksByKey writes the links of API objects of o as a map keyed by their key, in the order of items. Objects
// without a key cannot be keyed and get no entry (see countUnkeyed); a key seen twice keeps its first entry (the
// listing has removed duplicates already).
func writeLinksByKey[T any](m *msgpack, o *Object, items []*T) {
	values := make([]reflect.Value, 0, len(items))
	for _, item := range items {
		values = append(values, reflect.ValueOf(item).Elem())
	}
	values = o.firstOfEachKey(values)
	m.mapLen(len(values))
	for _, v := range values {
		m.key(o.mustKey(v))
		m.links(o, v)
	}
}

// links writes the links of v, an API struct of o, as an object: each link (empty ones, as a failed task has,
// are null), and for each list of objects with links the map of their links by key.
func (m *msgpack) links(o *Object, v reflect.Value) {
	m.mapLen(len(o.links))
	for _, f := range o.links {
		m.str(f.linksName())
		if f.kind == link {
			m.optString(nonEmpty(f.str(v)))
			continue
		}
		list := f.of(v)
		var buf [8]reflect.Value
		elements := buf[:0]
		for i := range list.Len() {
			if e := list.Index(i); !e.IsNil() {
				elements = append(elements, e.Elem())
			}
		}
		elements = f.object.firstOfEachKey(elements)
		only := f.object.links[0]
		m.mapLen(len(elements))
		for _, e := range elements {
			m.key(f.object.mustKey(e))
			m.optString(nonEmpty(only.str(e)))
		}
	}
}

// key writes a key as a map key, a string.
func (m *msgpack) key(k objectKey) {
	if k.isText {
		m.str(k.s)
		return
	}
	m.intKey(k.n) // without the string String makes
}

// nonEmpty treats an empty string as absent.
func nonEmpty(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}
