/* Server-sent events. A listener's connection is suspended while it has
 * nothing to read, so thousands of idle listeners hold no thread. */
#ifndef KOHTAAMO_SSE_H
#define KOHTAAMO_SSE_H
#include <microhttpd.h>

typedef struct sse_channel sse_channel;

/* Channels are created on first use and live until sse_shutdown. */
sse_channel *sse_channel_get(const char *name);
/* Builds the streaming response for a listener on ch. */
struct MHD_Response *sse_response(struct MHD_Connection *conn, sse_channel *ch);
/* Sends one event to every listener of the channel. */
void sse_publish(const char *channel, const char *event, const char *data);
/* Starts the keep-alive thread (a comment line every interval seconds). */
void sse_start(int interval);
/* Ends every stream so the daemon can stop. */
void sse_shutdown(void);

#endif
