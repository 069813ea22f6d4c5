package mailview

import "testing"

// Fails before #26: none of these was flagged.
func TestIsExecutableKnowsMorePrograms(t *testing.T) {
	for _, n := range []string{"console.msc", "app.appref-ms", "start.jnlp", "fix.diagcab", "update.msu", "comp.wsc", "x.sct",
		"script.scpt", "Tidy.workflow", "INVOICE.MSC", "run.jnlp\u200b", "fix\u202Ebacgaid.diagcab"} {
		if !IsExecutable(n) {
			t.Errorf("%q not flagged", n)
		}
	}
}
