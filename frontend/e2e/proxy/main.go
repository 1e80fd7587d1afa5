// Command proxy serves the embedded web app (frontend.Handler) and forwards
// the API routes to a running `veredicto serve`. The e2e run uses it only
// while the veredicto binary does not mount the web app at "/" itself, so
// the browser tests still exercise the real Go handler and one origin.
//
//	ADDR=127.0.0.1:9000 API=http://127.0.0.1:8080 go run ./e2e/proxy
package main

import (
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"

	"github.com/veredicto/veredicto/frontend"
)

func main() {
	api, err := url.Parse(os.Getenv("API"))
	if err != nil || api.Host == "" {
		log.Fatalf("API must be the URL of a running veredicto serve, got %q", os.Getenv("API"))
	}
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	mux := http.NewServeMux()
	toAPI := httputil.NewSingleHostReverseProxy(api)
	for _, p := range []string{"/graphql", "/healthz", "/readyz"} {
		mux.Handle(p, toAPI)
	}
	mux.Handle("/", frontend.Handler())
	log.Printf("serving the web app on %s (built: %v), API from %s", addr, frontend.Built(), api)
	log.Fatal(http.ListenAndServe(addr, mux))
}
