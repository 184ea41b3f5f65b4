package notify

import (
	"sync"

	"github.com/jisr-cell/jisr"
)

// Limits of the hub: a user's live streams and the notices each may hold
// before it is too slow and is dropped (its client reconnects and reads
// the list).
const (
	MaxStreamsPerUser = 8
	StreamBuffer      = 64
)

// Hub carries notices live to the streams of their recipients. It keeps
// nothing: a notice published while a user has no stream open is only in
// the store. Safe for concurrent use.
type Hub struct {
	mu     sync.Mutex
	subs   map[string]map[*Stream]struct{} // by username
	closed bool                            // CloseAll was called
}

// Stream is one live subscription (an open GET /api/v1/events).
type Stream struct {
	C    <-chan *jisr.Notification // closed when the stream is dropped or closed
	c    chan *jisr.Notification
	user string
	hub  *Hub
	once sync.Once
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[string]map[*Stream]struct{}{}} }

// Subscribe opens a stream of user's notices. With MaxStreamsPerUser
// streams open already, one of them is closed to make
// room, so a user who reloads pages does not pile streams up.
func (h *Hub) Subscribe(user string) *Stream {
	c := make(chan *jisr.Notification, StreamBuffer)
	s := &Stream{C: c, c: c, user: user, hub: h}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		s.once.Do(func() { close(s.c) })
		return s
	}
	m := h.subs[user]
	if m == nil {
		m = map[*Stream]struct{}{}
		h.subs[user] = m
	}
	var drop *Stream
	if len(m) >= MaxStreamsPerUser {
		for o := range m {
			drop = o
			break
		}
		delete(m, drop)
	}
	m[s] = struct{}{}
	h.mu.Unlock()
	if drop != nil {
		drop.once.Do(func() { close(drop.c) })
	}
	return s
}

// Close ends the stream; its channel is closed.
func (s *Stream) Close() {
	h := s.hub
	h.mu.Lock()
	if m := h.subs[s.user]; m != nil {
		delete(m, s)
		if len(m) == 0 {
			delete(h.subs, s.user)
		}
	}
	h.mu.Unlock()
	s.once.Do(func() { close(s.c) })
}

// Publish sends n to every open stream of its recipient (n.User). A stream
// whose buffer is full is dropped (closed), never waited for.
func (h *Hub) Publish(n *jisr.Notification) {
	h.mu.Lock()
	var slow []*Stream
	for s := range h.subs[n.User] {
		select {
		case s.c <- n:
		default:
			slow = append(slow, s)
		}
	}
	h.mu.Unlock()
	for _, s := range slow {
		s.Close()
	}
}

// CloseAll ends every stream and every later one at once (the node is
// stopping: the HTTP server's shutdown waits for no event stream).
func (h *Hub) CloseAll() {
	h.mu.Lock()
	h.closed = true
	var all []*Stream
	for _, m := range h.subs {
		for s := range m {
			all = append(all, s)
		}
	}
	h.subs = map[string]map[*Stream]struct{}{}
	h.mu.Unlock()
	for _, s := range all {
		s.once.Do(func() { close(s.c) })
	}
}

// Streams counts the open streams (for tests and metrics).
func (h *Hub) Streams() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, m := range h.subs {
		n += len(m)
	}
	return n
}
