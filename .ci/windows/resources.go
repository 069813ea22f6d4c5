// Command resources prints what a Windows exe tells Explorer about
// itself, read back from its PE resources, for .ci/package check:
//
//	go run .ci/windows/resources.go dist/Postie.exe
//
// prints its subsystem, the sizes of its icon's images (as labelled in
// the icon group and as really stored: a PNG's or a bitmap's own size),
// whether it has a manifest, and every version-info string.
package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode/utf16"
)

const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run .ci/windows/resources.go FILE.exe")
		os.Exit(2)
	}
	if err := show(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "resources:", err)
		os.Exit(1)
	}
}

// leaf is one resource: its type, name (id) and bytes.
type leaf struct {
	typ, id uint32
	data    []byte
}

func show(path string) error {
	f, err := pe.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		fmt.Println("subsystem:", map[uint16]string{2: "gui", 3: "console"}[h.Subsystem])
	case *pe.OptionalHeader32:
		fmt.Println("subsystem:", map[uint16]string{2: "gui", 3: "console"}[h.Subsystem])
	}
	s := f.Section(".rsrc")
	if s == nil {
		return fmt.Errorf("no resources")
	}
	data, err := s.Data()
	if err != nil {
		return err
	}
	var leaves []leaf
	if err := walk(data, s.VirtualAddress, 0, 0, nil, &leaves); err != nil {
		return err
	}
	icons := map[uint32][]byte{}
	for _, l := range leaves {
		if l.typ == rtIcon {
			icons[l.id] = l.data
		}
	}
	sort.Slice(leaves, func(i, j int) bool {
		return leaves[i].typ < leaves[j].typ || leaves[i].typ == leaves[j].typ && leaves[i].id < leaves[j].id
	})
	for _, l := range leaves {
		switch l.typ {
		case rtGroupIcon:
			fmt.Printf("icon group %d:%s\n", l.id, iconGroup(l.data, icons))
		case rtManifest:
			fmt.Printf("manifest %d: %d bytes\n", l.id, len(l.data))
		case rtVersion:
			versionInfo(l.data)
		}
	}
	return nil
}

// walk reads the resource directory at off (level 0: types, 1: names,
// 2: languages).
func walk(data []byte, va uint32, off uint32, level int, path []uint32, out *[]leaf) error {
	if int(off)+16 > len(data) {
		return fmt.Errorf("resource directory out of range")
	}
	n := int(binary.LittleEndian.Uint16(data[off+12:])) + int(binary.LittleEndian.Uint16(data[off+14:]))
	for i := 0; i < n; i++ {
		e := off + 16 + uint32(i)*8
		if int(e)+8 > len(data) {
			return fmt.Errorf("resource entry out of range")
		}
		name := binary.LittleEndian.Uint32(data[e:])
		to := binary.LittleEndian.Uint32(data[e+4:])
		p := append(append([]uint32{}, path...), name)
		if to&0x80000000 != 0 {
			if err := walk(data, va, to&0x7fffffff, level+1, p, out); err != nil {
				return err
			}
			continue
		}
		if int(to)+16 > len(data) {
			return fmt.Errorf("resource data entry out of range")
		}
		rva := binary.LittleEndian.Uint32(data[to:])
		size := binary.LittleEndian.Uint32(data[to+4:])
		start := rva - va
		if int(start)+int(size) > len(data) || len(p) < 2 {
			return fmt.Errorf("resource data out of range")
		}
		*out = append(*out, leaf{typ: p[0], id: p[1], data: data[start : start+size]})
	}
	return nil
}

// iconGroup lists a GRPICONDIR's images: " 16x16 32x32 …", each as the
// group labels it and, where the image itself says otherwise, "(is WxH)".
func iconGroup(g []byte, icons map[uint32][]byte) string {
	if len(g) < 6 {
		return " (damaged)"
	}
	var b strings.Builder
	n := int(binary.LittleEndian.Uint16(g[4:]))
	for i := 0; i < n && 6+i*14+14 <= len(g); i++ {
		e := g[6+i*14:]
		w, h := int(e[0]), int(e[1])
		if w == 0 {
			w = 256
		}
		if h == 0 {
			h = 256
		}
		id := uint32(binary.LittleEndian.Uint16(e[12:]))
		fmt.Fprintf(&b, " %dx%d", w, h)
		img := icons[id]
		rw, rh, kind := imageSize(img)
		fmt.Fprintf(&b, "/%s", kind)
		if rw != w || rh != h {
			fmt.Fprintf(&b, "(is %dx%d)", rw, rh)
		}
	}
	return b.String()
}

// imageSize is an icon image's own size: a PNG's IHDR, or a
// BITMAPINFOHEADER's (whose height counts the mask too).
func imageSize(img []byte) (int, int, string) {
	if bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) && len(img) >= 24 {
		return int(binary.BigEndian.Uint32(img[16:])), int(binary.BigEndian.Uint32(img[20:])), "png"
	}
	if len(img) >= 12 {
		return int(int32(binary.LittleEndian.Uint32(img[4:]))), int(int32(binary.LittleEndian.Uint32(img[8:]))) / 2, "bmp"
	}
	return 0, 0, "missing"
}

// versionInfo prints VS_VERSIONINFO: the fixed file version and every
// string of its StringFileInfo.
func versionInfo(d []byte) {
	var node func(d []byte, depth int)
	node = func(d []byte, depth int) {
		for len(d) >= 6 {
			length := int(binary.LittleEndian.Uint16(d))
			valueLen := int(binary.LittleEndian.Uint16(d[2:]))
			typ := binary.LittleEndian.Uint16(d[4:])
			if length < 6 || length > len(d) {
				return
			}
			cur := d[:length]
			key, p := utf16z(cur, 6)
			p = align4(p)
			switch {
			case key == "VS_VERSION_INFO" && valueLen >= 52 && p+52 <= len(cur):
				fv := cur[p:]
				ms, ls := binary.LittleEndian.Uint32(fv[8:]), binary.LittleEndian.Uint32(fv[12:])
				fmt.Printf("fixed FileVersion: %d.%d.%d.%d\n", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
				node(cur[align4(p+valueLen):], depth+1)
			case typ == 1 && depth >= 3: // a string: valueLen counts UTF-16 units
				v, _ := utf16z(cur, p)
				fmt.Printf("%s: %s\n", key, v)
			case key == "StringFileInfo" || depth == 2 && key != "VarFileInfo":
				node(cur[p:], depth+1)
			}
			next := align4(length)
			if next >= len(d) {
				return
			}
			d = d[next:]
		}
	}
	node(d, 0)
}

func align4(n int) int { return (n + 3) &^ 3 }

// utf16z reads a NUL-terminated UTF-16LE string at p; it returns the
// string and the offset after its NUL.
func utf16z(b []byte, p int) (string, int) {
	var u []uint16
	for p+1 < len(b) {
		c := binary.LittleEndian.Uint16(b[p:])
		p += 2
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u)), p
}
