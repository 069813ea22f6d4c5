//go:build !race

package imapsync

const raceDetector = false
