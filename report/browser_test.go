package report_test

import (
	"context"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// browser finds a Chromium to drive headless, or skips the test saying how
// to get one.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on PATH: the report is checked in a browser only where one is installed (Debian: apt-get install chromium; .ci/run installs it)")
	return ""
}

// chromium runs a headless Chromium on the file with extra flags, logging
// the page's console to stderr and the network to a net log, and returns
// stdout, stderr and the net log's path.
func chromium(t *testing.T, bin, page string, flags ...string) (stdout, stderr, netlog string) {
	t.Helper()
	dir := t.TempDir()
	netlog = filepath.Join(dir, "net.json")
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--hide-scrollbars", "--user-data-dir=" + filepath.Join(dir, "profile"),
		"--enable-logging=stderr", "--v=0", "--log-net-log=" + netlog}, flags...)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(args, "file://"+page)...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	return out.String(), errb.String(), netlog
}

// pageRequests returns the URLs the page itself asked for: URL requests in
// the net log whose initiator is the page's file origin ("null"). Chromium's
// own background requests have no such initiator.
func pageRequests(t *testing.T, netlog string) []string {
	t.Helper()
	b, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatalf("no net log: %v", err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int `json:"type"`
			Params struct {
				URL       string `json:"url"`
				Initiator string `json:"initiator"`
			} `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatalf("net log: %v", err)
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("net log without URL_REQUEST_START_JOB events: cannot tell requests apart")
	}
	var out []string
	for _, e := range log.Events {
		if e.Type == start && e.Params.Initiator == "null" {
			out = append(out, e.Params.URL)
		}
	}
	return out
}

// consoleLines are the page's console messages Chromium logged.
func consoleLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, ":CONSOLE") || strings.Contains(l, "Refused to") {
			out = append(out, l)
		}
	}
	return out
}

// TestBrowserCatchesWhatItShould: the checks below can fail. A page that
// loads an image from the network and logs an error is caught by both.
func TestBrowserCatchesWhatItShould(t *testing.T) {
	bin := browser(t)
	bad := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(bad, []byte(`<html><body><img src="http://example.invalid/x.png"><script>console.error("boom")</script></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, netlog := chromium(t, bin, bad, "--dump-dom")
	if len(consoleLines(stderr)) == 0 {
		t.Error("a console error was not seen")
	}
	if reqs := pageRequests(t, netlog); len(reqs) == 0 {
		t.Error("the page's network request was not seen")
	}
}

// TestReportInBrowser opens a plain and a scenario report in headless
// Chromium, as a reader would: no console message, no network request,
// every chart present and drawn in the rendered page, and a screenshot
// that is not blank.
func TestReportInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("generates datasets and starts a browser")
	}
	bin := browser(t)
	for _, c := range []struct {
		name, scenario string
		n              int64
		charts         []string
	}{{"plain", "", 2000, plainCharts}, {"scenario", "frailty-polypharmacy", 0, scenarioCharts}} {
		t.Run(c.name, func(t *testing.T) {
			page, _ := render(t, generate(t, c.n, c.scenario))
			dom, stderr, netlog := chromium(t, bin, page, "--dump-dom")
			for _, l := range consoleLines(stderr) {
				t.Errorf("console: %s", l)
			}
			for _, u := range pageRequests(t, netlog) {
				t.Errorf("network request: %s", u)
			}
			if !strings.Contains(dom, "</svg>") {
				t.Fatal("the rendered page has no SVG")
			}
			checkSelfContained(t, dom, c.charts...)

			shot := filepath.Join(t.TempDir(), "shot.png")
			chromium(t, bin, page, "--window-size=1200,1600", "--screenshot="+shot)
			checkNotBlank(t, shot)
		})
	}
}

// checkNotBlank: the screenshot has ink on a good part of it and in many
// colours (text, bars, dots), not a white or one-colour page.
func checkNotBlank(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	b := img.Bounds()
	colours := map[[3]uint32]bool{}
	ink, all := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			all++
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				ink++
			}
			colours[[3]uint32{r >> 12, g >> 12, bl >> 12}] = true
		}
	}
	if share := float64(ink) / float64(all); share < 0.03 || len(colours) < 20 {
		t.Errorf("screenshot looks blank: %.1f%% of pixels inked, %d colours", 100*share, len(colours))
	}
}
