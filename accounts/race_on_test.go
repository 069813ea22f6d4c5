//go:build race

package accounts

// raceDetector is true when tests run with -race.
const raceDetector = true
