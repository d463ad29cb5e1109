package mock

import (
	"net"
	"sync"
)

// SilentEndpoint accepts connections and never answers, like a load balancer whose backend hangs: for tests of
// timeouts and cancellation.
type SilentEndpoint struct {
	listener net.Listener
	mu       sync.Mutex
	conns    []net.Conn
}

// StartSilentEndpoint listens on a free loopback port.
func StartSilentEndpoint() (*SilentEndpoint, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	e := &SilentEndpoint{listener: l}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			e.mu.Lock()
			e.conns = append(e.conns, c)
			e.mu.Unlock()
		}
	}()
	return e, nil
}

// URL is the endpoint as an http:// URL.
func (e *SilentEndpoint) URL() string { return "http://" + e.listener.Addr().String() }

// Close stops listening and drops the connections it held.
func (e *SilentEndpoint) Close() error {
	err := e.listener.Close()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.conns {
		c.Close()
	}
	return err
}
