/* lev-plan-page.c: the plan editor. Rows bind to the model (items are a
 * GListModel per area), edits go through the undo stack, and figures come
 * from the report the window recomputes after each edit. */
#define G_LOG_DOMAIN "lev-plan-page"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lev-enum-types.h"
#include "lev-item-row.h"
#include "lev-number-entry.h"
#include "lev-plan-page.h"

typedef struct {
  GtkWidget *group;
  GtkWidget *list;
  GtkWidget *requirement;   /* LevNumberEntry */
  GtkWidget *unit;          /* GtkEntry */
  GtkWidget *level;         /* GtkLevelBar */
  GtkWidget *coverage;      /* AdwActionRow: its subtitle says the coverage */
  GtkWidget *total;         /* GtkLabel in the header */
} AreaWidgets;

struct _LevPlanPage
{
  GtkWidget     parent_instance;

  LevScenario  *scenario;
  LevUndoStack *undo;

  /* Template children. */
  GtkWidget    *page;       /* AdwPreferencesPage */
  GtkWidget    *name;
  GtkWidget    *currency;
  GtkWidget    *start;
  GtkWidget    *start_row;
  GtkWidget    *horizon;
  GtkWidget    *budget;
  GtkWidget    *plan_group;
  GtkWidget    *add_plan_button;
  GtkWidget    *plan_entries[LEV_PLAN_N_NUMBERS];
  GtkWidget    *plan_rows[LEV_PLAN_N_NUMBERS];
  GtkWidget    *accelerator;
  GtkWidget    *plan_derived;

  AreaWidgets   areas[LEV_N_AREAS];
};

G_DEFINE_FINAL_TYPE (LevPlanPage, lev_plan_page, GTK_TYPE_WIDGET)

/* Template ids of the compute plan's entries, in LevPlanNumber order. */
static const char *plan_ids[LEV_PLAN_N_NUMBERS] = {
  "parameters", "tokens", "peak_flops", "mfu", "price_per_hour",
};

static void
lev_plan_page_dispose (GObject *object)
{
  LevPlanPage *self = (LevPlanPage *) object;

  if (self->scenario != NULL)
    g_signal_handlers_disconnect_by_data (self->scenario, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LEV_TYPE_PLAN_PAGE);
  g_clear_object (&self->scenario);
  g_clear_object (&self->undo);
  G_OBJECT_CLASS (lev_plan_page_parent_class)->dispose (object);
}

static LevItem *
find_item (LevPlanPage  *self,
           GVariant     *param,
           LevArea     **area_out,
           guint        *position)
{
  LevAreaKind kind;
  LevItem *item = lev_scenario_find_item (self->scenario, g_variant_get_string (param, NULL), &kind);

  if (item == NULL)
    return NULL;
  *area_out = lev_scenario_get_area (self->scenario, kind);
  lev_area_find_item (*area_out, item, position);
  return item;
}

static void
move_item (LevPlanPage *self,
           GVariant    *param,
           int          delta)
{
  LevArea *area;
  guint pos;

  if (find_item (self, param, &area, &pos) == NULL)
    return;
  if ((delta < 0 && pos == 0) || (delta > 0 && pos + 1 >= lev_area_get_n_items (area)))
    return;
  lev_undo_move_item (self->undo, area, pos, pos + delta);
}

static void
action_move_up (GtkWidget *widget, const char *name, GVariant *param)
{
  move_item (LEV_PLAN_PAGE (widget), param, -1);
}

static void
action_move_down (GtkWidget *widget, const char *name, GVariant *param)
{
  move_item (LEV_PLAN_PAGE (widget), param, +1);
}

static void
action_duplicate (GtkWidget *widget, const char *name, GVariant *param)
{
  LevPlanPage *self = LEV_PLAN_PAGE (widget);
  LevArea *area;
  guint pos;
  LevItem *item = find_item (self, param, &area, &pos);
  g_autofree char *id = NULL, *title = NULL;
  g_autoptr(LevItem) copy = NULL;

  if (item == NULL)
    return;
  id = lev_scenario_make_item_id (self->scenario, lev_item_get_id (item));
  copy = lev_item_duplicate (item, id);
  /* Translators: the name of a duplicated item */
  title = g_strdup_printf (_("%s (copy)"), lev_item_get_name (item));
  lev_item_set_name (copy, title);
  lev_undo_insert_item (self->undo, area, pos + 1, copy);
}

static void
action_delete (GtkWidget *widget, const char *name, GVariant *param)
{
  LevPlanPage *self = LEV_PLAN_PAGE (widget);
  LevArea *area;
  guint pos;
  LevItem *item = find_item (self, param, &area, &pos);
  g_autofree char *msg = NULL;

  if (item == NULL)
    return;
  /* Translators: toast after deleting an item; it offers Undo */
  msg = g_strdup_printf (_("“%s” deleted"), lev_item_get_name (item));
  lev_undo_remove_item (self->undo, area, pos);
  gtk_widget_activate_action (widget, "win.undo-toast", "s", msg);
}

/* The new row, open and with its name selected for typing over, once it
 * has a place on screen (so the page scrolls to it). */
static gboolean
focus_new_row (GtkWidget     *row,
               GdkFrameClock *clock,
               gpointer       data)
{
  lev_item_row_focus_name (LEV_ITEM_ROW (row));
  return G_SOURCE_REMOVE;
}

static void
action_add (GtkWidget *widget, const char *name, GVariant *param)
{
  LevPlanPage *self = LEV_PLAN_PAGE (widget);
  LevAreaKind kind;
  LevArea *area;
  GtkWidget *row;
  g_autofree char *id = NULL;
  g_autoptr(LevItem) item = NULL;
  LevNumber zero = lev_number_point (0);

  if (!lev_area_kind_from_id (g_variant_get_string (param, NULL), &kind))
    return;
  area = lev_scenario_get_area (self->scenario, kind);
  id = lev_scenario_make_item_id (self->scenario, g_variant_get_string (param, NULL));
  item = lev_item_new (id, _("New item"));
  lev_item_set_number (item, LEV_ITEM_AMOUNT, &zero);
  lev_undo_insert_item (self->undo, area, lev_area_get_n_items (area), item);
  row = lev_plan_page_get_item_row (self, id);
  if (row != NULL)
    {
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      gtk_widget_add_tick_callback (row, focus_new_row, NULL, NULL);
    }
}

/* A plan priced from parameters and tokens, started from a 7B model on
 * H100s; the founder edits from there. */
static void
action_add_compute_plan (GtkWidget *widget, const char *name, GVariant *param)
{
  LevPlanPage *self = LEV_PLAN_PAGE (widget);
  LevArea *compute = lev_scenario_get_area (self->scenario, LEV_AREA_COMPUTE);
  const LevAcceleratorPreset *h100 = lev_accelerator_preset_lookup ("H100-SXM");
  g_autoptr(LevComputePlan) plan = lev_compute_plan_new ();
  gboolean usd = lev_scenario_get_currency (self->scenario) == LEV_CURRENCY_USD;
  const double values[LEV_PLAN_N_NUMBERS] = {
    7e9, 2e12, h100 != NULL ? h100->peak_flops : 989e12, 0.4, usd ? 2.5 : 18,
  };
  g_auto(GValue) v = G_VALUE_INIT;

  if (lev_area_get_plan (compute) != NULL)
    return;
  if (h100 != NULL)
    lev_compute_plan_set_accelerator (plan, h100->id);
  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    {
      LevNumber n = lev_number_point (values[i]);
      lev_compute_plan_set_number (plan, i, &n);
    }
  g_value_init (&v, LEV_TYPE_COMPUTE_PLAN);
  g_value_set_object (&v, plan);
  lev_undo_set_property (self->undo, G_OBJECT (compute), "plan", &v);
  gtk_widget_grab_focus (self->plan_entries[LEV_PLAN_PARAMETERS]);
}

static void
set_string_prop (LevPlanPage *self,
                 GObject     *object,
                 const char  *prop,
                 const char  *text)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, text);
  lev_undo_set_property (self->undo, object, prop, &v);
}

static void
on_name_commit (LevPlanPage *self)
{
  set_string_prop (self, G_OBJECT (self->scenario), "name",
                   gtk_editable_get_text (GTK_EDITABLE (self->name)));
}

static void
on_start_commit (LevPlanPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->start));

  if (!lev_start_is_valid (text))
    {
      const char *msg = _("A month in the form YYYY-MM, e.g. 2027-01");

      /* In the row, where keyboard and screen reader users meet it too. */
      gtk_widget_add_css_class (self->start, "error");
      gtk_widget_set_tooltip_text (self->start, msg);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->start_row), msg);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->start), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, msg, -1);
      return;
    }
  gtk_widget_remove_css_class (self->start, "error");
  gtk_widget_set_tooltip_text (self->start, NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->start_row), _("First month of the plan, YYYY-MM"));
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->start), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  set_string_prop (self, G_OBJECT (self->scenario), "start", text);
}

static void
on_currency_selected (LevPlanPage *self)
{
  g_auto(GValue) v = G_VALUE_INIT;
  guint sel = adw_combo_row_get_selected (ADW_COMBO_ROW (self->currency));

  if (sel > LEV_CURRENCY_USD)
    return;
  g_value_init (&v, LEV_TYPE_CURRENCY);
  g_value_set_enum (&v, (int) sel);
  lev_undo_set_property (self->undo, G_OBJECT (self->scenario), "currency", &v);
}

static void
on_horizon_changed (LevPlanPage *self)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_UINT);
  g_value_set_uint (&v, (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->horizon)));
  lev_undo_set_property (self->undo, G_OBJECT (self->scenario), "horizon-months", &v);
}

static void
on_budget_committed (LevNumberEntry  *entry,
                     const LevNumber *number,
                     LevPlanPage     *self)
{
  lev_undo_set_number (self->undo, G_OBJECT (self->scenario), "budget", number);
}

static void
on_plan_number_committed (LevNumberEntry  *entry,
                          const LevNumber *number,
                          LevPlanPage     *self)
{
  static const char *props[LEV_PLAN_N_NUMBERS] = {
    "parameters", "tokens", "peak-flops", "mfu", "price-per-hour",
  };
  LevComputePlan *plan = lev_area_get_plan (lev_scenario_get_area (self->scenario, LEV_AREA_COMPUTE));
  guint which = 0;

  while (which < LEV_PLAN_N_NUMBERS && self->plan_entries[which] != GTK_WIDGET (entry))
    which++;

  if (plan != NULL && which < LEV_PLAN_N_NUMBERS)
    lev_undo_set_number (self->undo, G_OBJECT (plan), props[which], number);
}

static void
on_accelerator_selected (LevPlanPage *self)
{
  LevComputePlan *plan = lev_area_get_plan (lev_scenario_get_area (self->scenario, LEV_AREA_COMPUTE));
  guint sel = adw_combo_row_get_selected (ADW_COMBO_ROW (self->accelerator));
  guint n;
  const LevAcceleratorPreset *presets = lev_accelerator_presets (&n);

  if (plan == NULL || sel >= n)
    return;
  set_string_prop (self, G_OBJECT (plan), "accelerator", presets[sel].id);
  {
    LevNumber peak = lev_number_point (presets[sel].peak_flops);
    lev_undo_set_number (self->undo, G_OBJECT (plan), "peak-flops", &peak);
  }
}

static void
on_requirement_committed (LevNumberEntry  *entry,
                          const LevNumber *number,
                          LevPlanPage     *self)
{
  LevAreaKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "lev-area"));

  lev_undo_set_number (self->undo, G_OBJECT (lev_scenario_get_area (self->scenario, kind)),
                       "requirement", number);
}

static void
on_unit_commit (GtkEntry    *entry,
                LevPlanPage *self)
{
  LevAreaKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "lev-area"));

  set_string_prop (self, G_OBJECT (lev_scenario_get_area (self->scenario, kind)), "requirement-unit",
                   gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_unit_leave (GtkEventControllerFocus *focus,
               LevPlanPage             *self)
{
  on_unit_commit (GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus))), self);
}

static void
commit_on_leave (GtkWidget *entry,
                 GCallback  callback,
                 gpointer   data,
                 gboolean   swapped)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  if (swapped)
    {
      g_signal_connect_swapped (entry, "activate", callback, data);
      g_signal_connect_swapped (focus, "leave", callback, data);
    }
  else
    {
      g_signal_connect (entry, "activate", callback, data);
      g_signal_connect (focus, "leave", G_CALLBACK (on_unit_leave), data);
    }
  gtk_widget_add_controller (entry, focus);
}

/* A refused number says why in its row's subtitle, and the hint returns
 * once it is fixed. */
static void
on_entry_error (LevNumberEntry *entry,
                GParamSpec     *pspec,
                GtkWidget      *row)
{
  const char *error = lev_number_entry_get_error (entry);
  const char *hint = g_object_get_data (G_OBJECT (row), "lev-hint");

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error != NULL ? error : hint != NULL ? hint : "");
}

static void
show_errors_in_row (GtkWidget *entry,
                    GtkWidget *row)
{
  g_object_set_data_full (G_OBJECT (row), "lev-hint",
                          g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (row))), g_free);
  g_signal_connect_object (entry, "notify::error", G_CALLBACK (on_entry_error), row, 0);
}

static void update_plan_preview (LevPlanPage *self);

static GtkWidget *
create_item_row (gpointer item,
                 gpointer user_data)
{
  LevPlanPage *self = user_data;

  return lev_item_row_new (self->scenario, LEV_ITEM (item), self->undo);
}

/* Reflects the scenario-level fields (also after undo). */
static void
sync_settings (LevPlanPage *self)
{
  LevComputePlan *plan = lev_area_get_plan (lev_scenario_get_area (self->scenario, LEV_AREA_COMPUTE));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name)), lev_scenario_get_name (self->scenario)))
    gtk_editable_set_text (GTK_EDITABLE (self->name), lev_scenario_get_name (self->scenario));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->start)), lev_scenario_get_start (self->scenario)))
    gtk_editable_set_text (GTK_EDITABLE (self->start), lev_scenario_get_start (self->scenario));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->currency), lev_scenario_get_currency (self->scenario));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->horizon), lev_scenario_get_horizon_months (self->scenario));
  lev_number_entry_set_number (LEV_NUMBER_ENTRY (self->budget), lev_scenario_get_budget (self->scenario));

  /* Without a plan the group offers to add one instead of its fields. */
  gtk_widget_set_visible (self->add_plan_button, plan == NULL);
  gtk_widget_set_visible (self->accelerator, plan != NULL);
  gtk_widget_set_visible (self->plan_derived, plan != NULL);
  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    gtk_widget_set_visible (self->plan_rows[i], plan != NULL);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->plan_group),
                                         plan != NULL ? _("Training compute is 6 × parameters × tokens")
                                                      : _("None yet: add one to price training runs from the "
                                                          "model's parameters and tokens"));
  if (plan != NULL)
    {
      guint n;
      const LevAcceleratorPreset *presets = lev_accelerator_presets (&n);
      guint sel = n;

      for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
        lev_number_entry_set_number (LEV_NUMBER_ENTRY (self->plan_entries[i]),
                                     lev_compute_plan_get_number (plan, i));
      for (guint i = 0; i < n; i++)
        if (g_strcmp0 (presets[i].id, lev_compute_plan_get_accelerator (plan)) == 0)
          sel = i;
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->accelerator), sel);
    }
  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      LevArea *area = lev_scenario_get_area (self->scenario, a);

      if (self->areas[a].requirement == NULL)
        continue;
      lev_number_entry_set_number (LEV_NUMBER_ENTRY (self->areas[a].requirement),
                                   lev_area_get_requirement (area));
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->areas[a].unit)),
                     lev_area_get_requirement_unit (area)))
        gtk_editable_set_text (GTK_EDITABLE (self->areas[a].unit), lev_area_get_requirement_unit (area));
    }
}

/* One group per area: its total and an add button in the header, the
 * requirement with its coverage, and the items bound to the area's list. */
static void
build_area (LevPlanPage *self,
            LevAreaKind  a)
{
  AreaWidgets *w = &self->areas[a];
  LevArea *area = lev_scenario_get_area (self->scenario, a);
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *req_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *add_label = g_strdup_printf (_("Add an item to %s"), lev_area_kind_label (a));

  w->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (w->group), lev_area_kind_label (a));
  w->total = gtk_label_new (NULL);
  gtk_widget_add_css_class (w->total, "heading");
  gtk_widget_add_css_class (w->total, "numeric");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "plan.add");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (add), "s", lev_area_kind_to_id (a));
  gtk_widget_set_tooltip_text (add, add_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
  gtk_widget_add_css_class (add, "flat");
  gtk_box_append (GTK_BOX (header), w->total);
  gtk_box_append (GTK_BOX (header), add);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (w->group), header);

  w->requirement = lev_number_entry_new ();
  lev_number_entry_set_range (LEV_NUMBER_ENTRY (w->requirement), 0, 1e15, FALSE, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (w->requirement), 8);
  g_object_set_data (G_OBJECT (w->requirement), "lev-area", GUINT_TO_POINTER (a));
  g_signal_connect (w->requirement, "committed", G_CALLBACK (on_requirement_committed), self);
  w->unit = gtk_entry_new ();
  gtk_widget_set_valign (w->unit, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (w->unit), 10);
  gtk_entry_set_placeholder_text (GTK_ENTRY (w->unit), _("unit"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (w->unit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Unit of the requirement"), -1);
  g_object_set_data (G_OBJECT (w->unit), "lev-area", GUINT_TO_POINTER (a));
  commit_on_leave (w->unit, G_CALLBACK (on_unit_commit), self, FALSE);
  w->level = gtk_level_bar_new_for_interval (0, 1);
  gtk_widget_set_size_request (w->level, 120, -1);
  gtk_widget_set_valign (w->level, GTK_ALIGN_CENTER);
  gtk_level_bar_set_mode (GTK_LEVEL_BAR (w->level), GTK_LEVEL_BAR_MODE_CONTINUOUS);
  gtk_box_append (GTK_BOX (req_box), w->level);
  gtk_box_append (GTK_BOX (req_box), w->requirement);
  gtk_box_append (GTK_BOX (req_box), w->unit);
  w->coverage = lev_labelled_row_new (_("Requirement"), NULL, req_box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (w->requirement), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  w->coverage, NULL, -1);
  show_errors_in_row (w->requirement, w->coverage);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (w->group), w->coverage);

  w->list = gtk_list_box_new ();
  gtk_widget_add_css_class (w->list, "boxed-list");
  gtk_widget_set_margin_top (w->list, 12);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (w->list), GTK_SELECTION_NONE);
  gtk_list_box_bind_model (GTK_LIST_BOX (w->list), G_LIST_MODEL (area), create_item_row, self, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (w->group), w->list);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (w->group));
}

static void
lev_plan_page_class_init (LevPlanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lev_plan_page_dispose;
  g_type_ensure (LEV_TYPE_NUMBER_ENTRY);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/leverage/Leverage/ui/lev-plan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, page);
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, name);
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, currency);
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, start);
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, start_row);
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, horizon);
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, budget);
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, plan_group);
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, add_plan_button);
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, accelerator);
  gtk_widget_class_bind_template_child (widget_class, LevPlanPage, plan_derived);
  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    {
      g_autofree char *row = g_strconcat (plan_ids[i], "_row", NULL);

      gtk_widget_class_bind_template_child_full (widget_class, plan_ids[i], FALSE,
                                                 G_STRUCT_OFFSET (LevPlanPage, plan_entries) +
                                                 i * sizeof (GtkWidget *));
      gtk_widget_class_bind_template_child_full (widget_class, row, FALSE,
                                                 G_STRUCT_OFFSET (LevPlanPage, plan_rows) +
                                                 i * sizeof (GtkWidget *));
    }
  gtk_widget_class_install_action (widget_class, "plan.move-up", "s", action_move_up);
  gtk_widget_class_install_action (widget_class, "plan.move-down", "s", action_move_down);
  gtk_widget_class_install_action (widget_class, "plan.duplicate", "s", action_duplicate);
  gtk_widget_class_install_action (widget_class, "plan.delete", "s", action_delete);
  gtk_widget_class_install_action (widget_class, "plan.add", "s", action_add);
  gtk_widget_class_install_action (widget_class, "plan.add-compute-plan", NULL, action_add_compute_plan);
}

static void
lev_plan_page_init (LevPlanPage *self)
{
  g_autoptr(GtkStringList) accel = gtk_string_list_new (NULL);
  guint n;
  const LevAcceleratorPreset *presets = lev_accelerator_presets (&n);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (accel, presets[i].label);
  gtk_string_list_append (accel, _("Custom"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->accelerator), G_LIST_MODEL (accel));

  commit_on_leave (self->name, G_CALLBACK (on_name_commit), self, TRUE);
  commit_on_leave (self->start, G_CALLBACK (on_start_commit), self, TRUE);
  /* No funding typed yet is not an error: the plan has no budget. */
  lev_number_entry_set_range (LEV_NUMBER_ENTRY (self->budget), 0, 1e15, FALSE, TRUE);
  g_signal_connect (self->budget, "committed", G_CALLBACK (on_budget_committed), self);
  show_errors_in_row (self->budget, gtk_widget_get_ancestor (self->budget, ADW_TYPE_ACTION_ROW));
  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    {
      LevNumberEntry *entry = LEV_NUMBER_ENTRY (self->plan_entries[i]);

      if (i == LEV_PLAN_MFU)
        lev_number_entry_set_range (entry, 1e-6, 1, FALSE, FALSE);
      else if (i == LEV_PLAN_PEAK_FLOPS)
        lev_number_entry_set_range (entry, 1, 1e21, FALSE, FALSE);
      else
        lev_number_entry_set_range (entry, 0, 1e18, FALSE, FALSE);
      g_signal_connect (entry, "committed", G_CALLBACK (on_plan_number_committed), self);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_plan_preview), self);
      show_errors_in_row (self->plan_entries[i], self->plan_rows[i]);
    }
  {
    GtkWidget *fields[] = { self->name, self->start, self->horizon, self->budget };

    /* One Tab stop per field: the entry, not the row around it first;
     * the row's title names the entry for a screen reader. */
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        GtkWidget *row = gtk_widget_get_ancestor (fields[i], ADW_TYPE_ACTION_ROW);

        gtk_widget_set_focusable (row, FALSE);
        gtk_accessible_update_relation (GTK_ACCESSIBLE (fields[i]), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        row, NULL, -1);
      }
    for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
      {
        gtk_widget_set_focusable (self->plan_rows[i], FALSE);
        gtk_accessible_update_relation (GTK_ACCESSIBLE (self->plan_entries[i]),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->plan_rows[i], NULL, -1);
      }
  }
}

GtkWidget *
lev_plan_page_new (void)
{
  return g_object_new (LEV_TYPE_PLAN_PAGE, NULL);
}

void
lev_plan_page_set_scenario (LevPlanPage  *self,
                            LevScenario  *scenario,
                            LevUndoStack *undo)
{
  g_return_if_fail (LEV_IS_PLAN_PAGE (self));

  if (self->scenario != NULL)
    g_signal_handlers_disconnect_by_data (self->scenario, self);
  /* The areas' rows hold the old model's objects: new groups each time. */
  for (guint a = 0; a < LEV_N_AREAS; a++)
    if (self->areas[a].group != NULL)
      adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self->page),
                                   ADW_PREFERENCES_GROUP (self->areas[a].group));
  memset (self->areas, 0, sizeof self->areas);
  g_set_object (&self->scenario, scenario);
  g_set_object (&self->undo, undo);
  for (guint a = 0; a < LEV_N_AREAS; a++)
    build_area (self, a);
  sync_settings (self);
  /* The settings' own widgets live as long as the page: connect once. */
  if (!g_signal_handler_find (self->currency, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                              on_currency_selected, self))
    {
      g_signal_connect_swapped (self->currency, "notify::selected", G_CALLBACK (on_currency_selected), self);
      g_signal_connect_swapped (self->horizon, "value-changed", G_CALLBACK (on_horizon_changed), self);
      g_signal_connect_swapped (self->accelerator, "notify::selected", G_CALLBACK (on_accelerator_selected), self);
    }
  g_signal_connect_swapped (scenario, "changed", G_CALLBACK (sync_settings), self);
}

GtkWidget *
lev_plan_page_get_item_row (LevPlanPage *self,
                            const char  *id)
{
  g_return_val_if_fail (LEV_IS_PLAN_PAGE (self), NULL);

  for (guint a = 0; a < LEV_N_AREAS; a++)
    for (GtkWidget *row = self->areas[a].list ? gtk_widget_get_first_child (self->areas[a].list) : NULL; row;
         row = gtk_widget_get_next_sibling (row))
      if (LEV_IS_ITEM_ROW (row) &&
          g_strcmp0 (lev_item_get_id (lev_item_row_get_item (LEV_ITEM_ROW (row))), id) == 0)
        return row;
  return NULL;
}

const char *
lev_plan_page_get_coverage_text (LevPlanPage *self,
                                 LevAreaKind  area)
{
  g_return_val_if_fail (LEV_IS_PLAN_PAGE (self), NULL);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (self->areas[area].coverage));
}

static void
add_invalid (GPtrArray  *out,
             const char *group,
             const char *field,
             const char *reason)
{
  /* Translators: an invalid field, e.g. "Scenario › Funding: expected a number" */
  g_ptr_array_add (out, g_strdup_printf (_("%s › %s: %s"), group, field, reason));
}

char **
lev_plan_page_get_invalid_fields (LevPlanPage *self)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  LevComputePlan *plan;
  const char *error;

  g_return_val_if_fail (LEV_IS_PLAN_PAGE (self), NULL);

  if (gtk_widget_has_css_class (self->start, "error"))
    add_invalid (out, _("Scenario"), _("Start"), _("A month in the form YYYY-MM, e.g. 2027-01"));
  if ((error = lev_number_entry_get_error (LEV_NUMBER_ENTRY (self->budget))) != NULL)
    add_invalid (out, _("Scenario"), _("Funding"), error);
  plan = self->scenario ? lev_area_get_plan (lev_scenario_get_area (self->scenario, LEV_AREA_COMPUTE)) : NULL;
  for (guint i = 0; plan != NULL && i < LEV_PLAN_N_NUMBERS; i++)
    if ((error = lev_number_entry_get_error (LEV_NUMBER_ENTRY (self->plan_entries[i]))) != NULL)
      add_invalid (out, _("Compute Plan"), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->plan_rows[i])),
                   error);
  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      if (self->areas[a].requirement == NULL)
        continue;
      if ((error = lev_number_entry_get_error (LEV_NUMBER_ENTRY (self->areas[a].requirement))) != NULL)
        add_invalid (out, lev_area_kind_label (a), _("Requirement"), error);
      for (GtkWidget *row = gtk_widget_get_first_child (self->areas[a].list); row;
           row = gtk_widget_get_next_sibling (row))
        if (LEV_IS_ITEM_ROW (row))
          lev_item_row_collect_invalid (LEV_ITEM_ROW (row), lev_area_kind_label (a), out);
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* The plan's FLOPs, hours and cost from the values in the entries, the one
 * being typed included, so the figures move as the founder types. */
static void
update_plan_preview (LevPlanPage *self)
{
  double v[LEV_PLAN_N_NUMBERS];
  double flops, hours;
  g_autofree char *hours_text = NULL, *cost = NULL, *text = NULL;

  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    {
      g_auto(LevNumber) n = lev_number_none ();

      if (!lev_number_entry_parse (gtk_editable_get_text (GTK_EDITABLE (self->plan_entries[i])), &n, NULL) ||
          !lev_number_is_set (&n))
        return; /* the entry marks its own error */
      v[i] = lev_number_value (&n);
    }
  flops = lev_compute_plan_flops (v[LEV_PLAN_PARAMETERS], v[LEV_PLAN_TOKENS]);
  hours = lev_compute_plan_hours (flops, v[LEV_PLAN_PEAK_FLOPS], v[LEV_PLAN_MFU]);
  hours_text = lev_number_format (hours, LEV_MONEY_LOCALE_AUTO);
  cost = lev_money_format (hours * v[LEV_PLAN_PRICE_PER_HOUR], lev_scenario_get_currency (self->scenario),
                           LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_AUTO);
  /* Translators: derived figures of the compute plan */
  text = g_strdup_printf (_("%.3g FLOPs · %s accelerator-hours · %s for one run"), flops, hours_text, cost);
  gtk_label_set_text (GTK_LABEL (self->plan_derived), text);
}

const char *
lev_plan_page_get_plan_figures (LevPlanPage *self)
{
  g_return_val_if_fail (LEV_IS_PLAN_PAGE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->plan_derived));
}

GtkWidget *
lev_plan_page_get_plan_entry (LevPlanPage   *self,
                              LevPlanNumber  which)
{
  g_return_val_if_fail (LEV_IS_PLAN_PAGE (self), NULL);
  g_return_val_if_fail (which < LEV_PLAN_N_NUMBERS, NULL);
  return self->plan_entries[which];
}

void
lev_plan_page_show_report (LevPlanPage     *self,
                           const LevReport *report)
{
  const LevSnapshot *s = report->snapshot;
  const LevEval *e = &report->eval;

  g_return_if_fail (LEV_IS_PLAN_PAGE (self));

  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      AreaWidgets *w = &self->areas[a];
      g_autofree char *total = lev_money_format (e->area_leveraged[a], s->currency,
                                                 LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_AUTO);
      double req = report->requirement[a];

      if (w->group == NULL)
        continue;

      gtk_label_set_text (GTK_LABEL (w->total), total);
      if (!isnan (req) && req > 0)
        {
          g_autofree char *cov = lev_number_format (e->area_covered[a], LEV_MONEY_LOCALE_AUTO);
          g_autofree char *need = lev_number_format (req, LEV_MONEY_LOCALE_AUTO);
          /* Translators: e.g. "0.67 of 1 TB covered" */
          g_autofree char *text = g_strdup_printf (_("%s of %s %s covered"), cov, need, s->requirement_unit[a]);

          gtk_level_bar_set_value (GTK_LEVEL_BAR (w->level), MIN (1.0, e->area_covered[a] / req));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (w->coverage), text);
          gtk_widget_set_visible (w->level, TRUE);
        }
      else
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (w->coverage), _("No requirement set"));
          gtk_widget_set_visible (w->level, FALSE);
        }
    }

  for (guint i = 0; i < s->n_items; i++)
    {
      GtkWidget *row = lev_plan_page_get_item_row (self, s->items[i].id);
      if (row != NULL)
        lev_item_row_set_totals (LEV_ITEM_ROW (row), e->item_leveraged[i], e->item_baseline[i], s->currency);
    }

  if (s->has_plan)
    {
      g_autofree char *hours = lev_number_format (e->plan_hours, LEV_MONEY_LOCALE_AUTO);
      g_autofree char *cost = lev_money_format (e->plan_cost, s->currency, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_AUTO);
      /* Translators: derived figures of the compute plan */
      g_autofree char *text = g_strdup_printf (_("%.3g FLOPs · %s accelerator-hours · %s for one run"),
                                               e->plan_flops, hours, cost);
      gtk_label_set_text (GTK_LABEL (self->plan_derived), text);
    }
}
