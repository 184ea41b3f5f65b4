package http

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats"
	"github.com/jisr-cell/jisr/selectors"
)

type handler = func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error

func (s *Server) routes() []route {
	return append([]route{
		{"GET /api/v1/me", s.me},
		{"GET /api/v1/schemas", s.schemas},
		{"GET /api/v1/records", s.listRecords},
		{"POST /api/v1/records", s.createRecord},
		{"GET /api/v1/records/{id}", s.getRecord},
		{"PUT /api/v1/records/{id}", s.updateRecord},
		{"GET /api/v1/records/{id}/history", s.history},
		{"PUT /api/v1/records/{id}/releasability", s.setReleasability},
		{"POST /api/v1/records/{id}/attachments", s.addAttachment},
		{"GET /api/v1/records/{id}/attachments/{aid}", s.getAttachment},
		{"POST /api/v1/records/{id}/release-requests", s.requestRelease},
		{"GET /api/v1/release-requests", s.releaseRequests},
		{"POST /api/v1/release-requests/{rid}/answer", s.answerRelease},
		{"GET /api/v1/stats", s.stats},
		{"GET /api/v1/export", s.export},
		{"GET /api/v1/agencies", s.agencies},
		{"GET /api/v1/contacts", s.contacts},
		{"POST /api/v1/agencies", s.createAgency},
		{"GET /api/v1/users", s.users},
		{"POST /api/v1/users", s.createUser},
		{"POST /api/v1/users/{username}/disable", s.disableUser(true)},
		{"POST /api/v1/users/{username}/enable", s.disableUser(false)},
		{"POST /api/v1/users/{username}/password", s.resetPassword},
		{"POST /api/v1/users/{username}/reset-2fa", s.resetTwoFactor},
		{"GET /api/v1/login-locks", s.loginLocks},
		{"DELETE /api/v1/login-locks", s.clearLoginLocks},
		{"POST /api/v1/users/{username}/role", s.setRole},
		{"GET /api/v1/audit", s.audit},
		{"GET /api/v1/hits", s.hits},
		{"GET /api/v1/hits/groups", s.hitGroups},
		{"GET /api/v1/records/{id}/hits", s.recordHits},
		{"POST /api/v1/hits/{hid}/answer", s.answerHit},
		{"POST /api/v1/extract", s.extract},
		{"GET /api/v1/persons", s.persons},
		{"GET /api/v1/search", s.search},
		{"GET /api/v1/persons/groups", s.personGroups},
		{"GET /api/v1/profiles", s.profile},
		{"GET /api/v1/graph/neighbours", s.graphNeighbours},
		{"GET /api/v1/graph/path", s.graphPath},
	}, slices.Concat(s.requestRoutes(), s.lookoutRoutes(), s.operationRoutes(), s.outcomeRoutes())...)
}

// List is the envelope of every paginated list.
type List[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

func list[T any](items []T, next string) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, NextCursor: next}
}

// LoginRequest is the body of POST /api/v1/login. OTP is the code of the
// user's authenticator app, or one of their recovery codes; it is needed
// only when the user has enrolled a second factor.
type LoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	OTP      string `json:"otp,omitempty"`
}

// LoginResponse is its answer. Scope "enrol" means the session may only
// enrol a second factor (POST /api/v1/me/2fa, then /api/v1/me/2fa/confirm).
type LoginResponse struct {
	Token     string     `json:"token"`
	ExpiresAt time.Time  `json:"expires_at"`
	Scope     string     `json:"scope"`
	User      *jisr.User `json:"user"`
}

// MaxLoginBody is the largest login body accepted (413 beyond): a sign-in
// needs a few hundred bytes, and anything it carries may end up in the
// audit trail.
const MaxLoginBody = 4 << 10

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength > MaxLoginBody {
		return jisr.Errorf(jisr.ETOOLARGE, "the login body is larger than %d bytes", MaxLoginBody)
	}
	var req LoginRequest
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxLoginBody))
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return jisr.Errorf(jisr.ETOOLARGE, "the login body is larger than %d bytes", MaxLoginBody)
	}
	if err != nil {
		return jisr.Because("body", "upload_interrupted")
	}
	if err := jisr.DecodeJSON(b, &req); err != nil {
		return err
	}
	if req.Username == "" {
		return jisr.Because("username", "required")
	}
	if req.Password == "" {
		return jisr.Because("password", "required")
	}
	if err := jisr.CheckText("username", req.Username, jisr.MaxUsername); err != nil {
		return err
	}
	if err := jisr.ValidatePasswordText(req.Password); err != nil {
		return err
	}
	if err := jisr.CheckText("otp", req.OTP, jisr.MaxOTP); err != nil {
		return err
	}
	if s.Account == nil {
		token, sess, err := s.Users.Login(r.Context(), req.Username, req.Password, ClientAddr(r))
		if err != nil {
			return err
		}
		_, user, err := s.Users.Authenticate(r.Context(), token)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, LoginResponse{Token: token, ExpiresAt: sess.ExpiresAt, Scope: jisr.ScopeFull, User: user})
	}
	token, sess, err := s.Account.SignIn(r.Context(), jisr.Credentials{Username: req.Username, Password: req.Password, OTP: req.OTP, Addr: ClientAddr(r)})
	if err != nil {
		return err
	}
	_, user, scope, err := s.Account.AuthenticateEnrol(r.Context(), token)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, LoginResponse{Token: token, ExpiresAt: sess.ExpiresAt, Scope: scope, User: user})
}

// enrolRoutes are open to sessions limited to enrolling a second factor.
func (s *Server) enrolRoutes() []route {
	return []route{
		{"POST /api/v1/logout", s.logout},
		{"GET /api/v1/me/2fa", s.twoFactorStatus},
		{"POST /api/v1/me/2fa", s.twoFactorBegin},
		{"POST /api/v1/me/2fa/confirm", s.twoFactorConfirm},
	}
}

func (s *Server) twoFactorStatus(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.needAccount(); err != nil {
		return err
	}
	st, err := s.Account.TwoFactorStatus(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) twoFactorBegin(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.needAccount(); err != nil {
		return err
	}
	e, err := s.Account.BeginTOTP(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

// ConfirmRequest is the body of POST /api/v1/me/2fa/confirm.
type ConfirmRequest struct {
	OTP string `json:"otp"`
}

// ConfirmResponse gives the recovery codes, once.
type ConfirmResponse struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

func (s *Server) twoFactorConfirm(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.needAccount(); err != nil {
		return err
	}
	var req ConfirmRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	codes, err := s.Account.ConfirmTOTP(r.Context(), p, req.OTP)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ConfirmResponse{RecoveryCodes: codes})
}

func (s *Server) needAccount() error {
	if s.Account == nil {
		return jisr.Errorf(jisr.ENOTFOUND, "second factors are not available on this node")
	}
	return nil
}

func (s *Server) resetTwoFactor(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.needAccount(); err != nil {
		return err
	}
	if err := s.Account.ResetTwoFactor(r.Context(), p, r.PathValue("username")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) loginLocks(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.needAccount(); err != nil {
		return err
	}
	ls, err := s.Account.LoginLocks(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(ls, ""))
}

func (s *Server) clearLoginLocks(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.needAccount(); err != nil {
		return err
	}
	n, err := s.Account.ClearLoginLocks(r.Context(), p, r.URL.Query().Get("account"), r.URL.Query().Get("addr"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, struct {
		Lifted int `json:"lifted"`
	}{n})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.Users.Logout(r.Context(), p, bearer(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	_, u, err := s.Users.Authenticate(r.Context(), bearer(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, struct {
		*jisr.User
		Country string   `json:"country"`
		Groups  []string `json:"groups"`
	}{u, p.Country, p.Groups})
}

// schemaDoc is the catalogue a client needs to build forms.
type schemaDoc struct {
	Kinds         []jisr.Kind     `json:"kinds"`
	TLPs          []jisr.TLP      `json:"tlps"`
	Handlings     []jisr.Handling `json:"handlings"`
	Schemas       []*jisr.Schema  `json:"schemas"`
	PersonRoles   []string        `json:"person_roles"`
	LinkTypes     []string        `json:"link_types"`
	Concealments  []string        `json:"concealments"`
	Installations []string        `json:"installations"`
	Transports    []string        `json:"transports"`
	Routings      []string        `json:"routings"`
	Places        []jisr.PlaceRef `json:"places"`
	Roles         []jisr.Role     `json:"roles"`
}

func (s *Server) schemas(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	return writeJSON(w, http.StatusOK, schemaDoc{
		Kinds: jisr.Kinds, TLPs: jisr.TLPs, Handlings: jisr.Handlings, Schemas: jisr.Schemas,
		PersonRoles: jisr.PersonRoles, LinkTypes: jisr.LinkTypes, Concealments: jisr.Concealments,
		Installations: jisr.Installations, Transports: jisr.Transports, Routings: jisr.Routings,
		Places: jisr.Places, Roles: jisr.Roles,
	})
}

func page(r *http.Request) (jisr.Page, error) {
	q := r.URL.Query()
	p := jisr.Page{Cursor: q.Get("cursor")}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > jisr.MaxPageLimit {
			return p, jisr.Because("limit", "limit_range", jisr.MaxPageLimit)
		}
		p.Limit = n
	}
	return p, nil
}

func filter(r *http.Request) (jisr.RecordFilter, error) {
	q := r.URL.Query()
	pg, err := page(r)
	if err != nil {
		return jisr.RecordFilter{}, err
	}
	return jisr.RecordFilter{
		Kind: jisr.Kind(q.Get("kind")), Originator: q.Get("originator"), Country: q.Get("country"),
		From: q.Get("from"), To: q.Get("to"), Crossing: q.Get("crossing"), Text: q.Get("q"), Page: pg,
	}, nil
}

func (s *Server) listRecords(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	f, err := filter(r)
	if err != nil {
		return err
	}
	rs, next, err := s.Records.Records(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(rs, next))
}

func (s *Server) createRecord(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	var rec jisr.Record
	if err := decode(r, &rec); err != nil {
		return err
	}
	rec.ID, rec.Originator, rec.CreatedBy, rec.Attachments = "", "", "", nil
	if err := s.Records.CreateRecord(r.Context(), p, &rec); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/records/"+rec.ID)
	return writeJSON(w, http.StatusCreated, &rec)
}

func (s *Server) getRecord(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	rec, err := s.Records.Record(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}

func (s *Server) updateRecord(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	var rec jisr.Record
	if err := decode(r, &rec); err != nil {
		return err
	}
	if rec.Version == 0 {
		return jisr.Because("version", "version_required")
	}
	rec.ID = r.PathValue("id")
	if err := s.Records.UpdateRecord(r.Context(), p, &rec); err != nil {
		return err
	}
	out, err := s.Records.Record(r.Context(), p, rec.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) history(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	h, err := s.Records.History(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(h, ""))
}

func (s *Server) setReleasability(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	var rel jisr.Releasability
	if err := decode(r, &rel); err != nil {
		return err
	}
	if err := s.Records.SetReleasability(r.Context(), p, r.PathValue("id"), rel); err != nil {
		return err
	}
	out, err := s.Records.Record(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// addAttachment takes the file as the raw request body; its name comes in
// the "name" query parameter and its type in Content-Type.
func (s *Server) addAttachment(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	a, err := s.Records.AddAttachment(r.Context(), p, r.PathValue("id"), r.URL.Query().Get("name"), r.Header.Get("Content-Type"), r.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a)
}

func (s *Server) getAttachment(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	a, body, err := s.Records.Attachment(r.Context(), p, r.PathValue("id"), r.PathValue("aid"))
	if err != nil {
		return err
	}
	defer body.Close()
	w.Header().Set("Content-Type", a.MediaType)
	w.Header().Set("Content-Length", strconv.FormatInt(a.Size, 10))
	w.Header().Set("Content-Disposition", contentDisposition(a.Name))
	w.Header().Set("Digest", "sha-256="+a.SHA256)
	_, err = io.Copy(w, body)
	return err
}

// ReleaseRequestBody is the body of POST /records/{id}/release-requests.
// Kind "consent" asks the originator's consent to a use (use, to,
// purpose) instead of a wider releasability (wanted, reason).
type ReleaseRequestBody struct {
	Kind    string             `json:"kind"`
	Wanted  jisr.Releasability `json:"wanted"`
	Reason  string             `json:"reason"`
	Use     string             `json:"use"`
	To      string             `json:"to"`
	Purpose string             `json:"purpose"`
}

func (s *Server) requestRelease(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	var body ReleaseRequestBody
	if err := decode(r, &body); err != nil {
		return err
	}
	rr := &jisr.ReleaseRequest{RecordID: r.PathValue("id"), Kind: body.Kind, Wanted: body.Wanted, Reason: body.Reason,
		Use: body.Use, To: body.To, Purpose: body.Purpose}
	if err := s.Records.RequestRelease(r.Context(), p, rr); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rr)
}

func (s *Server) releaseRequests(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	rs, next, err := s.Records.ReleaseRequests(r.Context(), p, pg)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(rs, next))
}

// AnswerBody is the body of POST /release-requests/{rid}/answer.
type AnswerBody struct {
	Accept *bool  `json:"accept"`
	Answer string `json:"answer"`
}

func (s *Server) answerRelease(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	id := r.PathValue("rid")
	var body AnswerBody
	if err := decode(r, &body); err != nil {
		return err
	}
	if body.Accept == nil {
		return jisr.Because("accept", "accept_required")
	}
	if err := s.Records.AnswerRelease(r.Context(), p, id, *body.Accept, body.Answer); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	f, err := filter(r)
	if err != nil {
		return err
	}
	st, err := s.Records.Stats(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

// export streams the caller's exportable records in the format asked
// (format=jsonl, the default, ftm, misp, stix or ids): every format goes
// through ExportRecords (the policy's export rule, audited as an export).
func (s *Server) export(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	f, err := filter(r)
	if err != nil {
		return err
	}
	name := r.URL.Query().Get("format")
	info, err := formats.About(name)
	if err != nil {
		return err
	}
	if info.Kind != "" {
		if f.Kind != "" && f.Kind != info.Kind {
			return jisr.Because("kind", "format_kind", name, info.Kind)
		}
		f.Kind = info.Kind
	}
	as, err := s.Agencies.Agencies(r.Context())
	if err != nil {
		return err
	}
	o := formats.Options{Agencies: formats.AgencyMap(as), From: f.From, To: f.To, By: p.Username + " (" + p.Agency + ")"}
	// The whole export is written to a buffer first when the format needs
	// it (a workbook); the others stream, so an error after the first
	// bytes ends the body short rather than with an error document.
	var out io.Writer = w
	var buf *bytes.Buffer
	if info.Kind != "" {
		buf = new(bytes.Buffer)
		out = buf
	} else {
		w.Header().Set("Content-Type", info.ContentType)
		w.Header().Set("Content-Disposition", `attachment; filename="jisr-export.`+info.Extension+`"`)
	}
	fw, err := formats.New(name, out, o)
	if err != nil {
		return err
	}
	if _, err = s.Records.ExportRecords(r.Context(), p, f, fw.Write); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	if buf != nil {
		w.Header().Set("Content-Type", info.ContentType)
		w.Header().Set("Content-Disposition", `attachment; filename="jisr-export.`+info.Extension+`"`)
		_, err = w.Write(buf.Bytes())
	}
	return err
}

func (s *Server) agencies(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	as, err := s.Agencies.Agencies(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(as, ""))
}

// contacts lists the points of contact of the agencies named by agency
// (repeatable), of every agency without one: the default named recipients
// of a TLP:RED record.
func (s *Server) contacts(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	agencies := r.URL.Query()["agency"]
	if len(agencies) == 0 {
		as, err := s.Agencies.Agencies(r.Context())
		if err != nil {
			return err
		}
		for _, a := range as {
			agencies = append(agencies, a.Code)
		}
	}
	if len(agencies) > jisr.MaxPageLimit {
		return jisr.Because("agency", "too_many_agencies", jisr.MaxPageLimit)
	}
	cs, err := s.Users.Contacts(r.Context(), p, agencies)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(cs, ""))
}

func (s *Server) createAgency(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	var a jisr.Agency
	if err := decode(r, &a); err != nil {
		return err
	}
	if err := s.Agencies.CreateAgency(r.Context(), p, &a); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, &a)
}

func (s *Server) users(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	us, next, err := s.Users.Users(r.Context(), p, pg)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(us, next))
}

// CreateUserBody is the body of POST /users.
type CreateUserBody struct {
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Agency      string    `json:"agency"`
	Role        jisr.Role `json:"role"`
	Lang        string    `json:"lang"`
	Email       string    `json:"email"`
	Password    string    `json:"password"`
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	var b CreateUserBody
	if err := decode(r, &b); err != nil {
		return err
	}
	u := &jisr.User{Username: b.Username, DisplayName: b.DisplayName, Agency: b.Agency, Role: b.Role, Lang: b.Lang, Email: b.Email}
	if err := s.Users.CreateUser(r.Context(), p, u, b.Password); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, u)
}

func (s *Server) disableUser(disabled bool) handler {
	return func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
		if err := s.Users.SetDisabled(r.Context(), p, r.PathValue("username"), disabled); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// PasswordBody is the body of POST /users/{username}/password.
type PasswordBody struct {
	Password string `json:"password"`
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	var b PasswordBody
	if err := decode(r, &b); err != nil {
		return err
	}
	if err := s.Users.ResetPassword(r.Context(), p, r.PathValue("username"), b.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// RoleBody is the body of POST /users/{username}/role.
type RoleBody struct {
	Role jisr.Role `json:"role"`
}

func (s *Server) setRole(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	var b RoleBody
	if err := decode(r, &b); err != nil {
		return err
	}
	if err := s.Users.SetRole(r.Context(), p, r.PathValue("username"), b.Role); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) audit(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	q := r.URL.Query()
	pg, err := page(r)
	if err != nil {
		return err
	}
	f := jisr.AuditFilter{Actor: q.Get("actor"), Agency: q.Get("agency"), Action: q.Get("action"), Object: q.Get("object"),
		User: q.Get("user"), Term: q.Get("term"), Page: pg}
	if rec := q.Get("record"); rec != "" {
		if f.Object != "" && f.Object != rec {
			return jisr.Because("record", "record_or_object")
		}
		f.Object = rec
	}
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		if v := q.Get(t.name); v != "" {
			tm, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return jisr.Because(t.name, "time_rfc3339")
			}
			*t.dst = tm
		}
	}
	es, next, err := s.Audit.AuditEntries(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(es, next))
}

// hitFilter reads the inbox's filter from the query (checked by the
// engine: a bad value is invalid, naming the parameter).
func hitFilter(r *http.Request) jisr.HitFilter {
	q := r.URL.Query()
	return jisr.HitFilter{Kind: q.Get("kind"), Agency: q.Get("agency"), Status: q.Get("status"), Strength: q.Get("strength"), Group: q.Get("group")}
}

func (s *Server) hitGroups(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	gs, partial, err := s.Hits.HitGroups(r.Context(), p, hitFilter(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": gs, "partial": partial})
}

func (s *Server) hits(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	pg, err := page(r)
	if err != nil {
		return err
	}
	hs, next, err := s.Hits.Hits(r.Context(), p, hitFilter(r), pg)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(hs, next))
}

func (s *Server) recordHits(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	hs, err := s.Hits.RecordHits(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(hs, ""))
}

// HitAnswerBody is the body of POST /hits/{hid}/answer.
type HitAnswerBody struct {
	Release *bool `json:"release"`
}

func (s *Server) answerHit(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	// hid is the hit's opaque ref; the store answers not found alike for
	// an absent hit and one the caller may not see.
	var b HitAnswerBody
	if err := decode(r, &b); err != nil {
		return err
	}
	if b.Release == nil {
		return jisr.Because("release", "release_required")
	}
	if err := s.Hits.AnswerHit(r.Context(), p, r.PathValue("hid"), *b.Release); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// ExtractBody is the body of POST /extract.
type ExtractBody struct {
	Text    string `json:"text"`
	Country string `json:"country"`
}

// extract finds the selectors in a text (a narrative being written), so a
// form can offer them as entities. It reads no records.
func (s *Server) extract(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	var b ExtractBody
	if err := decode(r, &b); err != nil {
		return err
	}
	if err := jisr.CheckText("text", b.Text, jisr.MaxNarrative); err != nil {
		return err
	}
	if b.Country == "" {
		b.Country = p.Country
	}
	if !jisr.ValidCountry(b.Country) {
		return jisr.Because("country", "country")
	}
	found := selectors.Extract(b.Text, b.Country)
	if found == nil {
		found = []selectors.Selector{}
	}
	return writeJSON(w, http.StatusOK, list(found, ""))
}

// persons searches person and company names across scripts.
func (s *Server) persons(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	q := r.URL.Query()
	limit := 20
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 100 {
			return jisr.Because("limit", "limit_100")
		}
		limit = n
	}
	ms, err := s.Persons.SearchPersons(r.Context(), p, q.Get("name"), limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(ms, ""))
}

// score reads a name threshold in [0.3, 1] (absent: the default).
func score(q url.Values) (float64, error) {
	v := q.Get("min_score")
	if v == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0.3 || f > 1 {
		return 0, jisr.Because("min_score", "score_range")
	}
	return f, nil
}

// search finds records by words and by names across scripts, ranked
// among the records the caller may read.
func (s *Server) search(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if s.Search == nil {
		return jisr.Errorf(jisr.ENOTFOUND, "search is not available on this node")
	}
	f, err := filter(r)
	if err != nil {
		return err
	}
	q := jisr.SearchQuery{Filter: f, Sort: r.URL.Query().Get("sort")}
	if q.MinNameScore, err = score(r.URL.Query()); err != nil {
		return err
	}
	res, err := s.Search.Search(r.Context(), p, q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// personGroups finds persons and companies by name, one row per person.
func (s *Server) personGroups(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if s.Search == nil {
		return jisr.Errorf(jisr.ENOTFOUND, "search is not available on this node")
	}
	pg, err := page(r)
	if err != nil {
		return err
	}
	q := jisr.PersonQuery{Name: r.URL.Query().Get("name"), Page: pg}
	if q.MinScore, err = score(r.URL.Query()); err != nil {
		return err
	}
	res, err := s.Search.FindPersons(r.Context(), p, q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// profile gathers what the caller may read about a person, company or
// identifier.
func (s *Server) profile(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if s.Search == nil {
		return jisr.Errorf(jisr.ENOTFOUND, "profiles are not available on this node")
	}
	q := r.URL.Query()
	pr, err := s.Search.Profile(r.Context(), p, jisr.ProfileQuery{Type: q.Get("type"), Value: q.Get("value")})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pr)
}

func (s *Server) graphNeighbours(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	q := r.URL.Query()
	limit := 200
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			return jisr.Because("limit", "limit_1000")
		}
		limit = n
	}
	if q.Get("node") == "" {
		return jisr.Because("node", "graph_end")
	}
	g, err := s.Graph.Neighbours(r.Context(), p, q.Get("node"), limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}

func (s *Server) graphPath(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	q := r.URL.Query()
	for _, f := range []string{"from", "to"} {
		if q.Get(f) == "" {
			return jisr.Because(f, "graph_end")
		}
	}
	g, err := s.Graph.Path(r.Context(), p, q.Get("from"), q.Get("to"), 6)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}
