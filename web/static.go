package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// assets serves the embedded static files. Each file's URL carries the
// first 12 hex digits of its SHA-256 (?v=…); with the right hash it is cached
// for a year as immutable, without one it is revalidated by ETag.
type assets struct {
	files map[string]asset
}

type asset struct {
	body []byte
	hash string
	typ  string
}

func newAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: map[string]asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		typ := mime.TypeByExtension(path.Ext(p))
		switch path.Ext(p) {
		case ".woff2":
			typ = "font/woff2"
		case ".json":
			typ = "application/json"
		case ".js":
			typ = "text/javascript; charset=utf-8"
		case ".css":
			typ = "text/css; charset=utf-8"
		case ".md", "":
			typ = "text/plain; charset=utf-8"
		}
		if typ == "" {
			typ = "application/octet-stream"
		}
		a.files[p] = asset{body: b, hash: hex.EncodeToString(sum[:])[:12], typ: typ}
		return nil
	})
	return a, err
}

// url returns the hashed URL of a static file.
func (a *assets) url(name string) string {
	f, ok := a.files[name]
	if !ok {
		return "/static/" + name
	}
	return "/static/" + name + "?v=" + f.hash
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	f, ok := a.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	etag := `"` + f.hash + `"`
	w.Header().Set("Content-Type", f.typ)
	w.Header().Set("ETag", etag)
	if r.URL.Query().Get("v") == f.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
