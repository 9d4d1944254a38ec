/* lev-post.h: handing a call from a worker thread back to the caller's
 * main context, the one way the simulation and the trainer report. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs @func (@data) once on @context's thread, at default priority;
 * @destroy (@data) follows there, or when the context is destroyed
 * without running it. An idle source, not g_main_context_invoke(): when
 * nobody holds @context at this moment (a test between two iterations),
 * that would take it and run @func right here, on the worker. Idle
 * sources of one priority run in the order they were attached, so the
 * reports arrive in order and before a GTask's own completion. For
 * ThreadSanitizer, @data is released here; @func and @destroy acquire it
 * (LEV_TSAN_ACQUIRE) before they read it. */
void lev_post_to_context (GMainContext   *context,
                          const char     *name,
                          GSourceFunc     func,
                          gpointer        data,
                          GDestroyNotify  destroy);

G_END_DECLS
