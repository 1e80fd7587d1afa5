package attachment

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestSniffAccepted(t *testing.T) {
	long := strings.Repeat("texto con acentos: áéíóú ñ. ", 400) // > SniffLen
	cases := []struct {
		name, filename string
		head           []byte
		want           Type
	}{
		{"png", "shot.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), PNG},
		{"jpeg", "foto.jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), JPEG},
		{"gif", "a.gif", []byte("GIF89a\x01\x00\x01\x00"), GIF},
		{"webp", "a.webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"), WebP},
		{"pdf", "doc.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), PDF},
		{"html doctype", "page.html", []byte("<!DOCTYPE html>\n<html lang=\"es\">"), HTML},
		{"html saved with BOM and meta", "page.htm", []byte("\xef\xbb\xbf\r\n  <meta charset=\"utf-8\">"), HTML},
		{"html comment first", "page.html", []byte("<!-- saved from url=(0040)http://twitter.com/ -->\n<html>"), HTML},
		{"html latin-1", "page.html", []byte("<html><body>Espa\xf1a</body></html>"), HTML},
		{"xhtml", "page.xhtml", []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\">"), HTML},
		{"text", "notes.txt", []byte("El @PSOE publicó a las 11.30h.\r\n"), Text},
		{"long text", "long.txt", []byte(long), Text},
		{"text cut mid-rune", "long.txt", []byte(strings.Repeat("a", SniffLen-1) + "á"), Text},
		{"json object", "tweet.json", []byte(`{"id_str":"1","text":"hola"}`), JSON},
		{"json truncated", "tweet.json", []byte(` [{"id_str":"1","text":"ho`), JSON},
		{"json lines", "tweets.jsonl", []byte("{\"a\":1}\n{\"b\":2}\n"), JSON},
		{"not json after all", "x.txt", []byte(`{not json}`), Text},
		{"no name", "", []byte("hola"), Text},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mime, ext, err := Sniff(tc.head, tc.filename)
			if err != nil || mime != tc.want.MIME || ext != tc.want.Ext {
				t.Fatalf("Sniff = %q, %q, %v; want %q, %q", mime, ext, err, tc.want.MIME, tc.want.Ext)
			}
		})
	}
}

// TestSniffHTMLNamedPNG is the case that motivates the package: the name
// says image, the bytes say HTML, and the bytes win.
func TestSniffHTMLNamedPNG(t *testing.T) {
	page := []byte("<html><head><script>alert(document.cookie)</script></head></html>")
	mime, ext, err := Sniff(page, "captura.png")
	if err != nil || mime != "text/html" || ext != ".html" {
		t.Fatalf("Sniff = %q, %q, %v", mime, ext, err)
	}
	if !MisleadingName("captura.png", ext) {
		t.Fatal("a .png name on HTML content should be flagged as misleading")
	}
}

func TestSniffRefused(t *testing.T) {
	pe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 64)...)
	cases := []struct {
		name, filename string
		head           []byte
		want           error
		detail         string
	}{
		{"empty", "x.png", nil, ErrEmpty, ""},
		{"windows exe named png", "captura.png", pe, ErrExecutable, "MZ"},
		{"elf", "a.jpg", []byte("\x7fELF\x02\x01\x01\x00"), ErrExecutable, "ELF"},
		{"mach-o", "a", []byte("\xcf\xfa\xed\xfe\x07\x00\x00\x01"), ErrExecutable, "Mach-O"},
		{"java or fat", "a", []byte("\xca\xfe\xba\xbe\x00\x00\x00\x34"), ErrExecutable, "Java"},
		{"wasm", "a", []byte("\x00asm\x01\x00\x00\x00"), ErrExecutable, "WebAssembly"},
		{"shell script named txt", "notes.txt", []byte("#!/bin/sh\nrm -rf ~\n"), ErrExecutable, "#!"},
		{"shebang after BOM", "notes.txt", []byte("\xef\xbb\xbf#!/usr/bin/env python\n"), ErrExecutable, "#!"},
		{"zip", "doc.pdf", []byte("PK\x03\x04\x14\x00\x06\x00"), ErrUnsupported, "ZIP"},
		{"ole", "a.doc", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), ErrUnsupported, "OLE"},
		{"heic", "IMG_0001.HEIC", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"), ErrUnsupported, "HEIC"},
		{"svg", "logo.png", []byte("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script></svg>"), ErrUnsupported, "SVG"},
		{"plain xml", "a.xml", []byte("<?xml version=\"1.0\"?><feed/>"), ErrUnsupported, "XML"},
		{"utf-16", "a.txt", []byte("\xff\xfeh\x00o\x00"), ErrNotUTF8, "UTF-16"},
		{"latin-1 text", "a.txt", []byte("Espa\xf1a"), ErrNotUTF8, ""},
		{"short text ending mid-rune", "a.txt", []byte("a\xc3"), ErrNotUTF8, ""},
		{"unknown binary", "a.png", []byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08"), ErrUnknownBinary, "0001020304050607"},
		{"bmp", "a.png", []byte("BM\x36\x00\x0c\x00\x00\x00\x00\x00"), ErrUnknownBinary, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mime, ext, err := Sniff(tc.head, tc.filename)
			if !errors.Is(err, tc.want) || mime != "" || ext != "" || !strings.Contains(err.Error(), tc.detail) {
				t.Fatalf("Sniff = %q, %q, %v; want %v containing %q", mime, ext, err, tc.want, tc.detail)
			}
		})
	}
}

func TestSniffErrorNamesFileWithoutPath(t *testing.T) {
	_, _, err := Sniff([]byte("\x7fELF"), "/tmp/uploads/../evil.png")
	if err == nil || !strings.Contains(err.Error(), `"evil.png"`) || strings.Contains(err.Error(), "/tmp") {
		t.Fatalf("err = %v", err)
	}
}

func TestSniffIgnoresBytesPastSniffLen(t *testing.T) {
	head := append(bytes.Repeat([]byte("a"), SniffLen), 0x00)
	if _, _, err := Sniff(head, "a.txt"); err != nil {
		t.Fatalf("a binary byte past SniffLen changed the result: %v", err)
	}
}

func TestMisleadingName(t *testing.T) {
	cases := []struct {
		name, ext string
		want      bool
	}{
		{"a.png", ".png", false}, {"A.JPEG", ".jpg", false}, {"page.htm", ".html", false},
		{"noext", ".html", false}, {"a.png", ".html", true}, {"a.pdf", ".txt", true},
	}
	for _, tc := range cases {
		if got := MisleadingName(tc.name, tc.ext); got != tc.want {
			t.Errorf("MisleadingName(%q, %q) = %v", tc.name, tc.ext, got)
		}
	}
}

func TestTypesAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, ty := range Types() {
		if seen[ty.Ext] || !strings.HasPrefix(ty.Ext, ".") {
			t.Errorf("bad or duplicate extension %q", ty.Ext)
		}
		seen[ty.Ext] = true
	}
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("<html>"), "a.png")
	f.Add([]byte("\x89PNG\r\n\x1a\n"), "a")
	f.Add([]byte(`{"a":[1,2,{"b":null}]}`), "a.json")
	f.Add([]byte("<?xml ?><svg>"), "a.svg")
	f.Add([]byte("MZ\x00"), "a.exe")
	f.Fuzz(func(t *testing.T, head []byte, name string) {
		mime, ext, err := Sniff(head, name)
		if (err == nil) == (mime == "") || (mime == "") != (ext == "") {
			t.Fatalf("inconsistent result %q %q %v", mime, ext, err)
		}
		if err == nil {
			for _, ty := range Types() {
				if ty.MIME == mime && ty.Ext == ext {
					return
				}
			}
			t.Fatalf("type %q %q is not in Types()", mime, ext)
		}
	})
}
