/* gui-test-util.h: what every GUI test does to a live window: let the
 * main loop catch up, and find a widget of a type inside it. */
#pragma once

#include <gtk/gtk.h>

#include "../test-tree.h"

/* Runs what is ready in the main loop, without waiting. Bounded in time:
 * while a worker keeps posting progress (a training run), something is
 * always ready, and on a loaded machine the main thread's redraws take
 * longer than the gap between two reports, so an unbounded loop never
 * returns (seen as a 20-minute freeze of test-model-lab under load). */
static inline void
spin (void)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_main_context_iteration (NULL, FALSE) && g_get_monotonic_time () < deadline)
    ;
}

/* The first widget of @type in @root's tree, depth first, or NULL. */
static inline GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}
