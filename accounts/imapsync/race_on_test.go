//go:build race

package imapsync

// raceDetector is true when tests run with -race.
const raceDetector = true
