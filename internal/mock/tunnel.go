package mock

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// This file serves CONNECT. A client configured with an HTTP proxy may tunnel through it even
// for plain HTTP (the Node.js SDK with httpProfile.proxy does). Used as that proxy, the mock is
// the far end of every tunnel itself: it answers 200 and serves the HTTP/1.1 requests that come
// through the tunnel with its own handler, whatever host the CONNECT names, just as it answers
// plain proxied requests (absolute-form URIs) for any host. It never opens a connection of its
// own. It serves plain HTTP only: a client that starts TLS in the tunnel (https:// through the
// proxy) fails its handshake.

// WrapHandler returns Handler wrapped by wrap (a logger, say). The tunnels that CONNECT opens are
// served by the wrapped handler too, so wrap sees the calls that come through a tunnel as it sees
// the others. A nil wrap gives Handler.
func (s *Server) WrapHandler(wrap func(http.Handler) http.Handler) http.Handler {
	var outer http.Handler
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect {
			s.serveTunnel(w, outer)
			return
		}
		s.serveHTTP(w, r)
	})
	outer = inner
	if wrap != nil {
		outer = wrap(inner)
	}
	return outer
}

// serveTunnel answers a CONNECT with 200, then serves the requests sent through the tunnel with
// h until the client closes it or the server closes. It returns when the tunnel ends.
func (s *Server) serveTunnel(w http.ResponseWriter, h http.Handler) {
	conn, buffered, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 (where CONNECT is a stream), or a ResponseWriter that cannot give its connection.
		http.Error(w, "tcmock: CONNECT is served on HTTP/1.1 connections only", http.StatusNotImplemented)
		return
	}
	// Bytes the client sent right after the CONNECT may already sit in the hijacked reader.
	ln := newConnListener(&bufferedConn{Conn: conn, r: buffered.Reader})
	var hijacked atomic.Bool
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(_ net.Conn, state http.ConnState) {
			switch state {
			case http.StateHijacked: // a handler took the connection over (a fault that closes it)
				hijacked.Store(true)
				_ = ln.Close()
			case http.StateClosed:
				_ = ln.Close()
			}
		},
	}
	if !s.addTunnel(srv) { // the mock is closing
		_ = conn.Close()
		return
	}
	defer s.removeTunnel(srv)
	// The connection may still carry the deadlines the outer server set; the tunnel's server sets its own.
	_ = conn.SetDeadline(time.Time{})
	if _, err := io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		_ = conn.Close()
		return
	}
	s.countTunnel()
	_ = srv.Serve(ln)
	if !hijacked.Load() {
		_ = conn.Close() // when the server closed before the connection was served
	}
}

// addTunnel registers a tunnel's server, closed by Close; it reports false once the mock is closing.
func (s *Server) addTunnel(srv *http.Server) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.closing:
		return false
	default:
	}
	if s.tunnels == nil {
		s.tunnels = map[*http.Server]struct{}{}
	}
	s.tunnels[srv] = struct{}{}
	return true
}

func (s *Server) removeTunnel(srv *http.Server) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tunnels, srv)
}

// closeTunnels closes every open tunnel.
func (s *Server) closeTunnels() {
	s.mu.Lock()
	open := make([]*http.Server, 0, len(s.tunnels))
	for srv := range s.tunnels {
		open = append(open, srv)
	}
	s.mu.Unlock()
	for _, srv := range open {
		_ = srv.Close()
	}
}

// connListener is a net.Listener that accepts one connection, then waits until it is closed.
type connListener struct {
	conns     chan net.Conn
	addr      net.Addr
	done      chan struct{}
	closeOnce sync.Once
}

func newConnListener(conn net.Conn) *connListener {
	l := &connListener{conns: make(chan net.Conn, 1), addr: conn.LocalAddr(), done: make(chan struct{})}
	l.conns <- conn
	return l
}

func (l *connListener) Accept() (net.Conn, error) {
	select {
	case <-l.done:
		return nil, net.ErrClosed
	default:
	}
	select {
	case conn := <-l.conns:
		return conn, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *connListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return nil
}

func (l *connListener) Addr() net.Addr { return l.addr }

// bufferedConn reads through the reader that came with a hijacked connection, which may hold
// bytes already read from it.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
