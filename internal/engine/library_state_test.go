package engine

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// libraryState writes the same state as writeState the way the plugin libraries would: terraform-plugin-go values
// built from the tables, encoded by terraform-plugin-go. The tests compare the two, and the benchmarks measure
// what the engine's own writer saves. A declaration's own attributes (Values) are small: they are written by the
// engine's writer and read back as values here.
func (l *List[T, C]) libraryState(config tftypes.Value, r *Listed[T]) ([]byte, error) {
	objType, ok := config.Type().(tftypes.Object)
	var args map[string]tftypes.Value
	if !ok || config.As(&args) != nil {
		return nil, fmt.Errorf("the configuration is not an object: %s", config.Type())
	}
	o := l.spec.Items
	var own map[string]Value
	if l.spec.Values != nil {
		own = l.spec.Values(r)
	}
	values := make(map[string]tftypes.Value, len(objType.AttributeTypes))
	for name, typ := range objType.AttributeTypes {
		var err error
		switch name {
		case "id":
			values[name] = tftypes.NewValue(tftypes.String, r.Scope)
		case "page_size":
			values[name] = tftypes.NewValue(tftypes.Number, r.PageSize)
		case "total_count":
			values[name] = tftypes.NewValue(tftypes.Number, r.TotalCount)
		case l.spec.ItemsAttr:
			elemType := typ.(tftypes.List).ElementType
			elems := make([]tftypes.Value, len(r.Items))
			for i, item := range r.Items {
				if elems[i], err = objectValue(o, elemType, reflect.ValueOf(item).Elem(), ""); err != nil {
					break
				}
			}
			values[name] = tftypes.NewValue(typ, elems)
		case "download_urls":
			values[name] = tftypes.NewValue(typ, nil)
			if !r.includeLinks {
				break
			}
			elemType := typ.(tftypes.Map).ElementType
			entries := map[string]tftypes.Value{}
			for _, item := range r.Items {
				v := reflect.ValueOf(item).Elem()
				if k, ok := o.keyOf(v); ok {
					if _, dup := entries[k.String()]; !dup {
						entries[k.String()] = linksValue(o, elemType, v)
					}
				}
			}
			values[name] = tftypes.NewValue(typ, entries)
		default:
			values[name] = args[name]
			if write, ok := own[name]; ok {
				var m msgpack
				if err = write(&m); err == nil {
					values[name], err = decodeState(m, typ)
				}
			}
		}
		if err != nil {
			return nil, err
		}
	}
	dv, err := tfprotov6.NewDynamicValue(objType, tftypes.NewValue(objType, values))
	return dv.MsgPack, err
}

// objectValue is v, an API struct of o, as a value of typ.
func objectValue(o *Object, typ tftypes.Type, v reflect.Value, prefix string) (tftypes.Value, error) {
	attrTypes := typ.(tftypes.Object).AttributeTypes
	attrs := make(map[string]tftypes.Value, len(o.attrs))
	for _, f := range o.attrs {
		at := attrTypes[f.attr]
		switch f.kind {
		case integer:
			if n := f.int(v); n != nil {
				attrs[f.attr] = tftypes.NewValue(at, *n)
			} else {
				attrs[f.attr] = tftypes.NewValue(at, nil)
			}
		case apiTime:
			t, err := ParseAPITime(f.str(v))
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s%s: %w", prefix, f.attr, err)
			}
			attrs[f.attr] = tftypes.NewValue(at, nil)
			if t != nil {
				attrs[f.attr] = tftypes.NewValue(at, t.Format(time.RFC3339))
			}
		case nestedList:
			elemType := at.(tftypes.List).ElementType
			elems := []tftypes.Value{}
			err := f.elements(v, func(e reflect.Value) error {
				ev, err := objectValue(f.object, elemType, e, prefix+f.attr+" ")
				elems = append(elems, ev)
				return err
			})
			if err != nil {
				return tftypes.Value{}, err
			}
			attrs[f.attr] = tftypes.NewValue(at, elems)
		default:
			s := f.str(v)
			if s == nil {
				attrs[f.attr] = tftypes.NewValue(at, nil)
			} else {
				attrs[f.attr] = tftypes.NewValue(at, *s)
			}
		}
	}
	return tftypes.NewValue(typ, attrs), nil
}

// linksValue is the links of v, an API struct of o, as a value of typ.
func linksValue(o *Object, typ tftypes.Type, v reflect.Value) tftypes.Value {
	attrTypes := typ.(tftypes.Object).AttributeTypes
	attrs := map[string]tftypes.Value{}
	for _, f := range o.links {
		at := attrTypes[f.linksName()]
		if f.kind == link {
			if s := nonEmpty(f.str(v)); s != nil {
				attrs[f.attr] = tftypes.NewValue(at, *s)
			} else {
				attrs[f.attr] = tftypes.NewValue(at, nil)
			}
			continue
		}
		entries := map[string]tftypes.Value{}
		_ = f.elements(v, func(e reflect.Value) error {
			k, ok := f.object.keyOf(e)
			if _, dup := entries[k.String()]; ok && !dup {
				entries[k.String()] = tftypes.NewValue(tftypes.String, nil)
				if s := nonEmpty(f.object.links[0].str(e)); s != nil {
					entries[k.String()] = tftypes.NewValue(tftypes.String, *s)
				}
			}
			return nil
		})
		attrs[f.linksAttr] = tftypes.NewValue(at, entries)
	}
	return tftypes.NewValue(typ, attrs)
}

// generatedJobs are n jobs with every field, some without a finish time, links or parts, newest first.
func generatedJobs(n int) []*testJob {
	newest := time.Date(2025, 6, 30, 2, 0, 0, 0, apiZone)
	jobs := make([]*testJob, n)
	for i := range jobs {
		at := newest.Add(-time.Duration(i) * 6 * time.Hour)
		j := &testJob{
			ID: ptr(int64(50000 - i)), Name: ptr(fmt.Sprintf("job-%d", i)), Size: ptr(int64(1_000_000 + i*37)),
			Date: ptr(FormatAPITime(at)), Status: ptr([]string{"SUCCESS", "SUCCESS", "FAILED", "RUNNING"}[i%4]),
			Kind: ptr([]string{"full", "partial"}[i%2]), Owner: ptr("owner"),
		}
		if *j.Status != "RUNNING" {
			j.Finished = ptr(FormatAPITime(at.Add(10 * time.Minute)))
		} else {
			j.Finished = ptr("0000-00-00 00:00:00")
		}
		if *j.Status == "SUCCESS" {
			j.URL, j.LocalURL = ptr(fmt.Sprintf("https://out/%d", i)), ptr(fmt.Sprintf("https://in/%d", i))
		}
		if i%3 == 0 {
			j.Parts = []*testPart{{ID: ptr(int64(i)), Region: ptr("r2"), Started: j.Date, URL: ptr(fmt.Sprintf("https://part/%d", i))}, nil}
		}
		jobs[i] = j
	}
	return jobs
}

// TestWriteState_SameAsLibrary: the engine's writer and terraform-plugin-go's values and encoder give the same
// state (compared as decoded values: terraform-plugin-go writes a map's entries in Go's random order), for
// generated jobs, for jobs with every field and none, and for those a filter keeps.
func TestWriteState_SameAsLibrary(t *testing.T) {
	withDuplicateKey := fullJob()
	withDuplicateKey.URL = ptr("https://second")
	for name, jobs := range map[string][]*testJob{
		"generated":      generatedJobs(300),
		"full and empty": {fullJob(), {}, {ID: ptr(int64(9)), Parts: []*testPart{nil, {}, {ID: ptr(int64(1))}}}},
		"duplicate key":  {fullJob(), withDuplicateKey},
		"none":           {},
	} {
		config := listConfig(t, map[string]tftypes.Value{"site_id": str("s1"), "status": str("SUCCESS")})
		for _, includeLinks := range []bool{true, false} {
			r := &Listed[testJob]{Scope: "s1", PageSize: 100, TotalCount: int64(len(jobs)), All: jobs, Items: jobs, includeLinks: includeLinks, filter: &filter{}}
			ours, err := testList.writeState(config, r, nil)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			theirs, err := testList.libraryState(config.Raw, r)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			a, errA := decodeState(ours, listType)
			b, errB := decodeState(theirs, listType)
			if errA != nil || errB != nil {
				t.Fatalf("%s: decoding: %v, %v", name, errA, errB)
			}
			if diffs, err := a.Diff(b); err != nil || len(diffs) > 0 {
				t.Errorf("%s (links %v): the states differ (%v): %v", name, includeLinks, err, diffs)
			}
		}
	}
}
