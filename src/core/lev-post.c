/* lev-post.c: see lev-post.h. */
#define G_LOG_DOMAIN "lev-post"
#include "config.h"

#include "lev-post.h"
#include "lev-tsan.h"

void
lev_post_to_context (GMainContext   *context,
                     const char     *name,
                     GSourceFunc     func,
                     gpointer        data,
                     GDestroyNotify  destroy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, name);
  /* The context's thread runs (or frees) @data: it acquires it. */
  LEV_TSAN_RELEASE (data);
  g_source_attach (source, context);
  g_source_unref (source);
}
