/* lev-number-entry.c: parse as you type, commit on Enter or leaving. */
#define G_LOG_DOMAIN "lev-number-entry"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lev-error.h"
#include "lev-money.h"
#include "lev-number-entry.h"
#include "lev-number-text.h"

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
  char     *error;      /* why the text is refused, NULL when valid */
};

G_DEFINE_FINAL_TYPE (LevNumberEntry, lev_number_entry, GTK_TYPE_ENTRY)

enum {
  COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error (LevNumberEntry *self,
           const char     *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

gboolean
lev_number_entry_parse (const char  *text,
                        LevNumber   *out,
                        GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text ? text : ""));

  if (*clean == '\0')
    {
      *out = lev_number_none ();
      return TRUE;
    }
  /* The core's syntax: 500000, 50万, 1.2亿, 2.5M, 80万 to 120万, ~100万… */
  return lev_number_parse_text (clean, out, error);
}

char *
lev_number_entry_format (const LevNumber *number)
{
  if (!lev_number_is_set (number))
    return g_strdup ("");
  /* Readable: a computed third shows as 0.3333; an untouched field is
   * never committed, so the file keeps every digit. */
  return lev_number_to_readable_text (number, lev_money_locale_detect () == LEV_MONEY_LOCALE_CHINESE);
}

/* Parses and range-checks the text; on success *out (an unset number,
 * owned by the caller) receives the value. */
static gboolean
validate (LevNumberEntry *self,
          LevNumber      *out)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  g_auto(LevNumber) n = lev_number_none ();
  LevNumberRange range = { self->min, self->max, self->integer };

  if (!lev_number_entry_parse (text, &n, &error))
    ;
  else if (!lev_number_is_set (&n) && !self->allow_empty)
    g_set_error (&error, LEV_ERROR, LEV_ERROR_MISSING, _("A value is needed here"));
  else if (lev_number_is_set (&n))
    lev_number_validate (&n, _("value"), &range, &error);

  self->valid = error == NULL;
  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), error->message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      set_error (self, error->message);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  set_error (self, NULL);
  if (out)
    lev_number_assign (out, &n);
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
  g_auto(LevNumber) n = lev_number_none ();

  if (!self->dirty || !validate (self, &n))
    return;
  self->dirty = FALSE;
  if (lev_number_equal (&n, &self->number))
    return;
  lev_number_assign (&self->number, &n);
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
lev_number_entry_finalize (GObject *object)
{
  lev_number_clear (&LEV_NUMBER_ENTRY (object)->number);
  g_free (LEV_NUMBER_ENTRY (object)->error);
  G_OBJECT_CLASS (lev_number_entry_parent_class)->finalize (object);
}

static void
lev_number_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ERROR:
      g_value_set_string (value, LEV_NUMBER_ENTRY (object)->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_number_entry_class_init (LevNumberEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lev_number_entry_finalize;
  G_OBJECT_CLASS (klass)->get_property = lev_number_entry_get_property;

  /* Why the text is refused, for the row to show it (NULL when valid). */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);

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
  lev_number_assign (&self->number, number);
  text = lev_number_entry_format (number);
  self->programmatic = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), text);
  self->programmatic = FALSE;
  self->dirty = FALSE;
  validate (self, NULL);
}

const char *
lev_number_entry_get_error (LevNumberEntry *self)
{
  g_return_val_if_fail (LEV_IS_NUMBER_ENTRY (self), NULL);
  return self->error;
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
