package search

import (
	"slices"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // words, a prefix one with a trailing *
	}{
		{"hacker", []string{"hacker*"}},
		{"hacker ", []string{"hacker"}},
		{"hacker.", []string{"hacker"}},
		{"lo del hacker del PSOE", []string{"lo", "del", "hacker", "PSOE*"}},
		{"#excusasPSOE", []string{"excusasPSOE*"}},
		{"@PSOE", []string{"PSOE*"}},
		{"@PSOE_es", []string{"PSOE", "es"}},
		{"acusación", []string{"acusación*"}},
		{"acusacio\u0301n", []string{"acusacio\u0301n*"}}, // decomposed accent: one word
		{"11:30", []string{"11", "30"}},
		{"año2020", []string{"año2020*"}},
		{`"hack'er" & | ! : * ( ) <-> \`, []string{"hack", "er"}},
		{"hack:*", []string{"hack"}},
		{"tu", []string{"tu"}}, // too short for a prefix
		{"PSOE psoe Psoe", []string{"PSOE*"}},
		{"psoe ps psoe", []string{"psoe*", "ps"}},
		{"¿qué?", []string{"qué"}},
		{"🔥 hackeo 🔥", []string{"hackeo"}},
		{"حساب", []string{"حساب*"}},
		{"&|!", nil},
		{"\u0301", nil},
		{"", nil},
	} {
		var got []string
		for _, w := range tokenize(tc.text) {
			s := w.text
			if w.prefix {
				s += "*"
			}
			got = append(got, s)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	// No word can break out of its quotes in to_tsquery.
	for _, w := range tokenize(`a'b\c"d:e*f&g|h!i(j)k<l>m-n`) {
		if in := w.tsqueryInput(); strings.ContainsAny(in[1:strings.LastIndex(in, "'")], `'\`) {
			t.Errorf("to_tsquery input %q", in)
		}
	}
}

func TestRenderSnippet(t *testing.T) {
	m := func(s string) string { return "\x02" + s + "\x03" }
	long := func(n int, at map[int]string) string {
		var w []string
		for i := range n {
			if s, ok := at[i]; ok {
				w = append(w, s)
			} else {
				w = append(w, "w")
			}
		}
		return strings.Join(w, " ")
	}
	for _, tc := range []struct {
		name, marked, want string
	}{
		{"plain", "a b c", "a b c"},
		{"marked", "la " + m("acusación") + " falsa", "la <mark>acusación</mark> falsa"},
		{"escaped", `<b>"x" & ` + m("y") + "</b>", "&lt;b&gt;&#34;x&#34; &amp; <mark>y</mark>&lt;/b&gt;"},
		{"nested marks of two passes", "\x02\x02hacker\x03\x03", "<mark>hacker</mark>"},
		{"stray stop", "a\x03 b", "a b"},
		{"unclosed", "\x02a b", "<mark>a b</mark>"},
		{"whitespace", "a\n\n\tb  c", "a b c"},
		{"controls", "a\x01b\x7f", "ab"},
		{"empty", "", ""},
		{"blank", " \x02 \x03 ", ""},
		{"long, no match: the start", long(50, nil), strings.Repeat("w ", 30) + "…"},
		{"long, match in the middle", long(100, map[int]string{50: m("x")}),
			"… " + strings.Repeat("w ", 8) + "<mark>x</mark>" + strings.Repeat(" w", 21) + " …"},
		{"long, match at the end", long(100, map[int]string{99: m("x")}),
			"… " + strings.Repeat("w ", 29) + "<mark>x</mark>"},
		{"two fragments", long(200, map[int]string{20: m("x"), 150: m("y")}),
			"… " + strings.Repeat("w ", 8) + "<mark>x</mark>" + strings.Repeat(" w", 21) + " … " +
				strings.Repeat("w ", 8) + "<mark>y</mark>" + strings.Repeat(" w", 21) + " …"},
		{"close matches, one fragment", long(200, map[int]string{20: m("x"), 25: m("y")}),
			"… " + strings.Repeat("w ", 8) + "<mark>x</mark>" + strings.Repeat(" w", 4) + " <mark>y</mark>" + strings.Repeat(" w", 16) + " …"},
	} {
		if got := renderSnippet(tc.marked); got != tc.want {
			t.Errorf("%s: renderSnippet(%q) =\n%q, want\n%q", tc.name, tc.marked, got, tc.want)
		}
	}
}
