package engine

import (
	"encoding/binary"
	"math"
	"strconv"
	"time"
)

// msgpack appends MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md) in the subset and the form
// Terraform's wire format uses for values: nil for null, the shortest encoding of each integer, string and length.
// This is the form terraform-plugin-go writes and Terraform's decoder reads; a test checks every value written
// here by decoding it with terraform-plugin-go against the schema's type.
type msgpack []byte

func (m *msgpack) null() { *m = append(*m, 0xc0) }

func (m *msgpack) str(s string) {
	m.strHeader(len(s))
	*m = append(*m, s...)
}

func (m *msgpack) strBytes(b []byte) {
	m.strHeader(len(b))
	*m = append(*m, b...)
}

func (m *msgpack) strHeader(n int) {
	switch {
	case n < 32:
		*m = append(*m, 0xa0|byte(n))
	case n <= math.MaxUint8:
		*m = append(*m, 0xd9, byte(n))
	case n <= math.MaxUint16:
		*m = binary.BigEndian.AppendUint16(append(*m, 0xda), uint16(n))
	default:
		*m = binary.BigEndian.AppendUint32(append(*m, 0xdb), uint32(n)) //nolint:gosec // strings come from API answers, far below 4 GiB
	}
}

func (m *msgpack) int(n int64) {
	switch {
	case n >= 0 && n <= math.MaxInt8:
		*m = append(*m, byte(n))
	case n > 0 && n <= math.MaxUint8:
		*m = append(*m, 0xcc, byte(n))
	case n > 0 && n <= math.MaxUint16:
		*m = binary.BigEndian.AppendUint16(append(*m, 0xcd), uint16(n))
	case n > 0 && n <= math.MaxUint32:
		*m = binary.BigEndian.AppendUint32(append(*m, 0xce), uint32(n))
	case n > 0:
		*m = binary.BigEndian.AppendUint64(append(*m, 0xcf), uint64(n))
	case n >= -32:
		*m = append(*m, byte(n))
	case n >= math.MinInt8:
		*m = append(*m, 0xd0, byte(n))
	case n >= math.MinInt16:
		*m = binary.BigEndian.AppendUint16(append(*m, 0xd1), uint16(n))
	case n >= math.MinInt32:
		*m = binary.BigEndian.AppendUint32(append(*m, 0xd2), uint32(n))
	default:
		*m = binary.BigEndian.AppendUint64(append(*m, 0xd3), uint64(n))
	}
}

// arrayLen starts a list of n elements.
func (m *msgpack) arrayLen(n int) { m.length(n, 0x90, 0xdc, 0xdd) }

// mapLen starts a map or an object of n entries; each is a key (a string) and its value.
func (m *msgpack) mapLen(n int) { m.length(n, 0x80, 0xde, 0xdf) }

func (m *msgpack) length(n int, fix, len16, len32 byte) {
	switch {
	case n < 16:
		*m = append(*m, fix|byte(n))
	case n <= math.MaxUint16:
		*m = binary.BigEndian.AppendUint16(append(*m, len16), uint16(n))
	default:
		*m = binary.BigEndian.AppendUint32(append(*m, len32), uint32(n)) //nolint:gosec // lists of API objects, far below 4 billion
	}
}

func (m *msgpack) optString(s *string) {
	if s == nil {
		m.null()
		return
	}
	m.str(*s)
}

func (m *msgpack) optBool(b *bool) {
	switch {
	case b == nil:
		m.null()
	case *b:
		*m = append(*m, 0xc3)
	default:
		*m = append(*m, 0xc2)
	}
}

// clockRange writes a daily time range as an object of its start and end, or null.
func (m *msgpack) clockRange(r *ClockRange) {
	if r == nil {
		m.null()
		return
	}
	m.mapLen(2)
	m.str("end")
	m.str(r.End)
	m.str("start")
	m.str(r.Start)
}

func (m *msgpack) optInt(n *int64) {
	if n == nil {
		m.null()
		return
	}
	m.int(*n)
}

// intKey writes an integer as a string map key, without an intermediate string.
func (m *msgpack) intKey(n int64) {
	var digits [20]byte
	m.strBytes(strconv.AppendInt(digits[:0], n, 10))
}

// time writes a time as RFC 3339 in the API's zone, as every API time is shown.
func (m *msgpack) time(t time.Time) {
	var buf [len(time.RFC3339) + 6]byte
	m.strBytes(t.In(apiZone).AppendFormat(buf[:0], time.RFC3339))
}

// apiTime writes an API time (in the API's zone, without one) as RFC 3339 with its offset, or null when the API
// gives none or a zero time.
func (m *msgpack) apiTime(s *string) error {
	t, err := ParseAPITime(s)
	if err != nil {
		return err
	}
	if t == nil {
		m.null()
		return nil
	}
	m.time(*t)
	return nil
}
