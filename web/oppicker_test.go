package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestOperationRecordPicker (issue 11): a participant finds records to
// link by words among those it reads, ticks them and links them; another
// agency's record it may not read is never offered.
func TestOperationRecordPicker(t *testing.T) {
	n := newNode(t, 0)
	jo := n.client(t)
	jo.login("jo.liaison")
	jo.lang = "en"
	sa := n.client(t)
	sa.login("sa.liaison")
	ours := seizureForm("PickOurs")
	ours.Set("title", "Pomegranate truck qxpickours")
	if r := jo.post("/records/new", "/records", ours); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("jo record: %d %s", r.StatusCode, firstError(r.body))
	}
	theirs := seizureForm("PickTheirs")
	theirs.Del("rel_agency")
	theirs.Set("place.country", "SA")
	theirs.Set("title", "Pomegranate truck qxpicktheirs")
	if r := sa.post("/records/new", "/records", theirs); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sa record: %d %s", r.StatusCode, firstError(r.body))
	}
	r := jo.post("/operations", "/operations", url.Values{"name": {"Pick"}, "participants": {"SA-GDNC"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d %s", r.StatusCode, firstError(r.body))
	}
	path := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
	page := jo.get(path + "?pick=pomegranate+truck")
	if page.StatusCode != 200 || !strings.Contains(page.body, "qxpickours") || !strings.Contains(page.body, `class="record-picker"`) {
		t.Fatalf("picker: %d, offers our record: %v", page.StatusCode, strings.Contains(page.body, "qxpickours"))
	}
	if strings.Contains(page.body, "qxpicktheirs") {
		t.Error("the picker offers a record the caller may not read")
	}
	id := strings.SplitN(strings.SplitN(page.body, `name="records" value="`, 2)[1], `"`, 2)[0]
	if r := jo.post(path, path+"/act", url.Values{"action": {"link"}, "records": {id}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("link picked: %d %s", r.StatusCode, firstError(r.body))
	}
	page = jo.get(path + "?pick=pomegranate+truck")
	if !strings.Contains(page.body, "/records/"+id) || strings.Contains(page.body, `name="records" value="`+id+`"`) {
		t.Error("the linked record is not listed, or still offered")
	}
	if none := jo.get(path + "?pick=qxnothingatall"); !strings.Contains(none.body, "No record you may read matches") {
		t.Error("no empty message")
	}
}
