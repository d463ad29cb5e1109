package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// ReadFixtures reads a fixtures file: {"instances": [{"region", "instance_id", "backups": [...]}]},
// backups in the API's own JSON shape. Unknown fields are refused so that a misspelt field name
// does not silently become an empty value; so are instances without a region or ID, and one
// instance listed twice.
func ReadFixtures(path string) (*Fixtures, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mock: reading fixtures: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f Fixtures
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("mock: fixtures %s: %w", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("mock: fixtures %s: unexpected data after the JSON document", path)
	}
	seen := map[[2]string]bool{}
	for i, inst := range f.Instances {
		if inst.Region == "" || inst.InstanceID == "" {
			return nil, fmt.Errorf("mock: fixtures %s: instances[%d] needs both region and instance_id", path, i)
		}
		key := [2]string{inst.Region, inst.InstanceID}
		if seen[key] {
			return nil, fmt.Errorf("mock: fixtures %s: instance %s in %s is listed twice", path, inst.InstanceID, inst.Region)
		}
		seen[key] = true
	}
	return &f, nil
}
