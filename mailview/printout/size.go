package printout

import (
	"bytes"
	"image"
	_ "image/jpeg" // the picture formats mail carries
	_ "image/png"
)

type size struct{ W, H float64 }

// imageSize reads a picture's size in pixels without decoding it.
func imageSize(data []byte) (size, error) {
	c, _, err := image.DecodeConfig(bytes.NewReader(data))
	return size{float64(c.Width), float64(c.Height)}, err
}
