package cdb

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// The state is written straight from the API's structs into the MessagePack Terraform reads (msgpack.go), led by
// the objects' tables, without building Terraform values first. terraform-plugin-go's values and encoder give the
// same bytes (a test compares them) at about four times the provider's CPU time and memory for 10,000 backups,
// which makes a whole plan measurably slower (BenchmarkReadDataSource; the figures are in the README). The
// attributes of an object are written in the order of their sorted names, as terraform-plugin-go writes them.

// readResult is what a read found, before it is written as state.
type readResult struct {
	instanceID           string
	pageSize, totalCount int64
	matched              []*tencentcloud.BackupInfo
	// includeURLs writes the download links (include_download_urls); without it download_urls is null.
	includeURLs bool
}

// writeState writes the state of tencentcloud_cdb_backups: the arguments as configured, and the computed
// attributes from what was read.
func writeState(config tftypes.Value, r *readResult) ([]byte, error) {
	// About 1.2 KB per backup in the list and in download_urls, so the buffer rarely grows.
	return writeStateWith(config, 4096+1200*len(r.matched), map[string]func(m *msgpack) error{
		"id":            func(m *msgpack) error { m.str(r.instanceID); return nil },
		"page_size":     func(m *msgpack) error { m.int(r.pageSize); return nil },
		"total_count":   func(m *msgpack) error { m.int(r.totalCount); return nil },
		"matched_count": func(m *msgpack) error { m.int(int64(len(r.matched))); return nil },
		"latest_successful": func(m *msgpack) error {
			if b := latestSuccessful(r.matched); b != nil {
				return writeOne(m, backupInfo, b)
			}
			m.null()
			return nil
		},
		"backups": func(m *msgpack) error { return writeList(m, backupInfo, r.matched) },
		"download_urls": func(m *msgpack) error {
			if r.includeURLs {
				writeLinksByKey(m, backupInfo, r.matched)
			} else {
				m.null()
			}
			return nil
		},
	})
}

// writeStateWith writes a data source's state: each attribute computed writes, in the order of the attribute
// names, as terraform-plugin-go orders them; the arguments go back as configured. size is the buffer to start with.
func writeStateWith(config tftypes.Value, size int, computed map[string]func(m *msgpack) error) ([]byte, error) {
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
func writeList[T any](m *msgpack, o *object, items []*T) error {
	m.arrayLen(len(items))
	for _, item := range items {
		if err := writeOne(m, o, item); err != nil {
			return err
		}
	}
	return nil
}

// writeOne writes an API object of o as an object of its attributes.
func writeOne[T any](m *msgpack, o *object, item *T) error {
	v := reflect.ValueOf(item).Elem()
	if err := m.object(o, v); err != nil {
		return fmt.Errorf("%s %s: %w", o.noun, o.describeKey(v), err)
	}
	return nil
}

// object writes v, an API struct of o, as an object of o's attributes. An error names the attribute.
func (m *msgpack) object(o *object, v reflect.Value) error {
	m.mapLen(len(o.attrs))
	for _, f := range o.attrs {
		m.str(f.attr)
		switch f.kind {
		case integer:
			m.optInt(f.int(v))
		case apiTime:
			if err := m.apiTime(f.str(v)); err != nil {
				return fmt.Errorf("%s: %w", f.attr, err)
			}
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
	}
	return nil
}

// writeLinksByKey writes the links of API objects of o as a map keyed by their key, in the order of items. Objects
// without a key cannot be keyed and get no entry (see countUnkeyed); a key seen twice keeps its first entry (the
// listing has removed duplicates already).
func writeLinksByKey[T any](m *msgpack, o *object, items []*T) {
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

// links writes the links of v, an API struct of o, as an object: each link (empty ones, as a failed backup has,
// are null), and for each list of objects with links the map of their links by key.
func (m *msgpack) links(o *object, v reflect.Value) {
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

// firstOfEachKey keeps, in order, the values that have a key and come first with it. It filters values in place.
func (o *object) firstOfEachKey(values []reflect.Value) []reflect.Value {
	kept := values[:0]
	var seen map[objectKey]bool
	if len(values) > 16 {
		seen = make(map[objectKey]bool, len(values))
	}
	for _, v := range values {
		k, ok := o.keyOf(v)
		if !ok {
			continue
		}
		if seen != nil {
			if seen[k] {
				continue
			}
			seen[k] = true
		} else if slices.ContainsFunc(kept, func(w reflect.Value) bool { return o.mustKey(w) == k }) {
			continue
		}
		kept = append(kept, v)
	}
	return kept
}

// objectKey is the key of an API object: an integer or a text.
type objectKey struct {
	n      int64
	s      string
	isText bool
}

// String is the key as a map key.
func (k objectKey) String() string {
	if k.isText {
		return k.s
	}
	return strconv.FormatInt(k.n, 10)
}

// keyOf is the key of v, an API struct of o, if it has one.
func (o *object) keyOf(v reflect.Value) (objectKey, bool) {
	if o.key.kind == integer {
		n := o.key.int(v)
		if n == nil {
			return objectKey{}, false
		}
		return objectKey{n: *n}, true
	}
	s := o.key.str(v)
	if s == nil {
		return objectKey{}, false
	}
	return objectKey{s: *s, isText: true}, true
}

// mustKey is the key of v, an API struct of o that has one.
func (o *object) mustKey(v reflect.Value) objectKey {
	k, _ := o.keyOf(v)
	return k
}

// describeKey names v, an API struct of o, by its key in errors and warnings.
func (o *object) describeKey(v reflect.Value) string {
	k, ok := o.keyOf(v)
	switch {
	case !ok:
		return "(without " + o.key.api + ")"
	case k.isText:
		return strconv.Quote(k.s)
	default:
		return strconv.FormatInt(k.n, 10)
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

// countUnkeyed counts the objects of o among items that have no key, and so no entry in a map of links.
func countUnkeyed[T any](o *object, items []*T) int {
	n := 0
	for _, item := range items {
		if _, ok := o.keyOf(reflect.ValueOf(item).Elem()); !ok {
			n++
		}
	}
	return n
}

// nonEmpty treats an empty string as absent.
func nonEmpty(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}
