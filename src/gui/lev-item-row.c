/* lev-item-row.c: editing one item: name, channel, cost form and its
 * numbers, baseline, timing. Every edit goes through the undo stack; the
 * row follows the item's notify signals, so undo redraws it too. */
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

  GtkWidget      *cost_label;
  GtkEntry       *name_entry;
  AdwComboRow    *channel_row;
  AdwComboRow    *form_row;
  AdwComboRow    *schedule_row;
  GtkEntry       *covers_entry;
  GtkWidget      *covers_row;
  GtkWidget      *number_rows[LEV_ITEM_N_NUMBERS];
  GtkWidget      *number_entries[LEV_ITEM_N_NUMBERS];
};

G_DEFINE_FINAL_TYPE (LevItemRow, lev_item_row, ADW_TYPE_EXPANDER_ROW)

static const char *form_labels[] = {
  N_("Fixed amount"), N_("Quantity × unit price"), N_("Subsidy (share of other items)"),
  N_("Share of the compute plan"),
};
static const char *schedule_labels[] = { N_("Once"), N_("Monthly") };

static const char *number_titles[LEV_ITEM_N_NUMBERS] = {
  N_("Quantity"), N_("Amount"), N_("Unit price"), N_("Rate"), N_("Cap"),
  N_("Share of the plan"), N_("Baseline (self-provided)"), N_("Start month"),
  N_("Duration (months)"),
};
static const char *number_subtitles[LEV_ITEM_N_NUMBERS] = {
  N_("In the area's unit"), N_("Per month when monthly"), N_("Per unit; per month when monthly"),
  N_("0 to 1 of the covered items' cost"), N_("Most the subsidy pays; empty for no cap"),
  N_("1 is the whole training run"), N_("Empty: the same as the cost, no saving"),
  N_("Counted from the plan's start, 0 is the first month"), NULL,
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
  G_OBJECT_CLASS (lev_item_row_parent_class)->dispose (object);
}

static void
lev_item_row_class_init (LevItemRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lev_item_row_dispose;
}

static void
lev_item_row_init (LevItemRow *self)
{
}

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
sync_from_item (LevItemRow *self)
{
  g_autofree char *covers = g_strjoinv (", ", (char **) lev_item_get_covers (self->item));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), lev_item_get_name (self->item));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                 lev_item_get_name (self->item)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), lev_item_get_name (self->item));
  adw_combo_row_set_selected (self->channel_row, lev_item_get_channel (self->item));
  adw_combo_row_set_selected (self->form_row, lev_item_get_cost_form (self->item));
  adw_combo_row_set_selected (self->schedule_row, lev_item_get_schedule (self->item));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->covers_entry)), covers) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->covers_entry), covers);
  for (guint i = 0; i < LEV_ITEM_N_NUMBERS; i++)
    lev_number_entry_set_number (LEV_NUMBER_ENTRY (self->number_entries[i]),
                                 lev_item_get_number (self->item, i));
  update_visibility (self);
}

static void
on_item_notify (LevItemRow *self)
{
  sync_from_item (self);
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
    set_enum (self, "channel", sel);
}

static void
on_form_selected (LevItemRow *self)
{
  guint sel = adw_combo_row_get_selected (self->form_row);

  if (sel < G_N_ELEMENTS (form_labels))
    set_enum (self, "cost-form", sel);
}

static void
on_schedule_selected (LevItemRow *self)
{
  guint sel = adw_combo_row_get_selected (self->schedule_row);

  if (sel < G_N_ELEMENTS (schedule_labels))
    set_enum (self, "schedule", sel);
}

static void
on_name_commit (LevItemRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  g_auto(GValue) v = G_VALUE_INIT;

  if (*text == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_entry), _("An item needs a name"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_entry), NULL);
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, text);
  lev_undo_set_property (self->undo, G_OBJECT (self->item), "name", &v);
}

static void
on_covers_commit (LevItemRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->covers_entry));
  g_auto(GStrv) parts = g_strsplit_set (text, ", ", -1);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_auto(GValue) v = G_VALUE_INIT;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      LevItem *target;

      if (*parts[i] == '\0')
        continue;
      target = lev_scenario_find_item (self->scenario, parts[i], NULL);
      if (target == NULL || target == self->item ||
          lev_item_get_cost_form (target) == LEV_COST_SUBSIDY)
        {
          g_autofree char *msg =
            g_strdup_printf (_("“%s” is not the id of an item a subsidy can cover"), parts[i]);
          gtk_widget_add_css_class (GTK_WIDGET (self->covers_entry), "error");
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->covers_entry), msg);
          return;
        }
      g_strv_builder_add (ids, parts[i]);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->covers_entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->covers_entry), NULL);
  list = g_strv_builder_end (ids);
  g_value_init (&v, G_TYPE_STRV);
  g_value_set_boxed (&v, list);
  lev_undo_set_property (self->undo, G_OBJECT (self->item), "covers", &v);
}

static void
on_number_committed (LevNumberEntry  *entry,
                     const LevNumber *number,
                     LevItemRow      *self)
{
  LevItemNumber which = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "lev-field"));

  lev_undo_set_number (self->undo, G_OBJECT (self->item), lev_item_number_property (which), number);
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
  gtk_accessible_update_relation (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  row, NULL, -1);
  return row;
}

static GtkWidget *
combo_row (const char  *title,
           const char **labels,
           guint        n,
           gboolean     translate)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, translate ? _(labels[i]) : labels[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  return row;
}

/* Each channel in the drop-down with its colour, the one every chart uses. */
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

static void
channel_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *swatch = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, NULL, NULL);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), gtk_label_new (NULL));
  gtk_list_item_set_child (list_item, box);
}

static void
channel_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *swatch = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (swatch);
  GtkStringObject *str = gtk_list_item_get_item (list_item);

  g_object_set_data (G_OBJECT (swatch), "lev-channel",
                     GUINT_TO_POINTER (gtk_list_item_get_position (list_item)));
  gtk_widget_queue_draw (swatch);
  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (str));
}

static void
connect_commit (GtkEntry   *entry,
                GCallback   callback,
                LevItemRow *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_swapped (entry, "activate", callback, self);
  g_signal_connect_swapped (focus, "leave", callback, self);
  gtk_widget_add_controller (GTK_WIDGET (entry), focus);
}

GtkWidget *
lev_item_row_new (LevScenario  *scenario,
                  LevItem      *item,
                  LevUndoStack *undo)
{
  LevItemRow *self = g_object_new (LEV_TYPE_ITEM_ROW, NULL);
  const char *channel_labels[LEV_N_CHANNELS];
  GtkWidget *buttons;
  GtkWidget *row;

  self->scenario = g_object_ref (scenario);
  self->item = g_object_ref (item);
  self->undo = g_object_ref (undo);

  self->cost_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->cost_label, "numeric");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), self->cost_label);

  self->name_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->name_entry), GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (GTK_WIDGET (self->name_entry), TRUE);
  connect_commit (self->name_entry, G_CALLBACK (on_name_commit), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self),
                            lev_labelled_row_new (_("Name"), NULL, GTK_WIDGET (self->name_entry)));

  for (guint i = 0; i < LEV_N_CHANNELS; i++)
    channel_labels[i] = lev_channel_label (i);
  self->channel_row = ADW_COMBO_ROW (combo_row (_("Channel"), channel_labels, LEV_N_CHANNELS, FALSE));
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
    g_signal_connect (factory, "setup", G_CALLBACK (channel_setup), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (channel_bind), NULL);
    adw_combo_row_set_factory (self->channel_row, factory);
  }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), GTK_WIDGET (self->channel_row));

  self->form_row = ADW_COMBO_ROW (combo_row (_("Cost"), form_labels, G_N_ELEMENTS (form_labels), TRUE));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), GTK_WIDGET (self->form_row));

  for (guint i = 0; i < LEV_ITEM_N_NUMBERS; i++)
    {
      GtkWidget *entry = lev_number_entry_new ();
      LevNumberEntry *ne = LEV_NUMBER_ENTRY (entry);

      g_object_set_data (G_OBJECT (entry), "lev-field", GUINT_TO_POINTER (i));
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
      self->number_entries[i] = entry;
      self->number_rows[i] = lev_labelled_row_new (_(number_titles[i]),
                                                   number_subtitles[i] ? _(number_subtitles[i]) : NULL,
                                                   entry);
      if (i == LEV_ITEM_CAP)
        {
          self->covers_entry = GTK_ENTRY (gtk_entry_new ());
          gtk_widget_set_valign (GTK_WIDGET (self->covers_entry), GTK_ALIGN_CENTER);
          connect_commit (self->covers_entry, G_CALLBACK (on_covers_commit), self);
          self->covers_row =
            lev_labelled_row_new (_("Covers"), _("Ids of the items it pays part of, separated by commas"),
                                  GTK_WIDGET (self->covers_entry));
        }
    }
  /* Order as people think of the cost: what, how much, then when. */
  {
    static const LevItemNumber order[] = {
      LEV_ITEM_QUANTITY, LEV_ITEM_AMOUNT, LEV_ITEM_UNIT_PRICE, LEV_ITEM_RATE, LEV_ITEM_CAP,
      LEV_ITEM_SHARE, LEV_ITEM_BASELINE,
    };
    for (guint k = 0; k < G_N_ELEMENTS (order); k++)
      {
        adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->number_rows[order[k]]);
        if (order[k] == LEV_ITEM_CAP)
          adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->covers_row);
      }
  }
  self->schedule_row = ADW_COMBO_ROW (combo_row (_("Paid"), schedule_labels,
                                                 G_N_ELEMENTS (schedule_labels), TRUE));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), GTK_WIDGET (self->schedule_row));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->number_rows[LEV_ITEM_START_MONTH]);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->number_rows[LEV_ITEM_DURATION_MONTHS]);

  /* Row actions, as buttons so the keyboard reaches them. */
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_widget_set_margin_bottom (buttons, 6);
  gtk_widget_set_margin_end (buttons, 6);
  {
    static const struct { const char *icon, *tooltip, *action; } acts[] = {
      { "go-up-symbolic", N_("Move Up"), "plan.move-up" },
      { "go-down-symbolic", N_("Move Down"), "plan.move-down" },
      { "edit-copy-symbolic", N_("Duplicate"), "plan.duplicate" },
      { "user-trash-symbolic", N_("Delete"), "plan.delete" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (acts); i++)
      {
        GtkWidget *b = gtk_button_new_from_icon_name (acts[i].icon);
        gtk_widget_set_tooltip_text (b, _(acts[i].tooltip));
        gtk_accessible_update_property (GTK_ACCESSIBLE (b), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _(acts[i].tooltip), -1);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (b), acts[i].action);
        gtk_actionable_set_action_target (GTK_ACTIONABLE (b), "s", lev_item_get_id (item));
        gtk_widget_add_css_class (b, "flat");
        gtk_box_append (GTK_BOX (buttons), b);
      }
  }
  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), buttons);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);

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

void
lev_item_row_set_totals (LevItemRow  *self,
                         double       leveraged,
                         double       baseline,
                         LevCurrency  currency)
{
  g_autofree char *cost = lev_money_format (leveraged, currency, LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
  g_autofree char *subtitle = NULL;

  g_return_if_fail (LEV_IS_ITEM_ROW (self));
  gtk_label_set_text (GTK_LABEL (self->cost_label), cost);
  if (baseline - leveraged > 0.5)
    {
      g_autofree char *saved = lev_money_format (baseline - leveraged, currency, LEV_MONEY_FULL,
                                                 LEV_MONEY_LOCALE_AUTO);
      /* Translators: channel name · what the item saves against self-provision */
      subtitle = g_strdup_printf (_("%s · saves %s"), lev_channel_label (lev_item_get_channel (self->item)),
                                  saved);
    }
  else
    subtitle = g_strdup (lev_channel_label (lev_item_get_channel (self->item)));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
}
