package engine

import (
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// Span is a stretch of time, both ends included.
type Span struct{ Start, Finish time.Time }

// Chain joins spans (each covered by an item, say) into the spans they cover without a break, oldest first, and
// gives the gaps between those. A span continues the ones before it when it starts no later than tolerance after
// their latest finish: spans that touch or overlap chain, in whatever order they come.
func Chain(covered []Span, tolerance time.Duration) (chained, gaps []Span) {
	covered = slices.Clone(covered)
	slices.SortFunc(covered, func(a, b Span) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return a.Finish.Compare(b.Finish)
	})
	chained, gaps = []Span{}, []Span{}
	for _, s := range covered {
		if n := len(chained); n > 0 && !s.Start.After(chained[n-1].Finish.Add(tolerance)) {
			if s.Finish.After(chained[n-1].Finish) {
				chained[n-1].Finish = s.Finish
			}
			continue
		}
		if n := len(chained); n > 0 {
			gaps = append(gaps, Span{chained[n-1].Finish, s.Start})
		}
		chained = append(chained, s)
	}
	return chained, gaps
}

// SpanList is a computed list of spans, each {start, finish} (Spans writes it).
func SpanList(doc string) schema.Attribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: doc,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"start":  schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: "Start of the span." + rfc3339Doc},
			"finish": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: "End of the span." + rfc3339Doc},
		}},
	}
}

// Spans is a list of spans as SpanList declares it.
func Spans(ss []Span) Value {
	return func(m *msgpack) error {
		m.arrayLen(len(ss))
		for _, s := range ss {
			// Sorted: finish, start.
			m.mapLen(2)
			m.str("finish")
			m.time(s.Finish)
			m.str("start")
			m.time(s.Start)
		}
		return nil
	}
}
