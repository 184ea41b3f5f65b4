package jisr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// DecodeJSON reads one JSON value into v strictly, as the API and the
// importer read bodies: text that is not valid UTF-8, a NUL (\u0000) or an
// unpaired surrogate escape, which encoding/json would silently turn into
// U+FFFD or keep, are refused; so are unknown fields, wrong types and data
// after the value. Every error is EINVALID naming the field (a JSON path
// such as "entities[2].props.name[0]", or "body"), in the API's words.
func DecodeJSON(b []byte, v any) error {
	if off, what := badText(b); off >= 0 {
		return Because(pathAt(b, off), what)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if len(bytes.TrimLeft(b[dec.InputOffset():], " \t\r\n")) > 0 {
		return Because("body", "json_trailing")
	}
	return nil
}

// badText returns the offset of the first invalid UTF-8 sequence, NUL
// escape or unpaired surrogate escape in b, with the reason key of what is wrong (Reasons), or -1.
func badText(b []byte) (int, string) {
	inString := false
	for i := 0; i < len(b); {
		c := b[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				return i, "utf8"
			}
			i += n
			continue
		}
		if c == 0 {
			return i, "nul"
		}
		if !inString {
			if c == '"' {
				inString = true
			}
			i++
			continue
		}
		switch c {
		case '"':
			inString = false
			i++
		case '\\':
			if i+1 < len(b) && b[i+1] == 'u' {
				u, ok := hex4(b, i+2)
				switch {
				case !ok:
					i += 2 // a syntax error the decoder reports
				case u == 0:
					return i, "nul"
				case u >= 0xD800 && u <= 0xDBFF:
					if lo, ok := hex4(b, i+8); ok && i+7 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' && lo >= 0xDC00 && lo <= 0xDFFF {
						i += 12
					} else {
						return i, "surrogate"
					}
				case u >= 0xDC00 && u <= 0xDFFF:
					return i, "surrogate"
				default:
					i += 6
				}
			} else {
				i += 2
			}
		default:
			i++
		}
	}
	return -1, ""
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[i:i+4]), 16, 16)
	return rune(n), err == nil
}

// pathAt names the field of the JSON text b whose token holds byte off,
// as a path such as "entities[2].props.name[0]"; "body" at the top level
// or when the text cannot be followed that far.
func pathAt(b []byte, off int) string {
	type frame struct {
		obj       bool
		key       string
		idx       int
		expectKey bool
	}
	var stack []*frame
	path := func(stack []*frame) string {
		var sb strings.Builder
		for _, f := range stack {
			if f.obj {
				if sb.Len() > 0 {
					sb.WriteByte('.')
				}
				sb.WriteString(f.key)
			} else {
				fmt.Fprintf(&sb, "[%d]", f.idx)
			}
		}
		if sb.Len() == 0 || (len(stack) > 0 && !stack[0].obj) {
			return "body" + sb.String()
		}
		return sb.String()
	}
	valueDone := func() {
		if len(stack) > 0 && stack[len(stack)-1].obj {
			stack[len(stack)-1].expectKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			return "body"
		}
		end := int(dec.InputOffset())
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			valueDone()
			continue
		}
		if top != nil && top.obj && top.expectKey {
			top.key, _ = tok.(string)
			top.expectKey = false
			if end > off { // the key itself: name the object that holds it
				return path(stack[:len(stack)-1])
			}
			continue
		}
		if top != nil && !top.obj {
			top.idx++
		}
		if end > off {
			return path(stack)
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, &frame{obj: d == '{', expectKey: d == '{', idx: -1})
			continue
		}
		valueDone()
	}
}

func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var timeErr *time.ParseError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return Because(field, "json_type", apiType(typeErr.Type))
	case errors.As(err, &syntaxErr):
		return Because("body", "json_syntax", syntaxErr.Offset)
	case errors.As(err, &timeErr):
		return Because("body", "json_time")
	case errors.Is(err, io.EOF):
		return Because("body", "json_empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Because("body", "json_eof")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if f == "" {
			return Because("body", "json_empty_field")
		}
		return Because(f, "json_unknown_field")
	}
	return Because("body", "json")
}

// enumTypes are the named string types whose values come from a list.
var enumTypes = map[reflect.Type]string{
	reflect.TypeFor[TLP]():      join(TLPs),
	reflect.TypeFor[Kind]():     join(Kinds),
	reflect.TypeFor[Handling](): join(Handlings),
	reflect.TypeFor[Role]():     join(Roles),
}

// apiType names a Go type in the API's words: "an integer", "a JSON object",
// "one of CLEAR, GREEN, …".
func apiType(t reflect.Type) string {
	if t == nil {
		return "a different type"
	}
	if s, ok := enumTypes[t]; ok {
		return "one of " + s
	}
	if t == reflect.TypeFor[time.Time]() {
		return "a time as 2026-11-25T10:00:00Z"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return apiType(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list (JSON array)"
	case reflect.Struct, reflect.Map, reflect.Interface:
		return "a JSON object"
	}
	return "of a different type"
}

// MaxRecordLine is the longest line of a JSON-lines file of records.
const MaxRecordLine = 16 << 20

// RecordLines reads records from JSON lines, one a line, blank lines
// skipped, as "jisr import" reads a file (it is ImportLines, stopping at the
// first line that is not a record): each line with DecodeJSON, and the id
// and attachments are the node's, never the file's. The function it returns
// gives the next record, then io.EOF; an error names the line ("line 3:
// invalid: title: is not valid UTF-8") and wraps the *Error.
func RecordLines(r io.Reader) func() (*Record, error) {
	next := ImportLines(r)
	return func() (*Record, error) {
		it, err := next()
		if err != nil {
			return nil, err
		}
		if it.Err != nil {
			return nil, fmt.Errorf("line %d: %w", it.Line, it.Err)
		}
		return it.Record, nil
	}
}
