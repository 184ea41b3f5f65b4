package http

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jisr-cell/jisr"
)

//go:embed openapi.json
var openAPISource []byte

// openAPI is the served document: openapi.json with the limits of
// jisr.Limits written in (maxLength, maxItems), so the document shows
// exactly what validation enforces.
var openAPI = mustWithLimits(openAPISource, jisr.Limits)

func mustWithLimits(src []byte, limits []jisr.Limit) []byte {
	b, err := withLimits(src, limits)
	if err != nil {
		panic("http: openapi.json: " + err.Error())
	}
	return b
}

// withLimits writes each limit into the schema it names: a component
// schema (Record, Entity…) or the request body of an operation
// ("POST /api/v1/extract").
func withLimits(src []byte, limits []jisr.Limit) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	for _, l := range limits {
		schema, err := schemaOf(doc, l.Schema)
		if err != nil {
			return nil, err
		}
		field, each := strings.CutSuffix(l.Field, "[]")
		field, mapped := strings.CutSuffix(field, "{}")
		props, _ := schema["properties"].(map[string]any)
		node, _ := props[field].(map[string]any)
		if node == nil {
			return nil, fmt.Errorf("limit %s.%s: no such property", l.Schema, l.Field)
		}
		if mapped {
			if node, _ = node["additionalProperties"].(map[string]any); node == nil {
				return nil, fmt.Errorf("limit %s.%s: not a map", l.Schema, l.Field)
			}
		}
		if each {
			if node, _ = node["items"].(map[string]any); node == nil {
				return nil, fmt.Errorf("limit %s.%s: not a list", l.Schema, l.Field)
			}
		}
		if l.Items {
			node["maxItems"] = l.Max
		} else {
			node["maxLength"] = l.Max
		}
	}
	return json.MarshalIndent(doc, "", " ")
}

func schemaOf(doc map[string]any, name string) (map[string]any, error) {
	if method, path, ok := strings.Cut(name, " "); ok {
		paths, _ := doc["paths"].(map[string]any)
		op, _ := paths[path].(map[string]any)
		op, _ = op[strings.ToLower(method)].(map[string]any)
		for _, k := range []string{"requestBody", "content", "application/json", "schema"} {
			if op, _ = op[k].(map[string]any); op == nil {
				return nil, fmt.Errorf("limit on %s: no JSON request body", name)
			}
		}
		return op, nil
	}
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	s, _ := schemas[name].(map[string]any)
	if s == nil {
		return nil, fmt.Errorf("limit on %s: no such schema", name)
	}
	return s, nil
}
