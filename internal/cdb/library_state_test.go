package cdb

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/tencentcloud"
)

// libraryState writes the same state as writeState the way the plugin libraries would: terraform-plugin-go values
// built from the tables, encoded by terraform-plugin-go. The tests compare the two byte for byte, and the
// benchmarks measure what the provider's own writer saves.
func libraryState(config tftypes.Value, r *readResult) ([]byte, error) {
	objType, ok := config.Type().(tftypes.Object)
	var args map[string]tftypes.Value
	if !ok || config.As(&args) != nil {
		return nil, fmt.Errorf("the configuration is not an object: %s", config.Type())
	}
	values := make(map[string]tftypes.Value, len(objType.AttributeTypes))
	for name, typ := range objType.AttributeTypes {
		var err error
		switch name {
		case "id":
			values[name] = tftypes.NewValue(tftypes.String, r.instanceID)
		case "page_size":
			values[name] = tftypes.NewValue(tftypes.Number, r.pageSize)
		case "total_count":
			values[name] = tftypes.NewValue(tftypes.Number, r.totalCount)
		case "matched_count":
			values[name] = tftypes.NewValue(tftypes.Number, int64(len(r.matched)))
		case "latest_successful":
			values[name] = tftypes.NewValue(typ, nil)
			if b := latestSuccessful(r.matched); b != nil {
				values[name], err = objectValue(backupInfo, typ, reflect.ValueOf(b).Elem(), "")
			}
		case "backups":
			elemType := typ.(tftypes.List).ElementType
			elems := make([]tftypes.Value, len(r.matched))
			for i, b := range r.matched {
				if elems[i], err = objectValue(backupInfo, elemType, reflect.ValueOf(b).Elem(), ""); err != nil {
					break
				}
			}
			values[name] = tftypes.NewValue(typ, elems)
		case "download_urls":
			values[name] = tftypes.NewValue(typ, nil)
			if !r.includeURLs {
				break
			}
			elemType := typ.(tftypes.Map).ElementType
			entries := map[string]tftypes.Value{}
			for _, b := range r.matched {
				v := reflect.ValueOf(b).Elem()
				if k, ok := backupInfo.keyOf(v); ok {
					if _, dup := entries[k.String()]; !dup {
						entries[k.String()] = linksValue(backupInfo, elemType, v)
					}
				}
			}
			values[name] = tftypes.NewValue(typ, entries)
		default:
			values[name] = args[name]
		}
		if err != nil {
			return nil, err
		}
	}
	dv, err := tfprotov6.NewDynamicValue(objType, tftypes.NewValue(objType, values))
	return dv.MsgPack, err
}

// objectValue is v, an API struct of o, as a value of typ.
func objectValue(o *object, typ tftypes.Type, v reflect.Value, prefix string) (tftypes.Value, error) {
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
			t, err := parseAPITime(f.str(v))
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
func linksValue(o *object, typ tftypes.Type, v reflect.Value) tftypes.Value {
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

// TestWriteState_SameAsLibrary: the provider's writer and terraform-plugin-go's values and encoder give the same
// state (compared as decoded values: terraform-plugin-go writes a map's entries in Go's random order), for
// generated backups, for backups with every field and none, and for the matched ones of a filter.
func TestWriteState_SameAsLibrary(t *testing.T) {
	generated := mock.GenerateBackups("cdb-same0001", "ap-guangzhou", 300, time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC))
	raw, err := json.Marshal(generated)
	if err != nil {
		t.Fatal(err)
	}
	var decoded []*tencentcloud.BackupInfo
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	sortNewestFirst(decoded)
	withDuplicateKey := fullBackup()
	withDuplicateKey.InternetURL = ptr("https://second")
	for name, backups := range map[string][]*tencentcloud.BackupInfo{
		"generated":      decoded,
		"full and empty": {fullBackup(), {}, {BackupID: ptr(int64(9)), RemoteInfo: []*tencentcloud.RemoteBackupInfo{nil, {}, {SubBackupID: ptr(int64(1))}}}},
		"duplicate key":  {fullBackup(), withDuplicateKey},
		"none":           {},
	} {
		args := map[string]tftypes.Value{}
		for attr, typ := range stateTFType.AttributeTypes {
			args[attr] = tftypes.NewValue(typ, nil)
		}
		args["instance_id"] = tftypes.NewValue(tftypes.String, "cdb-same0001")
		args["status"] = tftypes.NewValue(tftypes.String, "SUCCESS")
		config := tftypes.NewValue(stateTFType, args)
		for _, includeURLs := range []bool{true, false} {
			r := &readResult{instanceID: "cdb-same0001", pageSize: 100, totalCount: int64(len(backups)), matched: backups, includeURLs: includeURLs}
			ours, err := writeState(config, r)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			theirs, err := libraryState(config, r)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			a, errA := decodeState(ours, stateTFType)
			b, errB := decodeState(theirs, stateTFType)
			if errA != nil || errB != nil {
				t.Fatalf("%s: decoding: %v, %v", name, errA, errB)
			}
			if diffs, err := a.Diff(b); err != nil || len(diffs) > 0 {
				t.Errorf("%s (links %v): the states differ (%v): %v", name, includeURLs, err, diffs)
			}
		}
	}
}
