package web_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestImportSheet: a seizure log with Arabic headers is uploaded; the page
// proposes the mapping from the headers, previews the first rows with the
// errors of a bad row by row and column, refuses to import the sheet while
// a row is bad (nothing written), imports the good sheet, and a second
// import creates nothing twice. Another agency does not see the records.
func TestImportSheet(t *testing.T) {
	n := newNode(t, 0)
	c := n.client(t)
	c.login("jo.officer")
	if r := c.get("/import"); r.StatusCode != 200 || !strings.Contains(r.body, `enctype="multipart/form-data"`) || !strings.Contains(r.body, `href="/import"`) {
		t.Fatalf("import page: %d", r.StatusCode)
	}
	const good = "رقم القضية,تاريخ الضبط,المنفذ,المادة,الكمية,الوحدة,اسم المتهم\n" +
		"ق/٧١,٠٣/٠٢/٢٠٢٥,جابر,كبتاغون,١٢٠٠٠٠,حبة,قاسم خالد الزعبيqx\n" +
		"ق/٧٢,01/09/1446 هـ,العقبة,حشيش,25,كغ,\n"
	const bad = good + "ق/٧٣,31/02/2025,جابر,كبتاغون,كثير,حبة,\n"
	upload := func(csv string) string {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("csrf", c.csrf("/import"))
		fw, _ := mw.CreateFormFile("file", "log.csv")
		fw.Write([]byte(csv))
		mw.Close()
		req, _ := http.NewRequest("POST", n.URL+"/import", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("upload: %d %s", res.StatusCode, b)
		}
		return string(b)
	}
	page := upload(bad)
	for _, want := range []string{`<option value="occurred_on" selected>`, `<option value="seizure.crossing" selected>`, `<option value="drug.amount" selected>`,
		"JO-JABER", "B «تاريخ الضبط»", "E «الكمية»", "2025-03-01"} {
		if !strings.Contains(html.UnescapeString(page), want) {
			t.Errorf("preview lacks %s", want)
		}
	}
	// import sends the page's form back with action=import.
	importPage := func(page string) (int, string) {
		t.Helper()
		form := url.Values{"action": {"import"}}
		for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
			form.Set(m[1], html.UnescapeString(m[2]))
		}
		for _, m := range regexp.MustCompile(`<select name="(col\d+)"[^>]*>.*?<option value="([^"]+)" selected>`).FindAllStringSubmatch(page, -1) {
			form.Set(m[1], m[2])
		}
		r := c.do("POST", "/import", form, nil)
		return r.StatusCode, html.UnescapeString(r.body)
	}
	if code, body := importPage(page); code < 400 || !strings.Contains(body, "line 4") {
		t.Fatalf("import of a sheet with a bad row: %d %s", code, firstError(body))
	}
	if r := c.get("/records?q=qx"); strings.Contains(r.body, "قاسم") {
		t.Fatal("a refused import left records")
	}
	page = upload(good)
	for i, want := range []string{"2</bdi> · ", "0</bdi> · "} {
		code, body := importPage(page)
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("import %d: %d %s", i+1, code, firstError(body))
		}
	}
	// The agency's mapping is remembered for a sheet with these headers:
	// a column set to "ignore" stays ignored for a colleague.
	page = upload(good)
	form := url.Values{"action": {"import"}}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`<select name="(col\d+)"[^>]*>.*?<option value="([^"]+)" selected>`).FindAllStringSubmatch(page, -1) {
		form.Set(m[1], m[2])
	}
	form.Set("col6", "ignore") // the suspect's name
	if r := c.do("POST", "/import", form, nil); r.StatusCode != 200 {
		t.Fatalf("import with a changed mapping: %d %s", r.StatusCode, firstError(r.body))
	}
	c2 := n.client(t)
	c2.login("jo.analyst")
	c = c2
	page = upload(good)
	if !strings.Contains(page, `<select name="col6" aria-label="اسم المتهم"><option value="external_id">`) && !strings.Contains(html.UnescapeString(page), `name="col6"`) {
		t.Fatal("no column 6")
	}
	if m := regexp.MustCompile(`<select name="col6"[^>]*>.*?<option value="([^"]+)" selected>`).FindStringSubmatch(page); m == nil || m[1] != "ignore" {
		t.Errorf("the remembered mapping is not used: %v", m)
	}
	sa := n.client(t)
	sa.login("sa.analyst")
	c = sa
	if page := upload(good); !strings.Contains(page, `<option value="person.name" selected>`) {
		t.Error("another agency got JO's remembered mapping")
	}
	if r := sa.get("/records?q=قاسم"); strings.Contains(r.body, "قاسم خالد") {
		t.Error("another agency sees the imported records")
	}
}
