package web

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// viewPage is one record with what the caller may do with it.
type viewPage struct {
	R          *jisr.Record
	History    []versionRow
	Requests   []*jisr.ReleaseRequest // requests about this record the caller sees
	CanEdit    bool
	CanRelease bool
	CanRequest bool
	CanAnswer  bool
	// CanConsent: the caller may ask the originator's consent to a use
	// (policy.CanRequestConsent); ConsentUse is the use the form proposes
	// first (court for H1, onward for H2).
	CanConsent  bool
	ConsentUses []string
	ConsentUse  string
	Graph       string // JSON of entities and links for the link graph
	Rel         *relChoices
	Error       error
	ErrField    string
	HitsOn      bool        // the node matches records
	Hits        []*jisr.Hit // where this record meets others
}

// relChoices are the agencies, countries and groups a releasability can name.
type relChoices struct {
	Agencies  []*jisr.Agency
	Countries []string
	Groups    []string
	Current   jisr.Releasability
	// Contacts are each agency's points of contact (policy.Contact), the
	// people a TLP:RED record can be named to with a tick.
	Contacts map[string][]*jisr.Contact
	// Proposed is set when a TLP:RED record came without names: the form
	// is shown again with the contacts of its agencies ticked, to confirm.
	Proposed bool
}

// Others are the users of names, comma-separated, who are nobody's
// point of contact (named by hand).
func (c *relChoices) Others(names []string) string {
	var out []string
	for _, n := range names {
		listed := false
		for _, cs := range c.Contacts {
			for _, x := range cs {
				listed = listed || x.Username == n
			}
		}
		if !listed {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

// Named are the contacts of agency a.
func (c *relChoices) Named(a string) []*jisr.Contact { return c.Contacts[a] }

func (h *Handler) relChoices(r *http.Request, cur jisr.Releasability) (*relChoices, error) {
	as, err := h.cfg.Agencies.Agencies(r.Context())
	if err != nil {
		return nil, err
	}
	c := &relChoices{Agencies: as, Current: cur, Contacts: map[string][]*jisr.Contact{}}
	codes := make([]string, len(as))
	for i, a := range as {
		codes[i] = a.Code
	}
	if policy.CanListContacts(stateOf(r).P) == nil {
		cs, err := h.cfg.Users.Contacts(r.Context(), stateOf(r).P, codes)
		if err != nil {
			return nil, err
		}
		for _, x := range cs {
			c.Contacts[x.Agency] = append(c.Contacts[x.Agency], x)
		}
	}
	for _, a := range as {
		if !slices.Contains(c.Countries, a.Country) {
			c.Countries = append(c.Countries, a.Country)
		}
		for _, g := range a.Groups {
			if !slices.Contains(c.Groups, g) {
				c.Groups = append(c.Groups, g)
			}
		}
	}
	slices.Sort(c.Countries)
	slices.Sort(c.Groups)
	return c, nil
}

// relFrom reads releasability checkboxes.
func relFrom(r *http.Request) jisr.Releasability {
	return jisr.Releasability{
		Community: r.PostFormValue("rel_community") != "",
		Agencies:  nonEmpty(r.PostForm["rel_agency"]),
		Countries: nonEmpty(r.PostForm["rel_country"]),
		Groups:    nonEmpty(r.PostForm["rel_group"]),
		Users: nonEmpty(append(r.PostForm["rel_user"], strings.FieldsFunc(strings.ToLower(r.PostFormValue("rel_users")),
			func(c rune) bool { return c == ',' || c == '،' || unicode.IsSpace(c) })...)),
	}
}

func nonEmpty(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func (h *Handler) loadView(r *http.Request, id string) (*viewPage, error) {
	st := stateOf(r)
	rec, err := h.cfg.Records.Record(r.Context(), st.P, id)
	if err != nil {
		return nil, err
	}
	rec = policy.Redact(st.P, rec)
	v := &viewPage{R: rec}
	v.CanEdit = policy.CanUpdate(st.P, rec) == nil
	v.CanRelease = policy.CanRelease(st.P, rec) == nil
	v.CanRequest = policy.CanRequestRelease(st.P, rec) == nil
	v.CanAnswer = policy.CanAnswerRelease(st.P, rec) == nil
	if v.CanConsent = policy.CanRequestConsent(st.P, rec) == nil; v.CanConsent {
		v.ConsentUses, v.ConsentUse = jisr.ConsentUses, jisr.UseCourt
		if rec.Handling == jisr.H2 {
			v.ConsentUse = jisr.UseOnward
		}
	}
	hist, err := h.cfg.Records.History(r.Context(), st.P, id)
	if err != nil {
		return nil, err
	}
	v.History = historyRows(hist)
	// Release requests about this record: the first pages are enough on one screen.
	reqs, _, err := h.cfg.Records.ReleaseRequests(r.Context(), st.P, jisr.Page{Limit: jisr.MaxPageLimit})
	if err != nil {
		return nil, err
	}
	for _, q := range reqs {
		if q.RecordID == rec.ID {
			v.Requests = append(v.Requests, q)
		}
	}
	if v.Rel, err = h.relChoices(r, rec.Releasability); err != nil {
		return nil, err
	}
	v.Graph = graphJSON(rec, h.locale(r, st.User))
	if h.cfg.Hits != nil {
		v.HitsOn = true
		if v.Hits, err = h.cfg.Hits.RecordHits(r.Context(), st.P, id); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// graphJSON is the link graph of a record for Cytoscape.js.
func graphJSON(rec *jisr.Record, l Locale) string {
	if len(rec.Links) == 0 {
		return ""
	}
	type data struct {
		ID     string `json:"id"`
		Label  string `json:"label,omitempty"`
		Schema string `json:"schema,omitempty"`
		Source string `json:"source,omitempty"`
		Target string `json:"target,omitempty"`
	}
	type el struct {
		Data data `json:"data"`
	}
	var els []el
	for _, e := range rec.Entities {
		label := e.Caption()
		if vs := e.Props["name"]; len(vs) > 1 {
			label = vs[0] + "\n" + vs[1] // a name in both scripts
		}
		if s := jisr.SchemaByName(e.Schema); s != nil {
			if spec := s.Prop(s.Caption); spec != nil && spec.Type == jisr.PropEnum {
				label = l.TE("val", label)
			} else if spec != nil && spec.Type == jisr.PropIdentifier {
				label = "\u2066" + label + "\u2069" // an identifier reads left to right, even in Arabic
			}
		}
		els = append(els, el{data{ID: "n-" + e.ID, Label: label, Schema: e.Schema}})
	}
	for i, lk := range rec.Links {
		els = append(els, el{data{ID: "l" + strconv.Itoa(i), Label: l.TE("link", lk.Type), Source: "n-" + lk.From, Target: "n-" + lk.To}})
	}
	b, _ := json.Marshal(els)
	return string(b)
}

func (h *Handler) recordView(w http.ResponseWriter, r *http.Request) {
	v, err := h.loadView(r, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderView(w, r, http.StatusOK, v)
}

func (h *Handler) renderView(w http.ResponseWriter, r *http.Request, status int, v *viewPage) {
	p := h.page(w, r, "record.title", v)
	p.Title = v.R.Title
	h.renderPage(w, r, status, "record", p)
}

// viewWithError re-shows a record with the error of an action on it.
func (h *Handler) viewWithError(w http.ResponseWriter, r *http.Request, id string, actionErr error) {
	v, err := h.loadView(r, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Error, v.ErrField = actionErr, jisr.ErrorField(actionErr)
	h.renderView(w, r, statusOf(actionErr), v)
}

func (h *Handler) recordRelease(w http.ResponseWriter, r *http.Request) {
	st, id := stateOf(r), r.PathValue("id")
	if err := h.cfg.Records.SetReleasability(r.Context(), st.P, id, relFrom(r)); err != nil {
		h.viewWithError(w, r, id, err)
		return
	}
	http.Redirect(w, r, "/records/"+id+"?done=released", http.StatusSeeOther)
}

func (h *Handler) recordRequestRelease(w http.ResponseWriter, r *http.Request) {
	st, id := stateOf(r), r.PathValue("id")
	rr := &jisr.ReleaseRequest{RecordID: id, Wanted: relFrom(r), Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	if err := h.cfg.Records.RequestRelease(r.Context(), st.P, rr); err != nil {
		h.viewWithError(w, r, id, err)
		return
	}
	http.Redirect(w, r, "/records/"+id+"?done=requested", http.StatusSeeOther)
}

// recordRequestConsent asks the originator's consent to a use of the
// record (a release request of kind consent).
func (h *Handler) recordRequestConsent(w http.ResponseWriter, r *http.Request) {
	st, id := stateOf(r), r.PathValue("id")
	rr := &jisr.ReleaseRequest{Kind: jisr.ReleaseKindConsent, RecordID: id, Use: r.PostFormValue("use"),
		To: strings.TrimSpace(r.PostFormValue("to")), Purpose: strings.TrimSpace(r.PostFormValue("purpose"))}
	if err := h.cfg.Records.RequestRelease(r.Context(), st.P, rr); err != nil {
		h.viewWithError(w, r, id, err)
		return
	}
	http.Redirect(w, r, "/records/"+id+"?done=consent_asked#consent", http.StatusSeeOther)
}

func (h *Handler) requestAnswer(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	rid := r.PathValue("rid")
	accept := r.PostFormValue("decision") == "accept"
	back := safeNext(r.PostFormValue("next"))
	if err := h.cfg.Records.AnswerRelease(r.Context(), st.P, rid, accept, strings.TrimSpace(r.PostFormValue("answer"))); err != nil {
		h.renderError(w, r, err)
		return
	}
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"done=answered", http.StatusSeeOther)
}

func (h *Handler) attachmentAdd(w http.ResponseWriter, r *http.Request) {
	st, id := stateOf(r), r.PathValue("id")
	f, fh, err := r.FormFile("file")
	if err != nil {
		h.viewWithError(w, r, id, jisr.Because("file", "required"))
		return
	}
	defer f.Close()
	typ := fh.Header.Get("Content-Type")
	if typ == "" {
		typ = "application/octet-stream"
	}
	if _, err := h.cfg.Records.AddAttachment(r.Context(), st.P, id, fh.Filename, typ, f); err != nil {
		h.viewWithError(w, r, id, err)
		return
	}
	http.Redirect(w, r, "/records/"+id+"?done=attached", http.StatusSeeOther)
}

// attachmentGet sends an attachment as a download, never rendered inline,
// so an uploaded HTML or SVG file cannot run in the site's origin.
func (h *Handler) attachmentGet(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	a, body, err := h.cfg.Records.Attachment(r.Context(), st.P, r.PathValue("id"), r.PathValue("aid"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	defer body.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": jisr.CleanAttachmentName(a.Name)}))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("Cache-Control", "no-store")
	if a.Size > 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(a.Size, 10))
	}
	io.Copy(w, body)
}

// versionRow is one line of a record's history with what changed since the
// version before it.
type versionRow struct {
	jisr.RecordVersion
	Changed []string // translation keys of the changed fields
}

// historyRows compares each version with the one before it.
func historyRows(vs []jisr.RecordVersion) []versionRow {
	out := make([]versionRow, len(vs))
	for i, v := range vs {
		out[i].RecordVersion = v
		if i == 0 || v.Record == nil || vs[i-1].Record == nil {
			continue
		}
		out[i].Changed = changedFields(vs[i-1].Record, v.Record)
	}
	return out
}

func changedFields(a, b *jisr.Record) []string {
	var ch []string
	add := func(changed bool, key string) {
		if changed {
			ch = append(ch, key)
		}
	}
	j := func(v any) string { x, _ := json.Marshal(v); return string(x) }
	add(a.Title != b.Title, "field.title")
	add(a.NarrativeAR != b.NarrativeAR, "field.narrative_ar")
	add(a.NarrativeEN != b.NarrativeEN, "field.narrative_en")
	add(a.OccurredOn != b.OccurredOn, "field.occurred_on")
	add(j(a.Place) != j(b.Place), "field.place")
	add(a.Grading != b.Grading, "field.grading")
	add(a.Handling != b.Handling || a.HandlingConditions != b.HandlingConditions, "field.handling")
	add(a.TLP != b.TLP, "TLP")
	add(j(a.Releasability) != j(b.Releasability), "field.releasability")
	add(j(a.Seizure) != j(b.Seizure), "form.seizure")
	add(j(a.Facility) != j(b.Facility), "form.facility")
	add(j(a.Entities) != j(b.Entities), "record.entities")
	add(j(a.Links) != j(b.Links), "record.links")
	add(len(a.Attachments) != len(b.Attachments), "record.attachments")
	return ch
}
