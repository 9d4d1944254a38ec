/* gui-test-util.h: what every GUI test does to a live window: let the
 * main loop catch up, and find a widget of a type inside it. */
#pragma once

#include <gtk/gtk.h>

#include "../test-tree.h"

/* Runs everything that is ready in the main loop, without waiting. */
static inline void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
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
