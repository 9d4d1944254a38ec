/* lev-number-entry.c: parse as you type, commit on Enter or leaving. */
#define G_LOG_DOMAIN "lev-number-entry"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lev-error.h"
#include "lev-number-entry.h"

struct _LevNumberEntry
{
  GtkEntry  parent_instance;
  LevNumber number;     /* last committed or shown value */
  double    min;
  double    max;
  gboolean  integer;
  gboolean  allow_empty;
  gboolean  valid;
  gboolean  programmatic;
  gboolean  dirty;      /* typed since the last commit */
};

G_DEFINE_FINAL_TYPE (LevNumberEntry, lev_number_entry, GTK_TYPE_ENTRY)

enum {
  COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Scale words people type: Chinese 万 (1e4) and 亿 (1e8), K/M/B/T. */
static const struct {
  const char *suffix;
  double      factor;
} scales[] = {
  { "万", 1e4 }, { "亿", 1e8 }, { "k", 1e3 }, { "K", 1e3 }, { "m", 1e6 }, { "M", 1e6 },
  { "b", 1e9 }, { "B", 1e9 }, { "T", 1e12 },
};

gboolean
lev_number_entry_parse (const char  *text,
                        LevNumber   *out,
                        GError     **error)
{
  g_autofree char *clean = NULL;
  GString *digits = g_string_new (NULL);
  double factor = 1, value;
  char *end = NULL;
  gsize len;

  clean = g_strstrip (g_strdup (text ? text : ""));
  if (*clean == '\0')
    {
      g_string_free (digits, TRUE);
      *out = lev_number_none ();
      return TRUE;
    }
  for (const char *p = clean; *p; p++)
    if (*p != ',' && *p != ' ' && *p != '_')
      g_string_append_c (digits, *p);
  if (g_str_has_prefix (digits->str, "¥"))
    g_string_erase (digits, 0, strlen ("¥"));
  else if (digits->str[0] == '$')
    g_string_erase (digits, 0, 1);
  if (g_str_has_suffix (digits->str, "元"))
    g_string_truncate (digits, digits->len - strlen ("元"));

  len = digits->len;
  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    if (g_str_has_suffix (digits->str, scales[i].suffix))
      {
        factor = scales[i].factor;
        g_string_truncate (digits, len - strlen (scales[i].suffix));
        break;
      }

  value = g_ascii_strtod (digits->str, &end);
  if (digits->len == 0 || end == digits->str || *end != '\0' || !isfinite (value))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE,
                   _("“%s” is not a number (try 500000, 50万, 1.2亿 or 2.5M)"), clean);
      g_string_free (digits, TRUE);
      return FALSE;
    }
  g_string_free (digits, TRUE);
  *out = lev_number_point (value * factor);
  return TRUE;
}

char *
lev_number_entry_format (const LevNumber *number)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double v;

  if (!lev_number_is_set (number))
    return g_strdup ("");
  v = lev_number_value (number);
  if (v == floor (v) && fabs (v) < 1e15)
    return g_strdup_printf ("%.0f", v);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", v));
}

static gboolean
validate (LevNumberEntry *self,
          LevNumber      *out)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  LevNumber n;

  if (!lev_number_entry_parse (text, &n, &error))
    ;
  else if (!lev_number_is_set (&n) && !self->allow_empty)
    g_set_error (&error, LEV_ERROR, LEV_ERROR_MISSING, _("A value is needed here"));
  else if (lev_number_is_set (&n))
    {
      double v = lev_number_value (&n);

      if (v < self->min || v > self->max)
        g_set_error (&error, LEV_ERROR, LEV_ERROR_VALUE, _("Must be between %g and %g"),
                     self->min, self->max);
      else if (self->integer && v != floor (v))
        g_set_error (&error, LEV_ERROR, LEV_ERROR_VALUE, _("Must be a whole number"));
    }

  self->valid = error == NULL;
  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), error->message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_INVALID);
  if (out)
    *out = n;
  return TRUE;
}

static void
on_changed (LevNumberEntry *self)
{
  if (self->programmatic)
    return;
  self->dirty = TRUE;
  validate (self, NULL);
}

static void
commit (LevNumberEntry *self)
{
  LevNumber n;

  if (!self->dirty || !validate (self, &n))
    return;
  self->dirty = FALSE;
  if (lev_number_equal (&n, &self->number))
    return;
  self->number = n;
  g_signal_emit (self, signals[COMMITTED], 0, &n);
}

static void
on_activate (LevNumberEntry *self)
{
  commit (self);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                LevNumberEntry          *self)
{
  commit (self);
}

static void
lev_number_entry_class_init (LevNumberEntryClass *klass)
{
  /* The user committed a new valid value (Enter or leaving the field). */
  signals[COMMITTED] = g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                     LEV_TYPE_NUMBER | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
lev_number_entry_init (LevNumberEntry *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->min = 0;
  self->max = 1e15;
  self->valid = TRUE;
  self->number = lev_number_none ();
  gtk_editable_set_width_chars (GTK_EDITABLE (self), 12);
  gtk_entry_set_input_purpose (GTK_ENTRY (self), GTK_INPUT_PURPOSE_NUMBER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_editable_set_alignment (GTK_EDITABLE (self), 1.0);
  g_signal_connect (self, "changed", G_CALLBACK (on_changed), NULL);
  g_signal_connect (self, "activate", G_CALLBACK (on_activate), NULL);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

GtkWidget *
lev_number_entry_new (void)
{
  return g_object_new (LEV_TYPE_NUMBER_ENTRY, NULL);
}

void
lev_number_entry_set_number (LevNumberEntry  *self,
                             const LevNumber *number)
{
  g_autofree char *text = NULL;

  g_return_if_fail (LEV_IS_NUMBER_ENTRY (self));
  /* Never overwrite what the user is typing (or a refused text). */
  if (self->dirty && lev_number_equal (number, &self->number))
    return;
  self->number = *number;
  text = lev_number_entry_format (number);
  self->programmatic = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), text);
  self->programmatic = FALSE;
  self->dirty = FALSE;
  validate (self, NULL);
}

gboolean
lev_number_entry_is_valid (LevNumberEntry *self)
{
  g_return_val_if_fail (LEV_IS_NUMBER_ENTRY (self), FALSE);
  return self->valid;
}

void
lev_number_entry_set_range (LevNumberEntry *self,
                            double          min,
                            double          max,
                            gboolean        integer,
                            gboolean        allow_empty)
{
  g_return_if_fail (LEV_IS_NUMBER_ENTRY (self));
  self->min = min;
  self->max = max;
  self->integer = integer;
  self->allow_empty = allow_empty;
}
