// Peer benchmark: validate every exchange of a HAR file against an OpenAPI spec with kin-openapi
// (openapi3filter), and print one summary line plus the most common error messages.
//
// Usage: kin-openapi-peer [-top N] [-circular N] SPEC HAR
//
// The clock starts after the spec is loaded and the router built (that time is printed on its own) and
// covers streaming the HAR, decoding each entry and validating its request and response.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

type nameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harEntry struct {
	Request struct {
		Method   string      `json:"method"`
		URL      string      `json:"url"`
		Headers  []nameValue `json:"headers"`
		PostData *struct {
			MimeType string `json:"mimeType"`
			Text     string `json:"text"`
		} `json:"postData"`
	} `json:"request"`
	Response struct {
		Status  int         `json:"status"`
		Headers []nameValue `json:"headers"`
		Content struct {
			MimeType string `json:"mimeType"`
			Text     string `json:"text"`
			Encoding string `json:"encoding"`
		} `json:"content"`
	} `json:"response"`
}

// The marker header the project's HAR generator puts on exchanges with a seeded mistake.
const mutationHeader = "X-Bench-Mutation"

type counters struct {
	exchanges, flagged, routeNotFound, requestErrors, responseErrors int
	marked, flaggedMarked                                            int
	messages                                                         map[string]*tally
	missedKinds                                                      map[string]int // marked but not flagged
}

// tally counts one error message: on every exchange, and on unmarked exchanges (likely false positives).
type tally struct{ all, unmarked int }

func main() {
	top := flag.Int("top", 5, "how many of the most common error messages to print")
	circular := flag.Int("circular", 20, "openapi3.CircularReferenceCounter (the default, 3, is too low for Stripe's spec)")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: kin-openapi-peer [-top N] [-circular N] SPEC HAR")
		os.Exit(2)
	}
	specPath, harPath := flag.Arg(0), flag.Arg(1)

	// Error strings would otherwise embed a JSON dump of the schema; only the message is wanted here.
	openapi3.SchemaErrorDetailsDisabled = true
	openapi3.CircularReferenceCounter = *circular

	loadStart := time.Now()
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		fail("loading the spec: %v", err)
	}
	// The gorilla/mux router; the legacy one validates the whole document first (doc.Validate), which did
	// not finish in 10 minutes on Stripe's spec.
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		fail("building the router: %v", err)
	}
	loadSeconds := time.Since(loadStart).Seconds()

	info, err := os.Stat(harPath)
	if err != nil {
		fail("%v", err)
	}
	options := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	c := counters{messages: map[string]*tally{}, missedKinds: map[string]int{}}

	start := time.Now()
	err = eachEntry(harPath, func(e *harEntry) { validate(router, options, e, &c) })
	if err != nil {
		fail("reading the HAR: %v", err)
	}
	seconds := time.Since(start).Seconds()

	mb := float64(info.Size()) / 1e6
	fmt.Printf("kin-openapi: exchanges=%d flagged=%d route_not_found=%d request_errors=%d response_errors=%d "+
		"seconds=%.2f exchanges_per_s=%.0f mb_per_s=%.1f har_mb=%.1f spec_load_s=%.2f\n",
		c.exchanges, c.flagged, c.routeNotFound, c.requestErrors, c.responseErrors,
		seconds, float64(c.exchanges)/seconds, mb/seconds, mb, loadSeconds)
	if c.marked > 0 {
		fmt.Printf("kin-openapi: marked (seeded mistakes)=%d flagged among them=%d; flagged among the %d unmarked=%d\n",
			c.marked, c.flaggedMarked, c.exchanges-c.marked, c.flagged-c.flaggedMarked)
		fmt.Printf("kin-openapi: marked but not flagged, by kind: %v\n", c.missedKinds)
	}
	printTop(c.messages, *top)
}

func validate(router routers.Router, options *openapi3filter.Options, e *harEntry, c *counters) {
	c.exchanges++
	ctx := context.Background()
	req, err := buildRequest(e)
	kind := ""
	if req != nil {
		kind = req.Header.Get(mutationHeader)
	}
	if kind != "" {
		c.marked++
	}
	note := func(prefix string, err error) {
		key := prefix + message(err)
		t := c.messages[key]
		if t == nil {
			t = &tally{}
			c.messages[key] = t
		}
		t.all++
		if kind == "" {
			t.unmarked++
		}
	}
	bad := false
	defer func() {
		switch {
		case bad:
			c.flagged++
			if kind != "" {
				c.flaggedMarked++
			}
		case kind != "":
			c.missedKinds[kind]++
		}
	}()
	if err != nil {
		bad = true
		note("har: ", err)
		return
	}
	route, pathParams, err := router.FindRoute(req)
	if err != nil {
		bad = true
		c.routeNotFound++
		note("route: ", err)
		return
	}
	input := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route, Options: options}
	if err := openapi3filter.ValidateRequest(ctx, input); err != nil {
		bad = true
		c.requestErrors++
		note("request: ", err)
	}
	respHeader := http.Header{}
	for _, h := range e.Response.Headers {
		respHeader.Add(h.Name, h.Value)
	}
	if respHeader.Get("Content-Type") == "" && e.Response.Content.MimeType != "" {
		respHeader.Set("Content-Type", e.Response.Content.MimeType)
	}
	body := []byte(e.Response.Content.Text)
	if e.Response.Content.Encoding == "base64" {
		if body, err = base64.StdEncoding.DecodeString(e.Response.Content.Text); err != nil {
			body = nil
		}
	}
	output := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input, Status: e.Response.Status, Header: respHeader, Options: options,
	}
	output.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, output); err != nil {
		bad = true
		c.responseErrors++
		note("response: ", err)
	}
}

func buildRequest(e *harEntry) (*http.Request, error) {
	var body io.Reader
	if pd := e.Request.PostData; pd != nil && pd.Text != "" {
		body = strings.NewReader(pd.Text)
	}
	req, err := http.NewRequest(e.Request.Method, e.Request.URL, body)
	if err != nil {
		return nil, err
	}
	for _, h := range e.Request.Headers {
		req.Header.Add(h.Name, h.Value)
	}
	if pd := e.Request.PostData; pd != nil && pd.MimeType != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", pd.MimeType)
	}
	return req, nil
}

// message is the first line of an error, cut to a length that still groups similar errors.
func message(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

func printTop(messages map[string]*tally, n int) {
	keys := make([]string, 0, len(messages))
	for k := range messages {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := messages[keys[i]].all, messages[keys[j]].all
		return a > b || a == b && keys[i] < keys[j]
	})
	if len(keys) > 0 && n > 0 {
		fmt.Println("  most common errors (count, of which on unmarked exchanges):")
	}
	for i := 0; i < n && i < len(keys); i++ {
		t := messages[keys[i]]
		fmt.Printf("  %6d %6d  %s\n", t.all, t.unmarked, keys[i])
	}
}

// eachEntry streams log.entries of a HAR file, decoding one entry at a time.
func eachEntry(path string, fn func(*harEntry)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	if err := enterObjectKey(dec, "log"); err != nil {
		return err
	}
	if err := enterObjectKey(dec, "entries"); err != nil {
		return err
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return errors.New("log.entries is not an array")
	}
	for dec.More() {
		var e harEntry
		if err := dec.Decode(&e); err != nil {
			return err
		}
		fn(&e)
	}
	return nil
}

// enterObjectKey consumes an object's opening brace and members up to the value of key, skipping others.
func enterObjectKey(dec *json.Decoder, key string) error {
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("expected an object holding %q", key)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		if t == key {
			return nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return fmt.Errorf("no %q member", key)
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "kin-openapi-peer: "+format+"\n", args...)
	os.Exit(1)
}
