/* lev-item-row.c: editing one item: name, channel, cost form and its
 * numbers, baseline, timing (the template ui/lev-item-row.ui). Every edit
 * goes through the undo stack; the row follows the item's notify signals,
 * so undo redraws it too. A refused number says why in its row, where the
 * keyboard and a screen reader reach it, not only in a tooltip. */
#define G_LOG_DOMAIN "lev-item-row"
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lev-item-row.h"
#include "lev-palette.h"
#include "lev-money.h"
#include "lev-number-entry.h"

struct _LevItemRow
{
  AdwExpanderRow  parent_instance;

  LevScenario    *scenario;
  LevItem        *item;
  LevUndoStack   *undo;
  LevAreaKind     area;
  LevChannel      channel_order[LEV_N_CHANNELS];
  guint           n_fitting;

  GtkWidget      *cost_label;
  GtkWidget      *name_row;
  GtkWidget      *name_entry;
  AdwComboRow    *channel_row;
  AdwComboRow    *form_row;
  AdwComboRow    *schedule_row;
  GtkWidget      *covers_row;
  GtkWidget      *covers_button;
  GtkWidget      *covers_popover;
  GtkWidget      *covers_list;
  GtkWidget      *move_up_button;
  GtkWidget      *move_down_button;
  GtkWidget      *duplicate_button;
  GtkWidget      *delete_button;
  GtkWidget      *number_rows[LEV_ITEM_N_NUMBERS];
  GtkWidget      *number_entries[LEV_ITEM_N_NUMBERS];
};

G_DEFINE_FINAL_TYPE (LevItemRow, lev_item_row, ADW_TYPE_EXPANDER_ROW)

/* Template ids of the number rows and entries, in LevItemNumber order. */
static const char *number_ids[LEV_ITEM_N_NUMBERS] = {
  "quantity", "amount", "unit_price", "rate", "cap", "share", "baseline", "start_month", "duration_months",
};

static void
lev_item_row_dispose (GObject *object)
{
  LevItemRow *self = (LevItemRow *) object;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_clear_object (&self->item);
  g_clear_object (&self->scenario);
  g_clear_object (&self->undo);
  gtk_widget_dispose_template (GTK_WIDGET (self), LEV_TYPE_ITEM_ROW);
  G_OBJECT_CLASS (lev_item_row_parent_class)->dispose (object);
}

/* ---------------------------------------------------------------- */
/* Covers: a picker of the items a subsidy can pay a share of, by name;
 * the file keeps their ids. */

static gboolean
can_cover (LevItemRow *self,
           LevItem    *target)
{
  return target != self->item && lev_item_get_cost_form (target) != LEV_COST_SUBSIDY;
}

static char *
covers_names (LevItemRow *self)
{
  const char *const *ids = lev_item_get_covers (self->item);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      LevItem *target = lev_scenario_find_item (self->scenario, ids[i], NULL);

      if (out->len > 0)
        /* Translators: separates the names of the items a subsidy covers */
        g_string_append (out, _(", "));
      g_string_append (out, target != NULL ? lev_item_get_name (target) : ids[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
on_cover_toggled (GtkCheckButton *check,
                  LevItemRow     *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_auto(GValue) v = G_VALUE_INIT;

  /* The list's order, which is the plan's order. */
  for (GtkWidget *c = gtk_widget_get_first_child (self->covers_list); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_CHECK_BUTTON (c) && gtk_check_button_get_active (GTK_CHECK_BUTTON (c)))
      g_strv_builder_add (ids, g_object_get_data (G_OBJECT (c), "lev-item-id"));
  list = g_strv_builder_end (ids);
  g_value_init (&v, G_TYPE_STRV);
  g_value_set_boxed (&v, list);
  lev_undo_set_property (self->undo, G_OBJECT (self->item), "covers", &v);
}

/* Rebuilt each time it opens: items come and go while it is closed. */
static void
on_covers_popover_show (LevItemRow *self)
{
  const char *const *covers = lev_item_get_covers (self->item);
  GtkWidget *c;

  while ((c = gtk_widget_get_first_child (self->covers_list)) != NULL)
    gtk_box_remove (GTK_BOX (self->covers_list), c);
  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      LevArea *area = lev_scenario_get_area (self->scenario, a);
      gboolean heading = FALSE;

      for (guint i = 0; i < lev_area_get_n_items (area); i++)
        {
          LevItem *target = lev_area_get_item (area, i);
          GtkWidget *check;

          if (!can_cover (self, target))
            continue;
          if (!heading)
            {
              GtkWidget *label = gtk_label_new (lev_area_kind_label (a));

              gtk_label_set_xalign (GTK_LABEL (label), 0);
              gtk_widget_add_css_class (label, "heading");
              gtk_widget_set_margin_top (label, 6);
              gtk_box_append (GTK_BOX (self->covers_list), label);
              heading = TRUE;
            }
          check = gtk_check_button_new_with_label (lev_item_get_name (target));
          g_object_set_data_full (G_OBJECT (check), "lev-item-id", g_strdup (lev_item_get_id (target)), g_free);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       covers != NULL && g_strv_contains (covers, lev_item_get_id (target)));
          g_signal_connect (check, "toggled", G_CALLBACK (on_cover_toggled), self);
          gtk_box_append (GTK_BOX (self->covers_list), check);
        }
    }
}

/* ---------------------------------------------------------------- */
/* Channels: a dot of the colour every chart uses, the label, a line on
 * what it means, and a tick at the current one. */

static LevChannel
channel_of (GtkListItem *list_item)
{
  LevChannel channel = LEV_CHANNEL_OTHER;

  /* From the item itself, never the position: the combo row shows its
   * selection through a list item whose position is not the model's. */
  lev_channel_from_id (gtk_string_object_get_string (gtk_list_item_get_item (list_item)), &channel);
  return channel;
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  guint channel = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "lev-channel"));
  LevTheme theme = adw_style_manager_get_dark (adw_style_manager_get_default ()) ? LEV_THEME_DARK
                                                                               : LEV_THEME_LIGHT;
  LevRgb c = lev_palette_channel (MIN (channel, LEV_N_CHANNELS - 1), theme);

  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
  cairo_fill (cr);
}

static GtkWidget *
swatch_new (void)
{
  GtkWidget *swatch = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, NULL, NULL);
  return swatch;
}

static void
set_swatch (GtkWidget  *swatch,
            LevChannel  channel)
{
  g_object_set_data (G_OBJECT (swatch), "lev-channel", GUINT_TO_POINTER (channel));
  gtk_widget_queue_draw (swatch);
}

/* The selection shown in the row: dot and label. */
static void
channel_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), swatch_new ());
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
channel_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *swatch = gtk_widget_get_first_child (box);
  LevChannel channel = channel_of (list_item);

  set_swatch (swatch, channel);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (swatch)), lev_channel_label (channel));
}

/* The popup's entries: dot, label over its description, tick. */
static void
channel_list_setup (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *description = gtk_label_new (NULL);
  GtkWidget *tick = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (description), 40);
  gtk_widget_add_css_class (description, "caption");
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), label);
  gtk_box_append (GTK_BOX (text), description);
  gtk_box_append (GTK_BOX (box), swatch_new ());
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), tick);
  gtk_list_item_set_child (list_item, box);
}

static void
update_tick (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *tick = gtk_widget_get_last_child (box);
  gboolean selected = gtk_list_item_get_selected (list_item);

  gtk_widget_set_opacity (tick, selected ? 1 : 0);
}

static void
channel_list_bind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *swatch = gtk_widget_get_first_child (box);
  GtkWidget *text = gtk_widget_get_next_sibling (swatch);
  GtkWidget *label = gtk_widget_get_first_child (text);
  LevChannel channel = channel_of (list_item);

  set_swatch (swatch, channel);
  gtk_label_set_text (GTK_LABEL (label), lev_channel_label (channel));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (label)), lev_channel_description (channel));
  update_tick (list_item);
  g_signal_connect (list_item, "notify::selected", G_CALLBACK (update_tick), NULL);
}

static void
channel_list_unbind (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item)
{
  g_signal_handlers_disconnect_by_func (list_item, update_tick, NULL);
}

static guint
channel_position (LevItemRow *self,
                  LevChannel  channel)
{
  for (guint i = 0; i < LEV_N_CHANNELS; i++)
    if (self->channel_order[i] == channel)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* ---------------------------------------------------------------- */

static void
update_visibility (LevItemRow *self)
{
  LevCostForm form = lev_item_get_cost_form (self->item);
  gboolean monthly = lev_item_get_schedule (self->item) == LEV_SCHEDULE_MONTHLY;
  gboolean subsidy = form == LEV_COST_SUBSIDY;

  gtk_widget_set_visible (self->number_rows[LEV_ITEM_QUANTITY], !subsidy && form != LEV_COST_PLAN);
  gtk_widget_set_visible (self->number_rows[LEV_ITEM_AMOUNT], form == LEV_COST_AMOUNT);
  gtk_widget_set_visible (self->number_rows[LEV_ITEM_UNIT_PRICE], form == LEV_COST_UNIT_PRICE);
  gtk_widget_set_visible (self->number_rows[LEV_ITEM_RATE], subsidy);
  gtk_widget_set_visible (self->number_rows[LEV_ITEM_CAP], subsidy);
  gtk_widget_set_visible (self->covers_row, subsidy);
  gtk_widget_set_visible (self->number_rows[LEV_ITEM_SHARE], form == LEV_COST_PLAN);
  gtk_widget_set_visible (self->number_rows[LEV_ITEM_BASELINE], !subsidy);
  gtk_widget_set_visible (GTK_WIDGET (self->schedule_row), !subsidy);
  gtk_widget_set_visible (self->number_rows[LEV_ITEM_START_MONTH], !subsidy);
  gtk_widget_set_visible (self->number_rows[LEV_ITEM_DURATION_MONTHS], !subsidy && monthly);
}

static void
sync_covers (LevItemRow *self)
{
  g_autofree char *names = covers_names (self);

  if (*names == '\0')
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->covers_row),
                                   _("Choose the items it pays a share of"));
      /* A subsidy of nothing pays nothing: say so where it is seen. */
      gtk_widget_add_css_class (self->covers_button, "suggested-action");
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->covers_row), names);
      gtk_widget_remove_css_class (self->covers_button, "suggested-action");
    }
}

static void
sync_from_item (LevItemRow *self)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), lev_item_get_name (self->item));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                 lev_item_get_name (self->item)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), lev_item_get_name (self->item));
  adw_combo_row_set_selected (self->channel_row, channel_position (self, lev_item_get_channel (self->item)));
  adw_combo_row_set_selected (self->form_row, lev_item_get_cost_form (self->item));
  adw_combo_row_set_selected (self->schedule_row, lev_item_get_schedule (self->item));
  sync_covers (self);
  for (guint i = 0; i < LEV_ITEM_N_NUMBERS; i++)
    lev_number_entry_set_number (LEV_NUMBER_ENTRY (self->number_entries[i]),
                                 lev_item_get_number (self->item, i));
  update_visibility (self);
}

static void
set_enum (LevItemRow *self,
          const char *property,
          guint       value)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self->item), property);
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, pspec->value_type);
  g_value_set_enum (&v, (int) value);
  lev_undo_set_property (self->undo, G_OBJECT (self->item), property, &v);
}

static void
on_channel_selected (LevItemRow *self)
{
  guint sel = adw_combo_row_get_selected (self->channel_row);

  if (sel < LEV_N_CHANNELS)
    set_enum (self, "channel", self->channel_order[sel]);
}

static void
on_form_selected (LevItemRow *self)
{
  guint sel = adw_combo_row_get_selected (self->form_row);

  if (sel <= LEV_COST_PLAN)
    set_enum (self, "cost-form", sel);
}

static void
on_schedule_selected (LevItemRow *self)
{
  guint sel = adw_combo_row_get_selected (self->schedule_row);
  const LevNumber *duration = lev_item_get_number (self->item, LEV_ITEM_DURATION_MONTHS);

  if (sel > LEV_SCHEDULE_MONTHLY)
    return;
  /* Paid monthly, a founder means for the rest of the plan, not for the
   * one month a new item starts with. */
  if (sel == LEV_SCHEDULE_MONTHLY && lev_item_get_schedule (self->item) != LEV_SCHEDULE_MONTHLY &&
      (!lev_number_is_set (duration) || (!lev_number_is_uncertain (duration) && lev_number_value (duration) <= 1)))
    {
      double start = lev_number_value (lev_item_get_number (self->item, LEV_ITEM_START_MONTH));
      double months = lev_scenario_get_horizon_months (self->scenario) - (isfinite (start) ? floor (start) : 0);
      LevNumber rest = lev_number_point (MAX (1, months));

      lev_undo_set_number (self->undo, G_OBJECT (self->item), "duration-months", &rest);
    }
  set_enum (self, "schedule", sel);
}

static void
on_name_commit (LevItemRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  g_auto(GValue) v = G_VALUE_INIT;

  if (*text == '\0')
    {
      const char *msg = _("An item needs a name");

      gtk_widget_add_css_class (self->name_entry, "error");
      gtk_widget_set_tooltip_text (self->name_entry, msg);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->name_row), msg);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, msg, -1);
      return;
    }
  gtk_widget_remove_css_class (self->name_entry, "error");
  gtk_widget_set_tooltip_text (self->name_entry, NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->name_row), "");
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->name_entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, text);
  lev_undo_set_property (self->undo, G_OBJECT (self->item), "name", &v);
}

static void
on_number_committed (LevNumberEntry  *entry,
                     const LevNumber *number,
                     LevItemRow      *self)
{
  LevItemNumber which = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "lev-field"));

  lev_undo_set_number (self->undo, G_OBJECT (self->item), lev_item_number_property (which), number);
}

/* The row's subtitle says why the text is refused, and goes back to the
 * field's hint once it is fixed. */
static void
on_number_error (LevNumberEntry *entry,
                 GParamSpec     *pspec,
                 GtkWidget      *row)
{
  const char *error = lev_number_entry_get_error (entry);
  const char *hint = g_object_get_data (G_OBJECT (row), "lev-hint");

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error != NULL ? error : hint != NULL ? hint : "");
  if (error != NULL)
    gtk_widget_add_css_class (row, "lev-invalid");
  else
    gtk_widget_remove_css_class (row, "lev-invalid");
}

static void
on_item_notify (LevItemRow *self)
{
  sync_from_item (self);
}

static void
connect_commit (GtkWidget  *entry,
                GCallback   callback,
                LevItemRow *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_swapped (entry, "activate", callback, self);
  g_signal_connect_swapped (focus, "leave", callback, self);
  gtk_widget_add_controller (entry, focus);
}

static void
lev_item_row_class_init (LevItemRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lev_item_row_dispose;
  g_type_ensure (LEV_TYPE_NUMBER_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/leverage/Leverage/ui/lev-item-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, cost_label);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, name_row);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, channel_row);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, form_row);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, covers_row);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, covers_button);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, covers_popover);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, covers_list);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, move_up_button);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, move_down_button);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, LevItemRow, delete_button);
  for (guint i = 0; i < LEV_ITEM_N_NUMBERS; i++)
    {
      g_autofree char *row = g_strconcat (number_ids[i], "_row", NULL);

      gtk_widget_class_bind_template_child_full (widget_class, number_ids[i], FALSE,
                                                 G_STRUCT_OFFSET (LevItemRow, number_entries) +
                                                 i * sizeof (GtkWidget *));
      gtk_widget_class_bind_template_child_full (widget_class, row, FALSE,
                                                 G_STRUCT_OFFSET (LevItemRow, number_rows) +
                                                 i * sizeof (GtkWidget *));
    }
  gtk_widget_class_bind_template_callback (widget_class, on_covers_popover_show);
}

static void
lev_item_row_init (LevItemRow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* One Tab stop per field: the entry, not the row around it first. */
  gtk_widget_set_focusable (self->name_row, FALSE);

  g_signal_connect (factory, "setup", G_CALLBACK (channel_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (channel_bind), NULL);
  adw_combo_row_set_factory (self->channel_row, factory);
  g_signal_connect (list_factory, "setup", G_CALLBACK (channel_list_setup), NULL);
  g_signal_connect (list_factory, "bind", G_CALLBACK (channel_list_bind), NULL);
  g_signal_connect (list_factory, "unbind", G_CALLBACK (channel_list_unbind), NULL);
  adw_combo_row_set_list_factory (self->channel_row, list_factory);

  connect_commit (self->name_entry, G_CALLBACK (on_name_commit), self);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->name_entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->name_row, NULL, -1);
  for (guint i = 0; i < LEV_ITEM_N_NUMBERS; i++)
    {
      GtkWidget *entry = self->number_entries[i];
      LevNumberEntry *ne = LEV_NUMBER_ENTRY (entry);
      const char *hint = adw_action_row_get_subtitle (ADW_ACTION_ROW (self->number_rows[i]));

      g_object_set_data (G_OBJECT (entry), "lev-field", GUINT_TO_POINTER (i));
      g_object_set_data_full (G_OBJECT (self->number_rows[i]), "lev-hint", g_strdup (hint), g_free);
      gtk_widget_set_focusable (self->number_rows[i], FALSE);
      switch (i)
        {
        case LEV_ITEM_RATE:
          lev_number_entry_set_range (ne, 0, 1, FALSE, FALSE);
          break;
        case LEV_ITEM_SHARE:
          lev_number_entry_set_range (ne, 0, 1000, FALSE, FALSE);
          break;
        case LEV_ITEM_START_MONTH:
          lev_number_entry_set_range (ne, 0, 600, TRUE, FALSE);
          break;
        case LEV_ITEM_DURATION_MONTHS:
          lev_number_entry_set_range (ne, 1, 600, TRUE, FALSE);
          break;
        case LEV_ITEM_QUANTITY:
        case LEV_ITEM_CAP:
        case LEV_ITEM_BASELINE:
          lev_number_entry_set_range (ne, 0, 1e15, FALSE, TRUE);
          break;
        default:
          lev_number_entry_set_range (ne, 0, 1e15, FALSE, FALSE);
        }
      g_signal_connect (entry, "committed", G_CALLBACK (on_number_committed), self);
      g_signal_connect_object (entry, "notify::error", G_CALLBACK (on_number_error), self->number_rows[i], 0);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      self->number_rows[i], NULL, -1);
    }
}

GtkWidget *
lev_labelled_row_new (const char *title,
                      const char *subtitle,
                      GtkWidget  *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), suffix);
  /* One Tab stop: the field, not the row and then the field. */
  gtk_widget_set_focusable (row, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  row, NULL, -1);
  return row;
}

GtkWidget *
lev_item_row_new (LevScenario  *scenario,
                  LevItem      *item,
                  LevUndoStack *undo)
{
  LevItemRow *self = g_object_new (LEV_TYPE_ITEM_ROW, NULL);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  GtkWidget *buttons[] = { self->move_up_button, self->move_down_button, self->duplicate_button,
                           self->delete_button };

  self->scenario = g_object_ref (scenario);
  self->item = g_object_ref (item);
  self->undo = g_object_ref (undo);
  self->area = LEV_AREA_DATA;
  lev_scenario_find_item (scenario, lev_item_get_id (item), &self->area);

  self->n_fitting = lev_channel_order_for_area (self->area, self->channel_order);
  for (guint i = 0; i < LEV_N_CHANNELS; i++)
    gtk_string_list_append (channels, lev_channel_to_id (self->channel_order[i]));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channels));
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (buttons[i]), "s", lev_item_get_id (item));

  sync_from_item (self);
  g_signal_connect_swapped (self->channel_row, "notify::selected", G_CALLBACK (on_channel_selected), self);
  g_signal_connect_swapped (self->form_row, "notify::selected", G_CALLBACK (on_form_selected), self);
  g_signal_connect_swapped (self->schedule_row, "notify::selected", G_CALLBACK (on_schedule_selected), self);
  g_signal_connect_swapped (item, "notify", G_CALLBACK (on_item_notify), self);
  return GTK_WIDGET (self);
}

LevItem *
lev_item_row_get_item (LevItemRow *self)
{
  g_return_val_if_fail (LEV_IS_ITEM_ROW (self), NULL);
  return self->item;
}

GtkWidget *
lev_item_row_get_entry (LevItemRow   *self,
                        LevItemNumber which)
{
  g_return_val_if_fail (LEV_IS_ITEM_ROW (self), NULL);
  g_return_val_if_fail (which < LEV_ITEM_N_NUMBERS, NULL);
  return self->number_entries[which];
}

/* Whether the item's cost rests on a range: then its one figure is a
 * median, and says so. */
static gboolean
cost_is_uncertain (LevItemRow *self)
{
  for (guint i = 0; i < LEV_ITEM_N_NUMBERS; i++)
    if (i != LEV_ITEM_BASELINE && gtk_widget_get_visible (self->number_rows[i]) &&
        lev_number_is_uncertain (lev_item_get_number (self->item, i)))
      return TRUE;
  return FALSE;
}

void
lev_item_row_set_totals (LevItemRow  *self,
                         double       leveraged,
                         double       baseline,
                         LevCurrency  currency)
{
  g_autofree char *cost = lev_money_format (leveraged, currency, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_AUTO);
  g_autofree char *subtitle = NULL;
  const char *channel;

  g_return_if_fail (LEV_IS_ITEM_ROW (self));
  channel = lev_channel_label (lev_item_get_channel (self->item));
  if (cost_is_uncertain (self))
    {
      /* Translators: the cost of an item typed as a range, e.g. "median ¥979.8K" */
      g_autofree char *median = g_strdup_printf (_("median %s"), cost);

      gtk_label_set_text (GTK_LABEL (self->cost_label), median);
      gtk_widget_set_tooltip_text (self->cost_label,
                                   _("The middle of the range typed: half the simulated outcomes cost "
                                     "less, half more. The simulation uses the whole range."));
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->cost_label), cost);
      gtk_widget_set_tooltip_text (self->cost_label, NULL);
    }
  if (baseline - leveraged > 0.5)
    {
      g_autofree char *saved = lev_money_format (baseline - leveraged, currency, LEV_MONEY_SCREEN,
                                                 LEV_MONEY_LOCALE_AUTO);
      /* Translators: channel name · what the item saves against self-provision */
      subtitle = g_strdup_printf (_("%s · saves %s"), channel, saved);
    }
  else
    subtitle = g_strdup (channel);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
}

void
lev_item_row_collect_invalid (LevItemRow *self,
                              const char *area_label,
                              GPtrArray  *out)
{
  g_return_if_fail (LEV_IS_ITEM_ROW (self));

  if (gtk_widget_has_css_class (self->name_entry, "error"))
    /* Translators: an invalid field, e.g. "Talent › Hiring › Name: An item needs a name" */
    g_ptr_array_add (out, g_strdup_printf (_("%s › %s › %s: %s"), area_label, lev_item_get_name (self->item),
                                           _("Name"), _("An item needs a name")));
  for (guint i = 0; i < LEV_ITEM_N_NUMBERS; i++)
    {
      const char *error = lev_number_entry_get_error (LEV_NUMBER_ENTRY (self->number_entries[i]));

      /* A hidden field does not count: its cost form is not in use. */
      if (error != NULL && gtk_widget_get_visible (self->number_rows[i]))
        g_ptr_array_add (out, g_strdup_printf (_("%s › %s › %s: %s"), area_label, lev_item_get_name (self->item),
                                               adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->number_rows[i])),
                                               error));
    }
  if (lev_item_get_cost_form (self->item) == LEV_COST_SUBSIDY &&
      (lev_item_get_covers (self->item) == NULL || lev_item_get_covers (self->item)[0] == NULL))
    g_ptr_array_add (out, g_strdup_printf (_("%s › %s › %s: %s"), area_label, lev_item_get_name (self->item),
                                           _("Covers"), _("the subsidy covers no item, so it saves nothing")));
}

void
lev_item_row_focus_name (LevItemRow *self)
{
  g_return_if_fail (LEV_IS_ITEM_ROW (self));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  gtk_widget_grab_focus (self->name_entry);
  gtk_editable_select_region (GTK_EDITABLE (self->name_entry), 0, -1);
}
