package mock

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTruncateNeverLeavesValidJSON(t *testing.T) {
	var success successResponse
	success.Response.Items = GenerateBackups("cdb-a", "ap-guangzhou", 3, time.Date(2024, 3, 1, 2, 0, 0, 0, beijing))
	success.Response.TotalCount = 3
	var empty successResponse
	empty.Response.Items = []Backup{}
	for _, answer := range []any{success, empty, errorAnswer(newError("InternalError", "x"), "r")} {
		body, err := encodeAnswer(answer)
		if err != nil {
			t.Fatal(err)
		}
		for param := range uint64(2000) {
			cut := truncate(body, param)
			if len(cut) == 0 || len(cut) >= len(body)-1 || json.Valid(cut) {
				t.Fatalf("truncate(%d bytes, %d) kept %d bytes: %q", len(body), param, len(cut), cut)
			}
		}
	}
}
