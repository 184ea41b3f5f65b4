// Package keys holds a node's secrets: the Ed25519 signing key (node.key,
// its 32-byte seed) that signs audit entries and checkpoints and from which
// the node's other keys are derived, and the audit key (audit.key, 32 random
// bytes) that keys the hashes of sensitive values in the audit trail. Both
// are files in the node's folder, never in the database, written once
// atomically (WriteFile) and readable only by the node (mode 0600).
package keys

import (
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// File names in the node's folder.
const (
	NodeKeyFile  = "node.key"
	AuditKeyFile = "audit.key"
)

// Node is a node's secrets.
type Node struct {
	// Signing signs the audit trail and its checkpoints.
	Signing ed25519.PrivateKey
	// Audit keys the hashes of sensitive values in the trail.
	Audit []byte
}

// Open reads the node's keys in dir, creating each one that is missing.
func Open(dir string) (*Node, error) {
	k, err := LoadSigning(filepath.Join(dir, NodeKeyFile))
	if err != nil {
		return nil, err
	}
	a, err := LoadSecret(filepath.Join(dir, AuditKeyFile))
	if err != nil {
		return nil, err
	}
	return &Node{Signing: k, Audit: a}, nil
}

// PublicKey is the node's public signing key.
func (n *Node) PublicKey() ed25519.PublicKey { return n.Signing.Public().(ed25519.PublicKey) }

// Seed is the signing key's seed, the secret the node's other keys are
// derived from.
func (n *Node) Seed() []byte { return n.Signing.Seed() }

// Derive returns a key of size bytes for one purpose, named by info,
// derived with HKDF-SHA256 from the signing key's seed; keys of different
// purposes are independent.
func (n *Node) Derive(info string, size int) ([]byte, error) {
	return hkdf.Key(sha256.New, n.Seed(), nil, info, size)
}

// LoadSigning reads the signing key in path, creating it if missing.
func LoadSigning(path string) (ed25519.PrivateKey, error) {
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		seed := make([]byte, ed25519.SeedSize)
		if _, err := rand.Read(seed); err != nil {
			return nil, err
		}
		if err := WriteFile(path, seed, 0o600); err != nil {
			return nil, fmt.Errorf("write node key: %w", err)
		}
		return ed25519.NewKeyFromSeed(seed), nil
	}
	return ReadSigning(path)
}

// ReadSigning reads an existing signing key; it creates nothing.
func ReadSigning(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read node key: %w", err)
	}
	if len(b) != ed25519.SeedSize {
		return nil, fmt.Errorf("node key %s is damaged (%d bytes)", path, len(b))
	}
	return ed25519.NewKeyFromSeed(b), nil
}

// LoadSecret reads the 32-byte secret in path, creating it if missing.
func LoadSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		b = make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		if err := WriteFile(path, b, 0o600); err != nil {
			return nil, fmt.Errorf("write %s: %w", path, err)
		}
		return b, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) != 32 {
		return nil, fmt.Errorf("%s is damaged (%d bytes)", path, len(b))
	}
	return b, nil
}

// WriteFile writes b to path so that a reader sees the old file or the
// new one, never a part: a temporary file of its own in the same folder,
// synced, renamed over path, and the folder synced.
func WriteFile(path string, b []byte, mode os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // nothing once renamed
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// WriteJSON writes v as indented JSON to path, atomically (WriteFile), mode 0600.
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return WriteFile(path, append(b, '\n'), 0o600)
}
