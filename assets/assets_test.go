package assets

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

var update = flag.Bool("update", false, "regenerate icon.png from icon.svg")

func render(t *testing.T, size float32) image.Image {
	test.NewTempApp(t)
	img := canvas.NewImageFromResource(Icon)
	img.FillMode = canvas.ImageFillContain
	w := test.NewTempWindow(t, img)
	w.SetPadded(false)
	w.Resize(fyne.NewSquareSize(size))
	return w.Canvas().Capture()
}

// roundCorners makes the pixels outside the icon's rounded square (x, y
// from 16 to 496, radius 104 at 512 px) transparent.
func roundCorners(src image.Image) image.Image {
	b := src.Bounds()
	dst := image.NewNRGBA(b)
	const lo, hi, r = 16.0, 496.0, 104.0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			cx := math.Max(lo+r, math.Min(hi-r, px))
			cy := math.Max(lo+r, math.Min(hi-r, py))
			d := math.Hypot(px-cx, py-cy)
			if px < lo || px > hi || py < lo || py > hi || d > r+0.5 {
				continue
			}
			c := color.NRGBAModel.Convert(src.At(x, y)).(color.NRGBA)
			if d > r-0.5 {
				c.A = uint8(float64(c.A) * (r + 0.5 - d))
			}
			dst.SetNRGBA(x, y, c)
		}
	}
	return dst
}

func TestIconPNGIsTheRenderedSVG(t *testing.T) {
	if *update {
		var buf bytes.Buffer
		png.Encode(&buf, roundCorners(render(t, 512)))
		if err := os.WriteFile("icon.png", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, s := range []float32{32, 256} {
			f, _ := os.Create(os.TempDir() + "/postie-icon-" + string(rune('0'+int(s)/32)) + ".png")
			png.Encode(f, render(t, s))
			f.Close()
		}
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(iconPNG))
	if err != nil || cfg.Width != 512 || cfg.Height != 512 {
		t.Fatalf("icon.png: %v %dx%d, want 512x512", err, cfg.Width, cfg.Height)
	}
}

func TestWelcomeMessageIsMail(t *testing.T) {
	w := Welcome()
	if !bytes.HasPrefix(w, []byte("From: ")) || !bytes.Contains(w, []byte("Add an email account")) {
		t.Fatalf("welcome message looks wrong: %.80q", w)
	}
}
