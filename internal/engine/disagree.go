package engine

import (
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// Claim is a span one side says and the other does not: By names the side that says it.
type Claim struct {
	Span
	By string
}

// Disagreements are the spans that one of two lists of spans covers and the other does not, oldest first, each
// longer than tolerance: a names the spans of the first list (e.g. "api"), b of the second. Both lists are first
// clipped to [from, to] where those are not zero. A span's ends are included, as Chain's are, and a span's length
// is its finish less its start.
func Disagreements(a, b []Span, aName, bName string, tolerance time.Duration, from, to time.Time) []Claim {
	a, b = Clip(a, from, to), Clip(b, from, to)
	out := []Claim{}
	for _, s := range subtract(a, b) {
		out = append(out, Claim{s, aName})
	}
	for _, s := range subtract(b, a) {
		out = append(out, Claim{s, bName})
	}
	out = slices.DeleteFunc(out, func(c Claim) bool { return c.Finish.Sub(c.Start) <= tolerance })
	slices.SortFunc(out, func(x, y Claim) int { return x.Start.Compare(y.Start) })
	return out
}

// Clip is spans within [from, to] (a zero bound is open), dropping those outside.
func Clip(spans []Span, from, to time.Time) []Span {
	out := make([]Span, 0, len(spans))
	for _, s := range spans {
		if !from.IsZero() && s.Start.Before(from) {
			s.Start = from
		}
		if !to.IsZero() && s.Finish.After(to) {
			s.Finish = to
		}
		if !s.Finish.Before(s.Start) {
			out = append(out, s)
		}
	}
	return out
}

// subtract is the parts of the spans a that no span of b covers.
func subtract(a, b []Span) []Span {
	b, _ = Chain(b, 0)
	var out []Span
	for _, s := range a {
		rest := []Span{s}
		for _, c := range b {
			var next []Span
			for _, r := range rest {
				if c.Finish.Before(r.Start) || c.Start.After(r.Finish) {
					next = append(next, r)
					continue
				}
				if c.Start.After(r.Start) {
					next = append(next, Span{r.Start, c.Start})
				}
				if c.Finish.Before(r.Finish) {
					next = append(next, Span{c.Finish, r.Finish})
				}
			}
			rest = next
		}
		out = append(out, rest...)
	}
	return out
}

// Claims is a list of claims, each {start, finish, claimed_by} (ClaimList declares it).
func Claims(cs []Claim) Value {
	return func(m *msgpack) error {
		m.arrayLen(len(cs))
		for _, c := range cs {
			// Sorted: claimed_by, finish, start.
			m.mapLen(3)
			m.str("claimed_by")
			m.str(c.By)
			m.str("finish")
			m.time(c.Finish)
			m.str("start")
			m.time(c.Start)
		}
		return nil
	}
}

// ClaimList is a computed list of claims, each {start, finish, claimed_by} (Claims writes it).
func ClaimList(doc, claimedByDoc string) schema.Attribute {
	attrs := SpanList("").(schema.ListNestedAttribute).NestedObject.Attributes
	attrs["claimed_by"] = schema.StringAttribute{Computed: true, MarkdownDescription: claimedByDoc}
	return schema.ListNestedAttribute{Computed: true, MarkdownDescription: doc, NestedObject: schema.NestedAttributeObject{Attributes: attrs}}
}

// Null is a null value, for a computed attribute with nothing to say.
func Null() Value { return func(m *msgpack) error { m.null(); return nil } }
