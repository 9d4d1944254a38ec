/* lev-number-entry.h: an entry for a number field, typed in the core's
 * text syntax (500000, 50万, 1.2亿, 2.5M…). Invalid text is marked at once
 * with the reason in a tooltip and never silently dropped. */
#pragma once

#include <gtk/gtk.h>

#include "lev-number.h"

G_BEGIN_DECLS

#define LEV_TYPE_NUMBER_ENTRY (lev_number_entry_get_type ())
G_DECLARE_FINAL_TYPE (LevNumberEntry, lev_number_entry, LEV, NUMBER_ENTRY, GtkEntry)

GtkWidget       *lev_number_entry_new        (void);
/* Shows @number (programmatic: emits nothing). */
void             lev_number_entry_set_number (LevNumberEntry  *self,
                                              const LevNumber *number);
gboolean         lev_number_entry_is_valid   (LevNumberEntry  *self);
/* Why the text is refused (also the "error" property), NULL when valid. */
const char      *lev_number_entry_get_error  (LevNumberEntry  *self);
/* The range the field allows; out-of-range text is invalid. */
void             lev_number_entry_set_range  (LevNumberEntry  *self,
                                              double           min,
                                              double           max,
                                              gboolean         integer,
                                              gboolean         allow_empty);

/* Parses @text as the window does; NULL error on success. */
gboolean         lev_number_entry_parse      (const char      *text,
                                              LevNumber       *out,
                                              GError         **error);
char            *lev_number_entry_format     (const LevNumber *number);

G_END_DECLS
