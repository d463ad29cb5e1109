package engine

import (
	"bytes"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestMsgpack_SameBytesAsPluginGo checks every encoding the writer chooses between, at each boundary, against
// terraform-plugin-go's encoder.
func TestMsgpack_SameBytesAsPluginGo(t *testing.T) {
	for _, n := range []int64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxInt64,
		-1, -32, -33, -128, -129, -32768, -32769, math.MinInt32, math.MinInt32 - 1, math.MinInt64} {
		var m msgpack
		m.int(n)
		if want := pluginGoBytes(t, tftypes.Number, new(big.Float).SetInt64(n)); !bytes.Equal(m, want) {
			t.Errorf("int %d: % x, want % x", n, []byte(m), want)
		}
	}
	for _, n := range []int{0, 1, 31, 32, 255, 256, 65535, 65536} {
		s := strings.Repeat("x", n)
		var m msgpack
		m.str(s)
		if want := pluginGoBytes(t, tftypes.String, s); !bytes.Equal(m, want) {
			t.Errorf("string of %d bytes: header % x, want % x", n, []byte(m[:min(len(m), 5)]), want[:min(len(want), 5)])
		}
	}
	for _, n := range []int{0, 15, 16, 65535, 65536} {
		var m msgpack
		m.arrayLen(n)
		elems := make([]tftypes.Value, n)
		for i := range elems {
			m.null()
			elems[i] = tftypes.NewValue(tftypes.String, nil)
		}
		if want := pluginGoBytes(t, tftypes.List{ElementType: tftypes.String}, elems); !bytes.Equal(m, want) {
			t.Errorf("list of %d: header % x, want % x", n, []byte(m[:min(len(m), 5)]), want[:min(len(want), 5)])
		}
	}
	var m msgpack
	m.null()
	if want := pluginGoBytes(t, tftypes.String, nil); !bytes.Equal(m, want) {
		t.Errorf("null: % x, want % x", []byte(m), want)
	}
}

// TestMsgpack_MapsDecode writes maps of each header size and decodes them: terraform-plugin-go writes map entries
// in Go's random map order, so bytes cannot be compared.
func TestMsgpack_MapsDecode(t *testing.T) {
	typ := tftypes.Map{ElementType: tftypes.Number}
	for _, n := range []int{0, 15, 16, 65536} {
		var m msgpack
		m.mapLen(n)
		want := make(map[string]tftypes.Value, n)
		for i := range n {
			m.intKey(int64(i - 1))
			m.int(int64(i))
			want[strconv.Itoa(i-1)] = tftypes.NewValue(tftypes.Number, int64(i))
		}
		got, err := decodeState(m, typ)
		if err != nil {
			t.Fatalf("map of %d: %v", n, err)
		}
		if !got.Equal(tftypes.NewValue(typ, want)) {
			t.Errorf("map of %d decodes to a different map", n)
		}
	}
}
