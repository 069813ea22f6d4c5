package mailview_test

import (
	"bytes"
	"errors"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/postie-mail/postie/internal/testmail"
	"github.com/postie-mail/postie/mailview"
)

func TestPictureSizeReadsOnlyTheHeader(t *testing.T) {
	enc := func(f func(*bytes.Buffer, image.Image) error) []byte {
		var b bytes.Buffer
		if err := f(&b, image.NewRGBA(image.Rect(0, 0, 30, 20))); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"png", enc(func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }), nil},
		{"jpeg", enc(func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) }), nil},
		{"gif", enc(func(b *bytes.Buffer, m image.Image) error { return gif.Encode(b, m, nil) }), nil},
		{"40000×40000 in 235 bytes", testmail.PictureBomb(40000, 40000), mailview.ErrPictureTooLarge},
		{"just over 40 MP", testmail.PictureBomb(10001, 4000), mailview.ErrPictureTooLarge},
		{"exactly 40 MP", testmail.PictureBomb(8000, 5000), nil},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="40000" height="40000"/>`), mailview.ErrPictureUnknown},
		{"ico", []byte("\x00\x00\x01\x00\x01\x00\x10\x10\x00\x00\x01\x00 \x00\x00\x01\x00\x00\x16\x00\x00\x00"), mailview.ErrPictureUnknown},
		{"not a picture", []byte("hello"), mailview.ErrPictureUnknown},
		{"empty", nil, mailview.ErrPictureUnknown},
	} {
		_, _, err := mailview.PictureSize(c.data)
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func TestPictureBudgetAddsUp(t *testing.T) {
	var b mailview.PictureBudget
	pic := testmail.PictureBomb(6000, 6000) // 36 MP
	for i := range 4 {
		_, _, err := b.Take(pic)
		if want := i < 3; (err == nil) != want {
			t.Fatalf("picture %d: %v", i+1, err)
		}
	}
	if _, _, err := b.Take(testmail.PictureBomb(100, 100)); err != nil {
		t.Fatalf("a small picture after the budget's refusal: %v", err)
	}
}
