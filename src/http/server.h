/* The HTTP server: libmicrohttpd with epoll and a thread pool. */
#ifndef KOHTAAMO_SERVER_H
#define KOHTAAMO_SERVER_H

/* Serves APP.cfg.listen until SIGTERM or SIGINT, then lets in-flight
 * requests finish. Returns a process exit code. */
int server_run(void);

#endif
