package mailtext

import "testing"

// Encoded words that real mail carries and Go's decoder leaves as they
// stand: each is decoded as Python's email package and Thunderbird do.
func TestDecodeHeaderLeniently(t *testing.T) {
	cases := map[string]string{
		"=?iso-8859-1?Q?caf\xe9?=":                       "café", // raw 8-bit byte inside a Q word
		"=?NONE?B?aMOpbGxv?=":                            "héllo",
		"=?unknown-8bit?Q?r=E9sum=E9?=":                  "résumé",
		"=?UTF-7?Q?Hi_+AKM-1?=":                          "Hi £1",
		"=?utf-8?Q?a?= =?utf-8?Q?b?=":                    "ab",
		"=?ISO-8859-1*en?Q?caf=E9?=":                     "café",
		"=?utf-8?B?w6lsw6h2ZQ?=":                         "élève", // no padding
		"Re: =?x-made-up?Q?plain_ascii?= tail":           "Re: plain ascii tail",
		"=?windows-1252?Q?=93quoted=94?= and plain text": "“quoted” and plain text",
		"no words at all":                                "no words at all",
	}
	for in, want := range cases {
		if got := DecodeHeader(in); got != want {
			t.Errorf("DecodeHeader(%q) = %q, want %q", in, got, want)
		}
	}
}
