package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/postgres"
	"github.com/jisr-cell/jisr/postgres/pgtest"
	"github.com/jisr-cell/jisr/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// node opens a store and its engine on the database url with the node's
// folder dir, as one `jisr serve` process does; both close at the end of t.
func node(t *testing.T, url, dir string) (*engine.Engine, *postgres.Store) {
	t.Helper()
	s, err := postgres.Open(context.Background(), url, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	key, err := s.Derive(engine.TOTPKeyInfo, 32)
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(s, engine.WithTOTPKey(key))
	t.Cleanup(func() { e.Close() })
	return e, s
}

// within polls f until it holds or d passes.
func within(d time.Duration, f func() bool) bool {
	for end := time.Now().Add(d); ; time.Sleep(50 * time.Millisecond) {
		if f() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
	}
}

// TestTwoProcesses: two stores and engines on one database behave as one
// node: a token issued by one is valid on the other; a record created
// through one is found (records, full text, person search through the
// name index kept current by LISTEN/NOTIFY) and matched through the
// other; a notice stored by one reaches a live stream of the other.
func TestTwoProcesses(t *testing.T) {
	ctx := context.Background()
	url, dir := pgtest.URL(t), t.TempDir()
	a, _ := node(t, url, dir)
	b, _ := node(t, url, dir)
	storetest.Seed(t, a)

	// Tokens: signed in on A, known on B.
	token, _, err := a.Login(ctx, "iq.analyst", storetest.Password, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	iqB, _, err := b.Authenticate(ctx, token)
	if err != nil || iqB.Agency != "IQ-GDNA" {
		t.Fatalf("A's token on B: %+v %v", iqB, err)
	}
	joL := storetest.As(t, a, "jo.liaison")

	// The live stream of an Iraqi liaison officer is on B.
	iqLB := storetest.As(t, b, "iq.liaison")
	events, stop, err := b.Events(ctx, iqLB)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	// Jordan creates a record through A, released to Iraq, naming a person
	// in Arabic script and carrying a phone.
	r := storetest.Seizure("qxtwoproc", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	r.Entities = append(r.Entities,
		jisr.Entity{ID: "s1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {"محمد عبد الله الأسعد"}}},
		jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {"+962791234567"}}})
	if err := a.CreateRecord(ctx, joL, r); err != nil {
		t.Fatal(err)
	}
	// Found through B: by id, by a word, by the person's name in Latin letters.
	if got, err := b.Record(ctx, iqB, r.ID); err != nil || got.ID != r.ID {
		t.Fatalf("B does not find A's record: %v", err)
	}
	if rs, _, err := b.Records(ctx, iqB, jisr.RecordFilter{Text: "qxtwoproc"}); err != nil || len(rs) != 1 {
		t.Fatalf("B's full-text search: %d %v", len(rs), err)
	}
	if !within(10*time.Second, func() bool {
		ms, err := b.SearchPersons(ctx, iqB, "Muhamad Abdulla Alasad", 10)
		return err == nil && len(ms) > 0 && ms[0].RecordID == r.ID
	}) {
		t.Fatal("B's name index never learnt the person A's record names")
	}
	// A Saudi officer, who may not read the record, finds nothing through B.
	saB := storetest.As(t, b, "sa.officer")
	if ms, _ := b.SearchPersons(ctx, saB, "Muhamad Abdulla Alasad", 10); len(ms) != 0 {
		t.Fatalf("B shows another agency's person: %+v", ms)
	}

	// Matched through B: Iraq's record through B with the same phone hits
	// Jordan's record written through A; Jordan sees the hit through A.
	q := storetest.Seizure("qxtwoprociq", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	q.Place.Country = "IQ"
	q.NarrativeEN += " The driver called +962 79 123 4567."
	if err := b.CreateRecord(ctx, iqB, q); err != nil {
		t.Fatal(err)
	}
	hs, err := b.RecordHits(ctx, iqB, q.ID)
	if err != nil || len(hs) == 0 {
		t.Fatalf("no hit through B: %v", err)
	}
	jo := storetest.As(t, a, "jo.analyst")
	inbox, _, err := a.Hits(ctx, jo, jisr.HitFilter{}, jisr.Page{})
	if err != nil || len(inbox) == 0 {
		t.Fatalf("A's inbox lacks the hit made through B: %d %v", len(inbox), err)
	}

	// A person lookout issued through A catches a record written through B
	// (B's name index of lookouts learns it from A's commit).
	iqL := storetest.As(t, a, "iq.liaison")
	person := &jisr.Lookout{Type: jisr.LookPerson, Value: "Ahmad Khalil Al-Zoubi", To: []string{"JO-AND"}, Expires: time.Now().Add(24 * time.Hour)}
	if err := a.CreateLookout(ctx, iqL, person); err != nil {
		t.Fatal(err)
	}
	joB := storetest.As(t, b, "jo.analyst")
	if !within(10*time.Second, func() bool {
		named := storetest.Seizure("qxtwoproclook", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		named.Entities[1].Props["name"] = []string{"أحمد خليل الزعبي"}
		if err := b.CreateRecord(ctx, joB, named); err != nil {
			t.Fatal(err)
		}
		ms, err := a.LookoutMatches(ctx, iqL, person.ID)
		return err == nil && len(ms) > 0
	}) {
		t.Fatal("a person lookout issued through A never caught a record written through B")
	}

	// Notified through B: Jordan's request to Iraq, sent through A, reaches
	// the Iraqi liaison officer's stream on B.
	req := &jisr.Request{To: []string{"IQ-GDNA"}, Subject: "qxtwoproc request", Body: "Who is the driver?", Priority: jisr.PriorityHigh}
	if err := a.CreateRequest(ctx, jo, req); err != nil {
		t.Fatal(err)
	}
	// (The stream also carries the lookout's notices, above.)
	deadline := time.After(10 * time.Second)
	for got := false; !got; {
		select {
		case n := <-events:
			if n == nil {
				t.Fatal("B's stream closed")
			}
			got = n.Object == req.ID && n.Kind == jisr.NoteRequestNew
		case <-deadline:
			t.Fatal("the notice stored through A never reached the stream on B")
		}
	}
}

// TestConcurrentWriters: three processes write at once; the audit trail is
// one chain that verifies, with every entry.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	url, dir := pgtest.URL(t), t.TempDir()
	var es []*engine.Engine
	var ss []*postgres.Store
	for range 3 {
		e, s := node(t, url, dir)
		es, ss = append(es, e), append(ss, s)
	}
	storetest.Seed(t, es[0])
	const each = 15
	var wg sync.WaitGroup
	errs := make(chan error, len(es)*each)
	for i, e := range es {
		p := storetest.As(t, e, "jo.analyst")
		for w := range 3 {
			wg.Go(func() {
				for k := range each / 3 {
					r := storetest.Seizure(fmt.Sprintf("qxconc%d%d%d", i, w, k), jisr.TLPAmber, jisr.H0, jisr.Releasability{})
					if err := e.CreateRecord(ctx, p, r); err != nil {
						errs <- err
						return
					}
					if _, _, err := e.Records(ctx, p, jisr.RecordFilter{Text: "pomegranates"}); err != nil {
						errs <- err
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n, err := ss[1].VerifyTrail(ctx)
	if err != nil {
		t.Fatalf("the trail written by three processes does not verify: %v", err)
	}
	var rows int64
	if err := ss[2].Pool().QueryRow(ctx, `SELECT count(*) FROM audit`).Scan(&rows); err != nil || rows != n || n < 2*3*each {
		t.Fatalf("verified %d entries of %d (want at least %d): %v", n, rows, 2*3*each, err)
	}
	if total, _ := ss[0].TotalRecords(ctx); total != 3*each {
		t.Fatalf("%d records, want %d", total, 3*each)
	}
}

// TestMigrateOnce: several processes opening a new database at once apply
// the migrations once.
func TestMigrateOnce(t *testing.T) {
	url, dir := pgtest.URL(t), t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			s, err := postgres.Open(context.Background(), url, dir)
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	_, s := node(t, url, dir)
	var n, distinct int
	if err := s.Pool().QueryRow(context.Background(), `SELECT count(*), count(DISTINCT name) FROM schema_migrations`).Scan(&n, &distinct); err != nil || n != distinct || n == 0 {
		t.Fatalf("migrations applied %d times for %d names: %v", n, distinct, err)
	}
}

// TestPeerChangesPruned: rows of peer_changes are removed once every
// process still reading has read them, kept while one has not (a process
// that closes stops holding them), and removed after PeerKeep whoever has
// not read them, with the readers gone silent for that long.
func TestPeerChangesPruned(t *testing.T) {
	ctx := context.Background()
	url, dir := pgtest.URL(t), t.TempDir()
	a, sa := node(t, url, dir)
	b, _ := node(t, url, dir)
	storetest.Seed(t, a)
	count := func(table string) int {
		var n int
		if err := sa.Pool().QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	joL := storetest.As(t, a, "jo.liaison")
	joB := storetest.As(t, b, "jo.liaison")
	create := func(word, name string) {
		t.Helper()
		r := storetest.Seizure(word, jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		r.Entities[1].Props["name"] = []string{name}
		if err := a.CreateRecord(ctx, joL, r); err != nil {
			t.Fatal(err)
		}
		if !within(10*time.Second, func() bool {
			ms, err := b.SearchPersons(ctx, joB, name, 10)
			return err == nil && len(ms) > 0 && ms[0].RecordID == r.ID
		}) {
			t.Fatalf("B never learnt the name %q", name)
		}
	}
	prunedWithin := func(now func() time.Time) bool {
		return within(10*time.Second, func() bool {
			if err := sa.PrunePeers(ctx, now()); err != nil {
				t.Fatal(err)
			}
			return count("peer_changes") == 0
		})
	}

	// Read by both processes: removed.
	create("qxprune1", "Khaled Omar Haddad")
	if count("peer_changes") == 0 {
		t.Fatal("the write left no row for the other process")
	}
	if !prunedWithin(time.Now) {
		t.Fatalf("rows read by every process are kept: %d", count("peer_changes"))
	}

	// A third process that has not read them yet holds them, until it closes.
	c, err := postgres.Open(ctx, url, dir)
	if err != nil {
		t.Fatal(err)
	}
	create("qxprune2", "Samir Fadi Nasser")
	time.Sleep(2 * time.Second) // A and B have read the row
	if err := sa.PrunePeers(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if count("peer_changes") == 0 {
		t.Fatal("a row another process has not read was pruned")
	}
	c.Close()
	if !prunedWithin(time.Now) {
		t.Fatalf("rows are kept for a process that closed: %d", count("peer_changes"))
	}

	// A process that stops reading without closing (a crash) holds them
	// for PeerKeep at most; then the rows and its reader row go.
	d, err := postgres.Open(ctx, url, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	create("qxprune3", "Rami Yousef Saleh")
	if err := sa.PrunePeers(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if count("peer_changes") == 0 {
		t.Fatal("a row the silent process has not read was pruned at once")
	}
	readers := count("peer_readers")
	if !prunedWithin(func() time.Time { return time.Now().Add(postgres.PeerKeep + time.Minute) }) {
		t.Fatalf("rows older than PeerKeep are kept: %d", count("peer_changes"))
	}
	if n := count("peer_readers"); n >= readers {
		t.Fatalf("the silent readers were not removed: %d of %d", n, readers)
	}
}

// TestJobsOnce: a background job runs in one process at a time (while A
// runs it, B's turn is skipped; once A is done, B runs it), and the sweeps
// of two processes at once expire each due lookout once, with one audit
// entry each.
func TestJobsOnce(t *testing.T) {
	ctx := context.Background()
	url, dir := pgtest.URL(t), t.TempDir()
	a, sa := node(t, url, dir)
	b, sb := node(t, url, dir)
	storetest.Seed(t, a)

	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		ran, err := sa.Exclusive(ctx, "qx-job", func(context.Context) error {
			close(inside)
			<-release
			return nil
		})
		if err == nil && !ran {
			err = fmt.Errorf("A did not run the job")
		}
		done <- err
	}()
	<-inside
	ranB := false
	if ran, err := sb.Exclusive(ctx, "qx-job", func(context.Context) error { ranB = true; return nil }); err != nil || ran || ranB {
		t.Fatalf("B ran the job while A ran it: ran %v %v", ran, err)
	}
	if ran, err := sb.Exclusive(ctx, "qx-other-job", func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("another job was held up: %v %v", ran, err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if ran, err := sb.Exclusive(ctx, "qx-job", func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("B could not run the job after A: %v %v", ran, err)
	}

	// Lookouts come due; both processes sweep at once, several times.
	iqL := storetest.As(t, a, "iq.liaison")
	const due = 3
	for i := range due {
		l := &jisr.Lookout{Type: jisr.LookPhone, Value: fmt.Sprintf("+96279123450%d", i), To: []string{"JO-AND"}, Expires: time.Now().Add(time.Hour)}
		if err := a.CreateLookout(ctx, iqL, l); err != nil {
			t.Fatal(err)
		}
	}
	later := time.Now().Add(2 * time.Hour)
	var wg sync.WaitGroup
	var mu sync.Mutex
	expired := 0
	for range 3 {
		for _, e := range []*engine.Engine{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := e.SweepLookouts(ctx, later)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				expired += n
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	var entries int
	if err := sa.Pool().QueryRow(ctx, `SELECT count(*) FROM audit WHERE action = $1 AND outcome = 'ok'`, jisr.ActLookoutExpire).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if expired != due || entries != due {
		t.Fatalf("%d lookouts due: the sweeps expired %d, with %d audit entries", due, expired, entries)
	}
}

// TestSharedThrottle: a sign-in back-off started by failures on A holds on
// B (the right password is refused there too), and B's next failure
// counts on from A's.
func TestSharedThrottle(t *testing.T) {
	ctx := context.Background()
	url, dir := pgtest.URL(t), t.TempDir()
	a, sa := node(t, url, dir)
	b, _ := node(t, url, dir)
	storetest.Seed(t, a)
	// B's throttle is in use before A's failures (not restored from the
	// store afterwards).
	if _, _, err := b.Login(ctx, "iq.analyst", storetest.Password, "10.9.0.1"); err != nil {
		t.Fatal(err)
	}
	const addr = "10.9.0.2"
	var locked error
	for i := 0; i < 20 && jisr.ErrorCode(locked) != jisr.ERATELIMIT; i++ {
		_, _, locked = a.Login(ctx, "iq.analyst", "wrong password", addr)
	}
	if jisr.ErrorCode(locked) != jisr.ERATELIMIT {
		t.Fatalf("A never throttled: %v", locked)
	}
	// (The NOTIFY takes a moment: until every process has read the change
	// log to its end.)
	if !within(10*time.Second, func() bool {
		var read bool
		if err := sa.Pool().QueryRow(ctx, `SELECT (SELECT min(pos) FROM peer_readers) >= (SELECT max(pos) FROM peer_changes)`).Scan(&read); err != nil {
			t.Fatal(err)
		}
		return read
	}) {
		t.Fatal("B never read A's changes")
	}
	if _, _, err := b.Login(ctx, "iq.analyst", storetest.Password, addr); jisr.ErrorCode(err) != jisr.ERATELIMIT {
		t.Fatalf("B let in the account A throttles from that address: %v", err)
	}
	if _, _, err := b.Login(ctx, "iq.analyst", storetest.Password, "10.9.0.3"); err != nil {
		t.Fatalf("another address is throttled too: %v", err)
	}
}
