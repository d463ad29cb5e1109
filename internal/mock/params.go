package mock

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// describeBackupsParams are DescribeBackups' validated parameters, defaults applied.
type describeBackupsParams struct {
	InstanceID string
	Offset     int64
	Limit      int64
}

// parseParams validates a DescribeBackups body as the API does: a JSON object of known parameters
// only, InstanceId a string, Offset an integer >= 0, Limit an integer in 1..maxLimit.
func parseParams(body []byte, maxLimit int64) (describeBackupsParams, *apiError) {
	var p describeBackupsParams
	fields, aerr := actionFields(body, actionDescribeBackups, "InstanceId", "Offset", "Limit")
	if aerr != nil {
		return p, aerr
	}
	if p.InstanceID, aerr = requiredString(fields, "InstanceId"); aerr != nil {
		return p, aerr
	}
	if p.Offset, aerr = pageOffset(fields); aerr != nil {
		return p, aerr
	}
	if p.Limit, aerr = pageLimit(fields, maxLimit); aerr != nil {
		return p, aerr
	}
	return p, nil
}

// pageOffset reads the Offset of a paged action (DescribeBackups, DescribeBinlogs): absent or
// null, 0; else an integer >= 0.
func pageOffset(fields map[string]json.RawMessage) (int64, *apiError) {
	offset, _, aerr := optionalInteger(fields, "Offset")
	if aerr != nil {
		return 0, aerr
	}
	if offset < 0 {
		return 0, newError(codeInvalidParameterValue,
			"The value of parameter `Offset` (%d) is not valid: the minimum value is 0.", offset)
	}
	return offset, nil
}

// pageLimit reads the Limit of a paged action (DescribeBackups, DescribeBinlogs: the API documents
// the same bounds for both): absent or null, defaultLimit; else an integer in 1..maxLimit. A
// Limit above maxLimit is refused as any invalid value is, and marked so that Stats counts it.
func pageLimit(fields map[string]json.RawMessage, maxLimit int64) (int64, *apiError) {
	limit, hasLimit, aerr := optionalInteger(fields, "Limit")
	switch {
	case aerr != nil:
		return 0, aerr
	case !hasLimit:
		return defaultLimit, nil
	case limit < 1 || limit > maxLimit:
		aerr = newError(codeInvalidParameterValue,
			"The value of parameter `Limit` (%d) is not valid: it must be between 1 and %d.", limit, maxLimit)
		aerr.limitTooLarge = limit > maxLimit
		return 0, aerr
	}
	return limit, nil
}

// actionFields decodes a call's body as the API does before it reads a parameter: one JSON object
// of the action's known parameters only, whose names are case-sensitive.
func actionFields(body []byte, action string, known ...string) (map[string]json.RawMessage, *apiError) {
	fields, ok := decodeObject(body)
	if !ok {
		return nil, newError(codeInvalidParameter, "The request body is not a valid JSON object of %s parameters.", action)
	}
	var unknown []string
	for name := range fields {
		if !slices.Contains(known, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		takes := "no parameters"
		if len(known) > 0 {
			takes = joinNames(known)
		}
		return nil, newError(codeUnknownParameter,
			"The parameter `%s` is not recognized: %s takes %s here (names are case-sensitive).", unknown[0], action, takes)
	}
	return fields, nil
}

// joinNames lists names for a message: "A", "A and B", "A, B and C".
func joinNames(names []string) string {
	n := len(names)
	if n < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:n-1], ", ") + " and " + names[n-1]
}

// requiredString reads a parameter that must be a JSON string; absent or null, it is missing.
func requiredString(fields map[string]json.RawMessage, name string) (string, *apiError) {
	v, present, aerr := optionalString(fields, name)
	if aerr == nil && !present {
		aerr = newError(codeMissingParameter, "The request is missing a required parameter `%s`.", name)
	}
	return v, aerr
}

// optionalString reads a parameter that, when present and not null, must be a JSON string.
func optionalString(fields map[string]json.RawMessage, name string) (v string, present bool, aerr *apiError) {
	raw, ok := fields[name]
	if !ok || isNull(raw) {
		return "", false, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", true, wrongType(name, "a String", raw)
	}
	return v, true, nil
}

// requiredInteger reads a parameter that must be a JSON integer; absent or null, it is missing.
func requiredInteger(fields map[string]json.RawMessage, name string) (int64, *apiError) {
	v, present, aerr := optionalInteger(fields, name)
	if aerr == nil && !present {
		aerr = newError(codeMissingParameter, "The request is missing a required parameter `%s`.", name)
	}
	return v, aerr
}

// optionalInteger reads a parameter that, when present and not null, must be a JSON integer.
func optionalInteger(fields map[string]json.RawMessage, name string) (v int64, present bool, aerr *apiError) {
	raw, ok := fields[name]
	if !ok || isNull(raw) {
		return 0, false, nil
	}
	v, ok = integer(raw)
	if !ok {
		return 0, true, wrongType(name, "an Integer", raw)
	}
	return v, true, nil
}

// optionalBool reads a parameter that, when present and not null, must be a JSON boolean.
func optionalBool(fields map[string]json.RawMessage, name string) (v, present bool, aerr *apiError) {
	raw, ok := fields[name]
	if !ok || isNull(raw) {
		return false, false, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return false, true, wrongType(name, "a Boolean", raw)
	}
	return v, true, nil
}

// optionalTime reads a parameter that, when present, not null and not empty, must be a string in
// the API's time format, Beijing time; the zero time means absent. An empty string is taken as
// absent, as the SDKs' zero value.
func optionalTime(fields map[string]json.RawMessage, name string) (time.Time, *apiError) {
	text, _, aerr := optionalString(fields, name)
	if aerr != nil || text == "" {
		return time.Time{}, aerr
	}
	t, ok := parseAPITime(text)
	if !ok {
		return time.Time{}, newError(codeInvalidParameterValue,
			"The value of parameter `%s` (`%s`) is not valid: it must be a time such as `2025-06-30 02:00:00` (Beijing time).",
			name, text)
	}
	return t, nil
}

// wrongType is the API's answer to a parameter of the wrong JSON type, naming the value sent.
func wrongType(name, want string, raw json.RawMessage) *apiError {
	value := string(bytes.TrimSpace(raw))
	if len(value) > 64 {
		value = value[:64] + "..."
	}
	return newError(codeInvalidParameter, "The value type of parameter `%s` is not valid: it must be %s, not `%s`.", name, want, value)
}

// peekParams records in call what it can read of a body, without validating it.
func peekParams(body []byte, call *Call) {
	fields, ok := decodeObject(body)
	if !ok {
		return
	}
	if raw, ok := fields["InstanceId"]; ok {
		_ = json.Unmarshal(raw, &call.InstanceID)
	}
	if raw, ok := fields["InstanceIds"]; ok {
		var ids []*string
		if json.Unmarshal(raw, &ids) == nil && ids != nil && !slices.Contains(ids, nil) {
			call.InstanceIDs = make([]string, len(ids))
			for i, id := range ids {
				call.InstanceIDs[i] = *id
			}
		}
	}
	if raw, ok := fields["Tags"]; ok {
		var tags []*TagFilter
		if json.Unmarshal(raw, &tags) == nil && tags != nil && !slices.Contains(tags, nil) {
			call.Tags = make([]TagFilter, len(tags))
			for i, t := range tags {
				call.Tags[i] = *t
			}
		}
	}
	for name, into := range map[string]*string{"IsRemoteZone": &call.IsRemoteZone, "BackupRegion": &call.BackupRegion,
		"OrderBy": &call.OrderBy, "OrderDirection": &call.OrderDirection, "Product": &call.Product} {
		if raw, ok := fields[name]; ok {
			_ = json.Unmarshal(raw, into)
		}
	}
	for name, into := range map[string]**int64{"Offset": &call.Offset, "Limit": &call.Limit, "BackupId": &call.BackupID} {
		if raw, ok := fields[name]; ok {
			if v, ok := integer(raw); ok {
				*into = &v
			}
		}
	}
}

// decodeObject decodes a body that must be exactly one JSON object.
func decodeObject(body []byte) (map[string]json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var fields map[string]json.RawMessage
	if err := dec.Decode(&fields); err != nil || fields == nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false // trailing data after the object
	}
	return fields, true
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

// integer reads a JSON number written as an integer (no fraction, no exponent, no quotes).
func integer(raw json.RawMessage) (int64, bool) {
	text := string(bytes.TrimSpace(raw))
	if text == "" || (text[0] != '-' && (text[0] < '0' || text[0] > '9')) {
		return 0, false
	}
	v, err := strconv.ParseInt(text, 10, 64)
	return v, err == nil
}
