package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserRequest: a request sent in the browser by Jordan's liaison
// officer (English) reaches Iraq's liaison officer (Arabic) live — the
// unread count in the header rises without a reload (server-sent events,
// within the page's CSP) — who opens it, right to left, and answers it.
func TestBrowserRequest(t *testing.T) {
	n := newNode(t, 0)
	dir := shots(t)
	iq := browser(t)
	loginAs(t, iq, n.URL, "iq.liaison")
	run(t, iq, chromedp.Navigate(n.URL+"/requests"), chromedp.WaitReady(`#unread`))
	if dir := get(t, iq, chromedp.Evaluate[string](`document.documentElement.dir`)); dir != "rtl" {
		t.Errorf("Iraq's page is %q, want rtl", dir)
	}

	jo := browser(t)
	loginAs(t, jo, n.URL, "jo.liaison")
	run(t, jo,
		chromedp.Navigate(n.URL+"/requests/new"),
		chromedp.WaitVisible(`input[name=subject]`),
		chromedp.Click(`input[name=to][value="IQ-GDNA"]`),
		fill(map[string]string{"subject": "Refrigerated truck SY 123456 at Trebil", "body": "Is the driver known to you?", "priority": "urgent"}),
		chromedp.Click(`form[action="/requests"] button.primary`),
		chromedp.WaitVisible(`.flash`),
	)
	noCSPViolations(t, jo, "request sent")
	screenshot(t, jo, dir, "request-en")
	reqURL := get(t, jo, chromedp.Evaluate[string](`location.pathname`))

	// The badge on Iraq's open page shows the notice without a reload.
	deadline := time.Now().Add(20 * time.Second)
	for {
		shown := get(t, iq, chromedp.Evaluate[bool](`!document.getElementById("unread").hidden && document.querySelector("#unread bdi").textContent.trim() !== "0"`))
		if shown {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the unread count did not rise live")
		}
		time.Sleep(200 * time.Millisecond)
	}
	noCSPViolations(t, iq, "live notice")
	run(t, iq,
		chromedp.Navigate(n.URL+reqURL),
		chromedp.WaitVisible(`form[action$="/act"] textarea[name=text]`),
		fill(map[string]string{"text": "السائق معروف لدينا منذ 2024."}),
		chromedp.Click(`form[action$="/act"] button.primary`),
		chromedp.WaitVisible(`.flash`),
	)
	body := get(t, iq, chromedp.Evaluate[string](`document.body.innerText`))
	if !strings.Contains(body, "السائق معروف لدينا منذ 2024.") || !strings.Contains(body, "تم الرد") {
		t.Errorf("the answered request in Arabic: %.400s", body)
	}
	noCSPViolations(t, iq, "request answered")
	screenshot(t, iq, dir, "request-ar")
}
