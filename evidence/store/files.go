package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/veredicto/veredicto/ent/blob"
	evidencepkg "github.com/veredicto/veredicto/evidence"
	"github.com/veredicto/veredicto/evidence/attachment"
	"github.com/veredicto/veredicto/internal/apierr"
)

// File is an uploaded file.
type File struct {
	Name    string
	Content io.Reader
}

type storedFile struct {
	name, mime, sha256 string
	size               int64
	blobID             int
}

// storeFiles reads, checks and stores each upload's bytes once per
// distinct content, and returns what to attach.
func (s *Store) storeFiles(ctx context.Context, files []File) ([]storedFile, error) {
	if len(files) > s.maxUploads {
		return nil, apierr.Field("attachments", "at most %d files at once (got %d)", s.maxUploads, len(files))
	}
	var out []storedFile
	for i, f := range files {
		field := fmt.Sprintf("attachments.%d", i)
		data, err := readLimited(f.Content, s.maxUpload)
		if err != nil {
			return nil, &apierr.Error{Code: apierr.PayloadTooLarge, Field: field, Message: err.Error()}
		}
		head := data[:min(len(data), attachment.SniffLen)]
		mime, _, err := attachment.Sniff(head, f.Name)
		if err != nil {
			return nil, apierr.Field(field, "%s: %v", cleanName(f.Name), err)
		}
		sum := evidencepkg.BytesHash(data)
		id, err := s.blob(ctx, sum, data)
		if err != nil {
			return nil, err
		}
		out = append(out, storedFile{name: cleanName(f.Name), mime: mime, sha256: sum, size: int64(len(data)), blobID: id})
	}
	return out, nil
}

// readLimited reads all of r, refusing more than max bytes.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("reading the upload: %w", err)
	}
	if int64(len(data)) > max {
		return nil, errors.New("the file is larger than the limit of " + humanBytes(max))
	}
	return data, nil
}

// blob stores content under its hash unless it is stored already.
func (s *Store) blob(ctx context.Context, sum string, data []byte) (int, error) {
	c := s.db(ctx)
	err := c.Blob.Create().
		SetSha256(sum).
		SetData(data).
		SetSize(int64(len(data))).
		OnConflictColumns(blob.FieldSha256).
		DoNothing().
		Exec(system(ctx))
	// DoNothing returns no row when the blob existed; either way it is
	// stored now.
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	return c.Blob.Query().Where(blob.Sha256(sum)).OnlyID(system(ctx))
}

// attach links stored files to an item; a file it already has is skipped.
func (s *Store) attach(ctx context.Context, evidenceID int, files []storedFile) error {
	c := s.db(ctx)
	for _, f := range files {
		err := c.Attachment.Create().
			SetEvidenceID(evidenceID).
			SetBlobID(f.blobID).
			SetFilename(f.name).
			SetMime(f.mime).
			SetSize(f.size).
			SetSha256(f.sha256).
			OnConflictColumns("evidence_id", "sha256").
			DoNothing().
			Exec(system(ctx))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return nil
}

func hashesOf(files []storedFile) []string {
	return mergeHashes(nil, files)
}

// mergeHashes adds the files' hashes to existing ones, once each, sorted.
func mergeHashes(existing []string, files []storedFile) []string {
	out := slices.Clone(existing)
	for _, f := range files {
		if !slices.Contains(out, f.sha256) {
			out = append(out, f.sha256)
		}
	}
	slices.Sort(out)
	return out
}

// cleanName keeps a display name: the base name, without control
// characters, at most 255 characters.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if name == "." || name == ".." || name == "/" || name == "" {
		name = "file"
	}
	if r := []rune(name); len(r) > 255 {
		name = string(r[:255])
	}
	return name
}

func humanBytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
