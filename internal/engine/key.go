package engine

import (
	"reflect"
	"slices"
	"strconv"
)

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
func (o *Object) keyOf(v reflect.Value) (objectKey, bool) {
	switch {
	case o.key == nil:
		return objectKey{}, false
	case o.key.kind == integer:
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
func (o *Object) mustKey(v reflect.Value) objectKey {
	k, _ := o.keyOf(v)
	return k
}

// DescribeKey names item, a pointer to an API struct of o, by its key in errors and warnings.
func (o *Object) DescribeKey(item any) string { return o.describeKey(valueOf(item)) }

func (o *Object) describeKey(v reflect.Value) string {
	k, ok := o.keyOf(v)
	switch {
	case o.key == nil:
		return ""
	case !ok:
		return "(without " + o.key.api + ")"
	case k.isText:
		return strconv.Quote(k.s)
	default:
		return strconv.FormatInt(k.n, 10)
	}
}

// firstOfEachKey keeps, in order, the values that have a key and come first with it. It filters values in place.
func (o *Object) firstOfEachKey(values []reflect.Value) []reflect.Value {
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

// countUnkeyed counts the objects of o among items that have no key, and so no entry in a map of links.
func countUnkeyed[T any](o *Object, items []*T) int {
	n := 0
	for _, item := range items {
		if _, ok := o.keyOf(reflect.ValueOf(item).Elem()); !ok {
			n++
		}
	}
	return n
}
