package main

import "golang.org/x/sys/windows"

// roamingAppData is the Roaming AppData known folder
// (FOLDERID_RoamingAppData), where it really is.
func roamingAppData() (string, error) {
	return windows.KnownFolderPath(windows.FOLDERID_RoamingAppData, windows.KF_FLAG_DEFAULT)
}
