package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// ErrNotTrueType is a font gopdf cannot embed: outlines in CFF (an
// OpenType .otf, like Noto Sans CJK) or not a font at all.
var ErrNotTrueType = errors.New("not a TrueType font")

var (
	tagTTC   = [4]byte{'t', 't', 'c', 'f'}
	tagOTTO  = [4]byte{'O', 'T', 'T', 'O'}
	tagTrue  = [4]byte{'t', 'r', 'u', 'e'}
	version1 = [4]byte{0, 1, 0, 0}
)

// standalone returns font index of data (a .ttf, or a .ttc collection) as
// one TrueType font: a collection's tables are copied out behind a table
// directory of their own, as gopdf reads only single fonts.
func standalone(data []byte, index int) ([]byte, error) {
	if len(data) < 12 {
		return nil, ErrNotTrueType
	}
	var tag [4]byte
	copy(tag[:], data)
	dir := 0
	switch tag {
	case tagTTC:
		n := int(binary.BigEndian.Uint32(data[8:]))
		if index < 0 || index >= n || len(data) < 12+4*n {
			return nil, fmt.Errorf("the collection has no font %d", index)
		}
		dir = int(binary.BigEndian.Uint32(data[12+4*index:]))
	case version1, tagTrue:
		if index != 0 {
			return nil, fmt.Errorf("not a collection: no font %d", index)
		}
	case tagOTTO:
		return nil, fmt.Errorf("%w: its outlines are CFF", ErrNotTrueType)
	default:
		return nil, ErrNotTrueType
	}
	if dir < 0 || dir+12 > len(data) {
		return nil, ErrNotTrueType
	}
	copy(tag[:], data[dir:])
	switch tag {
	case version1, tagTrue:
	case tagOTTO:
		return nil, fmt.Errorf("%w: its outlines are CFF", ErrNotTrueType)
	default:
		return nil, ErrNotTrueType
	}
	numTables := int(binary.BigEndian.Uint16(data[dir+4:]))
	if dir+12+16*numTables > len(data) {
		return nil, ErrNotTrueType
	}
	type table struct {
		rec  []byte // tag, checksum, offset, length
		body []byte
	}
	tables := make([]table, 0, numTables)
	hasGlyf := false
	for i := 0; i < numTables; i++ {
		rec := data[dir+12+16*i : dir+28+16*i]
		off, n := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(n) > uint64(len(data)) {
			return nil, fmt.Errorf("%w: table %q lies outside the file", ErrNotTrueType, rec[:4])
		}
		if string(rec[:4]) == "glyf" {
			hasGlyf = true
		}
		tables = append(tables, table{rec, data[off : off+n]})
	}
	if !hasGlyf {
		return nil, fmt.Errorf("%w: no glyf outlines", ErrNotTrueType)
	}
	if tag == version1 && index == 0 && dir == 0 {
		return data, nil // a plain .ttf as it is
	}
	sort.Slice(tables, func(i, j int) bool { return string(tables[i].rec[:4]) < string(tables[j].rec[:4]) })
	size := 12 + 16*len(tables)
	for _, t := range tables {
		size += (len(t.body) + 3) &^ 3
	}
	out := make([]byte, 12+16*len(tables), size)
	copy(out, version1[:]) // Apple's 'true' too: gopdf knows only 1.0
	copy(out[4:12], data[dir+4:dir+12])
	for i, t := range tables {
		rec := out[12+16*i : 28+16*i]
		copy(rec, t.rec[:8])
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t.body)))
		out = append(out, t.body...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}
