package mailtext

import "testing"

func TestSenderVouched(t *testing.T) {
	const own = "mx.example.net" // the person's provider
	pass := "mx.example.net; dkim=pass header.d=shop.example header.s=s1; spf=pass smtp.mailfrom=shop.example"
	for _, c := range []struct {
		name   string
		values []string
		want   bool
	}{
		{"dkim pass for the From domain", []string{pass}, true},
		{"dmarc pass", []string{"mx.example.net 1; dmarc=pass (p=reject dis=none) header.from=shop.example"}, true},
		{"dkim with header.i", []string{"mx.example.net; dkim=pass header.i=@shop.example"}, true},
		{"host under the provider's domain", []string{"mx2.mx.example.net; dkim=pass header.d=SHOP.example"}, true},
		{"comments and folding", []string{"mx.example.net;\r\n\tdkim=pass (2048-bit key; secure) header.d=shop.example (header.d=evil)"}, true},
		{"missing header", nil, false},
		{"dkim for another domain", []string{"mx.example.net; dkim=pass header.d=mailer.example; dmarc=fail header.from=shop.example"}, false},
		{"dkim fail", []string{"mx.example.net; dkim=fail header.d=shop.example"}, false},
		{"spf pass only", []string{"mx.example.net; spf=pass smtp.mailfrom=shop.example"}, false},
		{"another server's verdict", []string{"mx.attacker.example; dkim=pass header.d=shop.example"}, false},
		{"lookalike authserv-id", []string{"evilmx.example.net; dkim=pass header.d=shop.example"}, false},
		{"forged pass further down", []string{"mx.example.net; dkim=none; dmarc=none", pass}, false},
		{"forged first, own below (own must be top-most)", []string{"mx.attacker.example; dkim=pass header.d=shop.example", "mx.example.net; dkim=fail header.d=shop.example"}, false},
		{"pass hidden in a comment", []string{"mx.example.net; dkim=fail (dkim=pass header.d=shop.example) header.d=shop.example"}, false},
		{"subdomain is not the domain", []string{"mx.example.net; dkim=pass header.d=mail.shop.example"}, false},
		{"no results", []string{"mx.example.net; none"}, false},
		{"quoted value", []string{`mx.example.net; dmarc=pass header.from="shop.example"`}, true},
	} {
		if got := SenderVouched(c.values, own, "shop.example"); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if SenderVouched([]string{pass}, "", "shop.example") || SenderVouched([]string{pass}, own, "") {
		t.Error("vouched without a provider or a domain")
	}
}
