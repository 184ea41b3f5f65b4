package http

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats"
	"github.com/jisr-cell/jisr/formats/stix"
)

// The TAXII 2.1 server: discovery at /taxii2/, one API root at
// /taxii2/api/, the caller's collections (its sharing audiences, from
// jisr.FeedService), their objects (STIX 2.1, as the stix export writes
// them) with added_after, limit, next and match[type]/match[id], and
// their manifests. Authentication is a bearer token of the API or HTTP
// Basic with a node user's name and password (a session opened and closed
// for the request; users who need a second factor use a bearer token).
// Every objects or manifest page is an export (policy, caveats, audit).

const (
	taxiiMedia  = "application/taxii+json;version=2.1"
	stixMedia   = "application/stix+json;version=2.1"
	taxiiPrefix = "/taxii2/"
	taxiiRoot   = "/taxii2/api/"
)

// TAXIIPatterns are the TAXII routes (for the OpenAPI test).
var TAXIIPatterns = []string{
	"GET /taxii2/{$}",
	"GET /taxii2/api/{$}",
	"GET /taxii2/api/collections/{$}",
	"GET /taxii2/api/collections/{id}/{$}",
	"GET /taxii2/api/collections/{id}/objects/{$}",
	"GET /taxii2/api/collections/{id}/manifest/{$}",
}

type taxiiError struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	HTTPStatus  string `json:"http_status"`
}

func writeTAXII(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", taxiiMedia)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func taxiiFail(w http.ResponseWriter, err error) {
	st := Status(err)
	if st == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="jisr-taxii", Bearer realm="jisr-taxii"`)
	}
	desc := jisr.ErrorMessage(err)
	if f := jisr.ErrorField(err); f != "" {
		desc = f + ": " + desc
	}
	writeTAXII(w, st, taxiiError{Title: http.StatusText(st), Description: desc, HTTPStatus: strconv.Itoa(st)})
}

// taxiiAuth authenticates a TAXII request: a bearer token, or Basic.
func (s *Server) taxiiAuth(r *http.Request) (jisr.Principal, func(), error) {
	if user, pass, ok := r.BasicAuth(); ok {
		token, _, err := s.Users.Login(r.Context(), user, pass, ClientAddr(r))
		if err != nil {
			return jisr.Principal{}, nil, err
		}
		p, _, err := s.Users.Authenticate(r.Context(), token)
		if err != nil {
			return jisr.Principal{}, nil, err
		}
		p.Addr = ClientAddr(r)
		return p, func() { s.Users.Logout(context.WithoutCancel(r.Context()), p, token) }, nil
	}
	p, err := s.authenticate(r)
	return p, func() {}, err
}

func (s *Server) taxii(pattern string, h func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error) {
	s.mux.Handle(pattern, s.instrument(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiHeaders(w)
		if s.Feeds == nil {
			taxiiFail(w, jisr.Errorf(jisr.ENOTFOUND, "this node serves no TAXII collections"))
			return
		}
		if a := r.Header.Get("Accept"); a != "" && !acceptsTAXII(a) {
			writeTAXII(w, http.StatusNotAcceptable, taxiiError{Title: "Not Acceptable", Description: "ask for " + taxiiMedia, HTTPStatus: "406"})
			return
		}
		p, done, err := s.taxiiAuth(r)
		if err != nil {
			taxiiFail(w, err)
			return
		}
		defer done()
		if err := h(w, r, p); err != nil {
			taxiiFail(w, err)
		}
	})))
}

func acceptsTAXII(a string) bool {
	for _, part := range strings.Split(a, ",") {
		m := strings.TrimSpace(strings.Split(part, ";")[0])
		if m == "application/taxii+json" || m == "*/*" || m == "application/*" || m == "application/json" || m == "application/stix+json" {
			return true
		}
	}
	return false
}

func (s *Server) taxiiRoutes() {
	s.taxii("GET /taxii2/{$}", func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
		writeTAXII(w, http.StatusOK, map[string]any{
			"title": "jisr", "description": "Records this node's users may pass on, as STIX 2.1",
			"default": taxiiRoot, "api_roots": []string{taxiiRoot},
		})
		return nil
	})
	s.taxii("GET /taxii2/api/{$}", func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
		writeTAXII(w, http.StatusOK, map[string]any{
			"title": "jisr records", "versions": []string{taxiiMedia}, "max_content_length": 0,
		})
		return nil
	})
	s.taxii("GET /taxii2/api/collections/{$}", func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
		cs, err := s.Feeds.Collections(r.Context(), p)
		if err != nil {
			return err
		}
		out := []map[string]any{}
		for _, c := range cs {
			out = append(out, collectionJSON(c))
		}
		writeTAXII(w, http.StatusOK, map[string]any{"collections": out})
		return nil
	})
	s.taxii("GET /taxii2/api/collections/{id}/{$}", func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
		c, err := s.collection(r.Context(), p, r.PathValue("id"))
		if err != nil {
			return err
		}
		writeTAXII(w, http.StatusOK, collectionJSON(c))
		return nil
	})
	s.taxii("GET /taxii2/api/collections/{id}/objects/{$}", func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
		return s.taxiiObjects(w, r, p, false)
	})
	s.taxii("GET /taxii2/api/collections/{id}/manifest/{$}", func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
		return s.taxiiObjects(w, r, p, true)
	})
	s.mux.Handle(taxiiPrefix, s.instrument(taxiiPrefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiHeaders(w)
		if allow := Allowed(s.mux, r, taxiiPrefix); allow != nil {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeTAXII(w, http.StatusMethodNotAllowed, taxiiError{Title: "Method Not Allowed", HTTPStatus: "405"})
			return
		}
		writeTAXII(w, http.StatusNotFound, taxiiError{Title: "Not Found", Description: "no such TAXII endpoint", HTTPStatus: "404"})
	})))
}

func collectionJSON(c *jisr.Collection) map[string]any {
	return map[string]any{
		"id": c.ID, "title": c.Title, "description": c.Description,
		"can_read": true, "can_write": false, "media_types": []string{stixMedia},
	}
}

// collection finds one of the caller's collections; another's is not
// found, like an absent one.
func (s *Server) collection(ctx context.Context, p jisr.Principal, id string) (*jisr.Collection, error) {
	cs, err := s.Feeds.Collections(ctx, p)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, jisr.Errorf(jisr.ENOTFOUND, "no collection %q", id)
}

func (s *Server) taxiiObjects(w http.ResponseWriter, r *http.Request, p jisr.Principal, manifest bool) error {
	q := r.URL.Query()
	var after time.Time
	if v := q.Get("added_after"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return jisr.Because("added_after", "timestamp")
		}
		after = t
	}
	limit := 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return jisr.Because("limit", "positive_count")
		}
		limit = n
	}
	types := splitMatch(q.Get("match[type]"))
	ids := splitMatch(q.Get("match[id]"))
	pg, err := s.Feeds.CollectionRecords(r.Context(), p, r.PathValue("id"), after, jisr.Page{Limit: limit, Cursor: q.Get("next")})
	if err != nil {
		return err
	}
	as, err := s.Agencies.Agencies(r.Context())
	if err != nil {
		return err
	}
	opt := stix.Options{Agencies: formats.AgencyMap(as), Now: time.Now()}
	seen := map[string]bool{}
	objects := []map[string]any{}
	manifestRows := []map[string]any{}
	var first, last time.Time
	for _, rec := range pg.Records {
		added := rec.UpdatedAt.UTC()
		for _, o := range stix.Objects(rec, opt) {
			id, _ := o["id"].(string)
			typ, _ := o["type"].(string)
			if seen[id] || (len(types) > 0 && !slices.Contains(types, typ)) || (len(ids) > 0 && !slices.Contains(ids, id)) {
				continue
			}
			seen[id] = true
			if first.IsZero() {
				first = added
			}
			last = added
			if manifest {
				version, _ := o["modified"].(string)
				if version == "" {
					version, _ = o["created"].(string)
				}
				manifestRows = append(manifestRows, map[string]any{"id": id, "date_added": stix.Timestamp(added), "version": version, "media_type": stixMedia})
			} else {
				objects = append(objects, o)
			}
		}
	}
	if !first.IsZero() {
		w.Header().Set("X-TAXII-Date-Added-First", stix.Timestamp(first))
		w.Header().Set("X-TAXII-Date-Added-Last", stix.Timestamp(last))
	}
	body := map[string]any{"more": pg.More}
	if pg.More {
		body["next"] = pg.Next
	}
	if manifest {
		body["objects"] = manifestRows
	} else {
		body["objects"] = objects
	}
	writeTAXII(w, http.StatusOK, body)
	return nil
}

func splitMatch(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}
