//go:build !race

package app

// raceDetector is true when tests run with -race.
const raceDetector = false
