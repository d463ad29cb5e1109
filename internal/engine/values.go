package engine

import (
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Framework values of single fields, for an ephemeral resource's result, which the framework writes.

// Value is the framework value of an integer, text, time or link field of item, a pointer to an API struct of the
// field's object. An empty link is null, as in download_urls.
func (f *Field) Value(item any) (attr.Value, error) {
	v := valueOf(item)
	switch f.kind {
	case integer:
		return types.Int64PointerValue(f.int(v)), nil
	case apiTime:
		t, err := ParseAPITime(f.str(v))
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

// LinkMap is the map of links of a list field's elements in item (keyed by their key, the first of each key, as
// download_urls holds them), as a framework value.
func (f *Field) LinkMap(item any) types.Map {
	var elements []reflect.Value
	_ = f.elements(valueOf(item), func(e reflect.Value) error { elements = append(elements, e); return nil })
	only := f.object.links[0]
	urls := map[string]attr.Value{}
	for _, e := range f.object.firstOfEachKey(elements) {
		urls[f.object.mustKey(e).String()] = types.StringPointerValue(nonEmpty(only.str(e)))
	}
	return types.MapValueMust(types.StringType, urls)
}
