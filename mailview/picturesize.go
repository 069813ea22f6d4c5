package mailview

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // the picture formats mail carries
	_ "image/jpeg"
	_ "image/png"

	"github.com/postie-mail/postie/internal/tr"
)

// A picture's bytes say little about the memory it takes once decoded: a
// 1.5 MB PNG can declare 40000×40000 pixels, 1.6 GB to decode and four
// times that as a texture (#26). Every picture is measured from its header
// (image.DecodeConfig, which reads no pixels) before anything decodes it.
const (
	// MaxPicturePixels is the largest picture shown or printed (about
	// 40 megapixels, a large camera photo).
	MaxPicturePixels = 40_000_000
	// MaxMessagePixels is what all pictures of one message may take
	// together: many pictures just under the limit add up as well.
	MaxMessagePixels = 120_000_000
)

// Why a picture is not shown.
var (
	ErrPictureTooLarge  error = sentence(tr.Mark("the picture is too large to show"))
	ErrPictureUnknown   error = sentence(tr.Mark("the picture is in a format Postie cannot show"))
	ErrPicturesTooLarge error = sentence(tr.Mark("the message's pictures together are too large to show"))
)

// sentence is an error whose text is a sentence a person may read: it is
// said in their language when it is read (the package's errors are made
// before the language is chosen).
type sentence string

func (s sentence) Error() string { return tr.L(string(s)) }

// pictureFormats are the formats whose header gives the size the decoder
// allocates (PNG, JPEG, GIF: Go's GIF decoder refuses frames outside the
// declared screen). Others are refused: in an ICO the directory's size
// says nothing about the PNG inside it, and an SVG is drawn at the size it
// declares.
var pictureFormats = map[string]bool{"png": true, "jpeg": true, "gif": true}

// PictureSize is a picture's size in pixels, read from its header only;
// it fails with ErrPictureTooLarge above MaxPicturePixels and with
// ErrPictureUnknown for anything that is not PNG, JPEG or GIF.
func PictureSize(data []byte) (w, h int, err error) {
	c, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || !pictureFormats[format] {
		return 0, 0, ErrPictureUnknown
	}
	if c.Width <= 0 || c.Height <= 0 {
		return 0, 0, ErrPictureUnknown
	}
	if int64(c.Width)*int64(c.Height) > MaxPicturePixels {
		return c.Width, c.Height, fmt.Errorf("%w (%s)", ErrPictureTooLarge,
			tr.L("{{.Width}} × {{.Height}} pixels", tr.M{"Width": tr.Number(c.Width), "Height": tr.Number(c.Height)}))
	}
	return c.Width, c.Height, nil
}

// PictureBudget counts the pixels of one message's pictures, so that
// together they stay under MaxMessagePixels. The zero value is ready.
type PictureBudget struct{ used int64 }

// Take measures a picture and counts it; a picture it refuses takes
// nothing.
func (b *PictureBudget) Take(data []byte) (w, h int, err error) {
	if w, h, err = PictureSize(data); err != nil {
		return w, h, err
	}
	return w, h, b.Add(w, h)
}

// Add counts a picture already measured (PictureSize), or says that it
// would go over the message's budget (ErrPicturesTooLarge).
func (b *PictureBudget) Add(w, h int) error {
	n := int64(w) * int64(h)
	if b.used+n > MaxMessagePixels {
		return ErrPicturesTooLarge
	}
	b.used += n
	return nil
}

// PictureNote is the line the reader shows in place of a picture it
// refused, in plain words.
func PictureNote(err error) string {
	switch {
	case errors.Is(err, ErrPictureTooLarge):
		return tr.L("[A picture was left out: it is too large to show safely.]")
	case errors.Is(err, ErrPicturesTooLarge):
		return tr.L("[A picture was left out: this message has more pictures than Postie shows at once.]")
	}
	return tr.L("[A picture was left out: Postie cannot show this kind of picture.]")
}
