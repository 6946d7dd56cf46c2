"""A live server that knows when it is idle, for the browser tests.

On SQLite the test database is in memory, so Django's live server hands the test's own database
connection to every request thread. Two things then went wrong now and then on a busy machine:
- a request still running after its test had ended (the browser closed, the server thread not
  yet done) used that connection while the next test flushed the database;
- at the end of the session the server stopped without waiting for its request threads; one of
  them finished afterwards, found the connection no longer shared, and raised in its thread, which
  pytest reported as an error against whichever test ran last on that worker.

This server counts the requests it is handling: a test waits until none is left before its
database is flushed, and stopping the server waits for every request thread (idle keep-alive
connections time out quickly, so that wait is short).
"""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler


class PromptRequestHandler(QuietWSGIRequestHandler):
    # An idle keep-alive connection is dropped after this many seconds instead of holding a
    # request thread until the browser lets go of it.
    timeout = 2

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except TimeoutError:  # the browser kept the connection open and sent nothing more
            self.close_connection = True


class TrackedWSGIServer(ThreadedWSGIServer):
    daemon_threads = False  # server_close() joins the request threads...
    block_on_close = True  # ...and waits for them

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._changed = threading.Condition()
        self._in_flight = 0

    def process_request(self, request, client_address):
        with self._changed:
            self._in_flight += 1
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._done()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._done()

    def _done(self):
        with self._changed:
            self._in_flight -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._in_flight == 0, timeout)


class TrackedLiveServerThread(LiveServerThread):
    server_class = TrackedWSGIServer

    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port),
            PromptRequestHandler,
            allow_reuse_address=False,
            connections_override=connections_override,
        )
