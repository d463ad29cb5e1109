package mock

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"
)

// describeBackupsParams are DescribeBackups' validated parameters, defaults applied.
type describeBackupsParams struct {
	InstanceID string
	Offset     int64
	Limit      int64
}

// parseParams validates a DescribeBackups body as the API does: a JSON object of known parameters
// only, InstanceId a string, Offset an integer >= 0, Limit an integer in 1..100.
func parseParams(body []byte) (describeBackupsParams, *apiError) {
	p := describeBackupsParams{Limit: defaultLimit}
	fields, ok := decodeObject(body)
	if !ok {
		return p, newError(codeInvalidParameter,
			"The request body is not a valid JSON object of DescribeBackups parameters.")
	}

	var unknown []string
	for name := range fields {
		switch name {
		case "InstanceId", "Offset", "Limit":
		default:
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return p, newError(codeUnknownParameter,
			"The parameter `%s` is not recognized: DescribeBackups takes InstanceId, Offset and Limit (names are case-sensitive).",
			unknown[0])
	}

	raw, present := fields["InstanceId"]
	if !present || isNull(raw) {
		return p, newError(codeMissingParameter, "The request is missing a required parameter `InstanceId`.")
	}
	if err := json.Unmarshal(raw, &p.InstanceID); err != nil {
		return p, newError(codeInvalidParameter, "The value type of parameter `InstanceId` is not valid: it must be a String.")
	}

	if raw, present := fields["Offset"]; present && !isNull(raw) {
		v, ok := integer(raw)
		if !ok {
			return p, newError(codeInvalidParameter, "The value type of parameter `Offset` is not valid: it must be an Integer.")
		}
		if v < 0 {
			return p, newError(codeInvalidParameterValue,
				"The value of parameter `Offset` (%d) is not valid: the minimum value is 0.", v)
		}
		p.Offset = v
	}

	if raw, present := fields["Limit"]; present && !isNull(raw) {
		v, ok := integer(raw)
		if !ok {
			return p, newError(codeInvalidParameter, "The value type of parameter `Limit` is not valid: it must be an Integer.")
		}
		if v < 1 || v > maxLimit {
			return p, newError(codeInvalidParameterValue,
				"The value of parameter `Limit` (%d) is not valid: it must be between 1 and %d.", v, maxLimit)
		}
		p.Limit = v
	}
	return p, nil
}

// peekParams reads what it can of a body, without validating, for the call record.
func peekParams(body []byte) (instanceID string, offset, limit *int64) {
	fields, ok := decodeObject(body)
	if !ok {
		return "", nil, nil
	}
	if raw, ok := fields["InstanceId"]; ok {
		_ = json.Unmarshal(raw, &instanceID)
	}
	if raw, ok := fields["Offset"]; ok {
		if v, ok := integer(raw); ok {
			offset = &v
		}
	}
	if raw, ok := fields["Limit"]; ok {
		if v, ok := integer(raw); ok {
			limit = &v
		}
	}
	return instanceID, offset, limit
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
