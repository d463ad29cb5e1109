package engine

import (
	"cmp"
	"reflect"
	"slices"
)

// Order is how a list is ordered, whatever order the API's pages came in, so that it is the same at every plan.
type Order struct {
	newestBy string // the time attribute of NewestFirst
}

// NewestFirst orders items by the time attribute attr, newest first, then by their key, highest first. Items
// without a valid time go last.
func NewestFirst(attr string) Order { return Order{newestBy: attr} }

// field is the time field the order reads; a declaration whose order names another kind of field is a bug.
func (ord Order) field(o *Object) *Field { return o.fieldOfKind(ord.newestBy, apiTime) }

// sortNewestFirst orders items of o by the time field, newest first, then by their key, highest first. Items
// without a valid time go last.
func sortNewestFirst[T any](items []*T, o *Object, timeField *Field) {
	type keyed struct {
		item *T
		at   int64 // Unix seconds; math.MinInt64 when unknown
		key  objectKey
	}
	keys := make([]keyed, len(items))
	for i, item := range items {
		v := reflect.ValueOf(item).Elem()
		k := keyed{item: item, at: -1 << 63, key: objectKey{n: -1 << 63}}
		if t, err := ParseAPITime(timeField.str(v)); err == nil && t != nil {
			k.at = t.Unix()
		}
		if key, ok := o.keyOf(v); ok {
			k.key = key
		}
		keys[i] = k
	}
	slices.SortStableFunc(keys, func(a, b keyed) int {
		if c := cmp.Compare(b.at, a.at); c != 0 {
			return c
		}
		if c := cmp.Compare(b.key.n, a.key.n); c != 0 {
			return c
		}
		return cmp.Compare(b.key.s, a.key.s)
	})
	for i, k := range keys {
		items[i] = k.item
	}
}
