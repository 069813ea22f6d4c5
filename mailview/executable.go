package mailview

import "strings"

// More types that run a program when opened (#26), added to executable
// (mailview.go): Windows' management consoles (.msc), ClickOnce
// references (.appref-ms), Java Web Start (.jnlp), troubleshooting packs
// (.diagcab), update packages (.msu), script components and scriptlets
// (.wsc .sct), AppleScript (.scpt) and Automator workflows (.workflow).
func init() {
	for _, e := range strings.Fields(".msc .appref-ms .jnlp .diagcab .msu .wsc .sct .scpt .workflow") {
		executable[e] = true
	}
}
