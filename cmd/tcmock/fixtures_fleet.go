package main

import (
	"fmt"
	"reflect"
	"time"

	"github.com/tencentcloud-community/terraform-provider-tencentcloud/internal/mock"
)

// This file lets a fixtures file go with a generated fleet (-fleet with -fixtures: the file's
// instances are added after the fleet's) and keep its ages whenever it is served
// (-fixtures-as-of: its times move with the clock, as the fleet's do).

// apiTimeLayout is the API's time format, Beijing time without a zone.
const apiTimeLayout = "2006-01-02 15:04:05"

// fleetFixtureFlags are the generation flags that shape a -fleet, and so may go with -fixtures
// when -fleet is given: they apply to the fleet only, never to the file's instances.
var fleetFixtureFlags = map[string]bool{
	"-fleet": true, "-backups": true, "-seed": true, "-newest": true, "-binlog-gaps": true, "-binlog-failed": true,
	"-backup-config": true, "-remote-backup-config": true, "-local-binlog-config": true, "-backup-encryption": true,
}

// fixturesExcluded returns the generation flags given that cannot go with -fixtures: with -fleet,
// those that do not shape the fleet (-instances, -statuses, -download-restriction: a fixtures
// file sets the regions' own); -newest also goes with -fixtures-as-of, which moves the file's
// times to it.
func fixturesExcluded(cfg config) []string {
	var excluded []string
	for _, name := range cfg.generation {
		switch {
		case cfg.fleet > 0 && fleetFixtureFlags[name]:
		case !cfg.fixturesAsOf.IsZero() && name == "-newest":
		default:
			excluded = append(excluded, name)
		}
	}
	return excluded
}

// shiftFixtureTimes moves every time of f's instances by d: each string field in the API's time
// format ("2025-06-30 02:00:00") of their backups and cross-region copies, binlogs, rollback
// ranges, inventories and backup settings. The zero time the API answers for what has not
// happened ("0000-00-00 00:00:00") and every other string stay as they are, backup and binlog
// names too. The regions' download restrictions hold no time.
func shiftFixtureTimes(f *mock.Fixtures, d time.Duration) {
	if d == 0 {
		return
	}
	for i := range f.Instances {
		shiftTimes(reflect.ValueOf(&f.Instances[i]).Elem(), d)
	}
}

// shiftTimes moves the times of v, which is settable, by d, through structs, pointers, slices
// and arrays. Map values are not settable, and the fixtures keep no times in maps.
func shiftTimes(v reflect.Value, d time.Duration) {
	switch v.Kind() {
	case reflect.String:
		t, err := time.ParseInLocation(apiTimeLayout, v.String(), beijing)
		if err == nil && v.CanSet() {
			v.SetString(t.Add(d).Format(apiTimeLayout))
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			shiftTimes(v.Elem(), d)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				shiftTimes(v.Field(i), d)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			shiftTimes(v.Index(i), d)
		}
	default:
	}
}

// loadFixtures reads the fixtures file, moves its times by -fixtures-as-of, and, with -fleet,
// adds its instances after the fleet's, refusing an instance both have.
func loadFixtures(cfg config, fleet []mock.FixtureInstance) (*mock.Fixtures, error) {
	f, err := mock.ReadFixtures(cfg.fixtures)
	if err != nil {
		return nil, err
	}
	if !cfg.fixturesAsOf.IsZero() {
		shiftFixtureTimes(f, cfg.newest.Sub(cfg.fixturesAsOf))
	}
	if len(fleet) == 0 {
		return f, nil
	}
	seen := make(map[[2]string]bool, len(fleet))
	for _, inst := range fleet {
		seen[[2]string{inst.Region, inst.InstanceID}] = true
	}
	for _, inst := range f.Instances {
		if seen[[2]string{inst.Region, inst.InstanceID}] {
			return nil, fmt.Errorf("fixtures %s: instance %s in %s is also one of the -fleet's: choose another ID or -seed",
				cfg.fixtures, inst.InstanceID, inst.Region)
		}
	}
	f.Instances = append(fleet, f.Instances...)
	return f, nil
}
