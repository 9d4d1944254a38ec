/* lev-plan-page.c: the plan editor. Rows bind to the model (items are a
 * GListModel per area), edits go through the undo stack, and figures come
 * from the report the window recomputes after each edit. */
#define G_LOG_DOMAIN "lev-plan-page"
#include "config.h"

#include <math.h>

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
  GtkWidget *coverage;      /* GtkLabel */
  GtkWidget *total;         /* GtkLabel in the header */
} AreaWidgets;

struct _LevPlanPage
{
  GtkWidget     parent_instance;

  GtkWidget    *page;       /* AdwPreferencesPage */
  LevScenario  *scenario;
  LevUndoStack *undo;

  GtkWidget    *name;
  GtkWidget    *currency;
  GtkWidget    *start;
  GtkWidget    *horizon;
  GtkWidget    *budget;
  GtkWidget    *plan_group;
  GtkWidget    *plan_entries[LEV_PLAN_N_NUMBERS];
  GtkWidget    *accelerator;
  GtkWidget    *plan_derived;
  AreaWidgets   areas[LEV_N_AREAS];
};

G_DEFINE_FINAL_TYPE (LevPlanPage, lev_plan_page, GTK_TYPE_WIDGET)

static void
lev_plan_page_dispose (GObject *object)
{
  LevPlanPage *self = (LevPlanPage *) object;

  if (self->scenario != NULL)
    g_signal_handlers_disconnect_by_data (self->scenario, self);
  g_clear_pointer (&self->page, gtk_widget_unparent);
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

static void
action_add (GtkWidget *widget, const char *name, GVariant *param)
{
  LevPlanPage *self = LEV_PLAN_PAGE (widget);
  LevAreaKind kind;
  LevArea *area;
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
}

static void
lev_plan_page_class_init (LevPlanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lev_plan_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "plan.move-up", "s", action_move_up);
  gtk_widget_class_install_action (widget_class, "plan.move-down", "s", action_move_down);
  gtk_widget_class_install_action (widget_class, "plan.duplicate", "s", action_duplicate);
  gtk_widget_class_install_action (widget_class, "plan.delete", "s", action_delete);
  gtk_widget_class_install_action (widget_class, "plan.add", "s", action_add);
}

static void
lev_plan_page_init (LevPlanPage *self)
{
  self->page = adw_preferences_page_new ();
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));
}

GtkWidget *
lev_plan_page_new (void)
{
  return g_object_new (LEV_TYPE_PLAN_PAGE, NULL);
}

/* ---------------------------------------------------------------- */

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
      gtk_widget_add_css_class (self->start, "error");
      gtk_widget_set_tooltip_text (self->start, _("A month in the form YYYY-MM, e.g. 2027-01"));
      return;
    }
  gtk_widget_remove_css_class (self->start, "error");
  gtk_widget_set_tooltip_text (self->start, NULL);
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
  guint which = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "lev-field"));

  if (plan != NULL)
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

  gtk_widget_set_visible (self->plan_group, plan != NULL);
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
      lev_number_entry_set_number (LEV_NUMBER_ENTRY (self->areas[a].requirement),
                                   lev_area_get_requirement (area));
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->areas[a].unit)),
                     lev_area_get_requirement_unit (area)))
        gtk_editable_set_text (GTK_EDITABLE (self->areas[a].unit), lev_area_get_requirement_unit (area));
    }
}

static void
build (LevPlanPage *self)
{
  AdwPreferencesPage *page;
  GtkWidget *group;
  g_autoptr(GtkStringList) currencies = gtk_string_list_new ((const char *[]) { "CNY (¥)", "USD ($)", NULL });

  /* A fresh page for each scenario: rows hold the model's objects. */
  g_clear_pointer (&self->page, gtk_widget_unparent);
  self->page = adw_preferences_page_new ();
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));
  page = ADW_PREFERENCES_PAGE (self->page);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Scenario"));
  self->name = gtk_entry_new ();
  gtk_widget_set_valign (self->name, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (self->name, TRUE);
  commit_on_leave (self->name, G_CALLBACK (on_name_commit), self, TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             lev_labelled_row_new (_("Name"), NULL, self->name));

  self->currency = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->currency), _("Currency"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->currency), G_LIST_MODEL (currencies));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->currency);

  self->start = gtk_entry_new ();
  gtk_widget_set_valign (self->start, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->start), 8);
  commit_on_leave (self->start, G_CALLBACK (on_start_commit), self, TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             lev_labelled_row_new (_("Start"), _("First month of the plan, YYYY-MM"),
                                                   self->start));

  self->horizon = gtk_spin_button_new_with_range (1, LEV_SCENARIO_MAX_MONTHS, 1);
  gtk_widget_set_valign (self->horizon, GTK_ALIGN_CENTER);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             lev_labelled_row_new (_("Horizon"), _("Months the plan looks ahead"),
                                                   self->horizon));

  self->budget = lev_number_entry_new ();
  g_signal_connect (self->budget, "committed", G_CALLBACK (on_budget_committed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             lev_labelled_row_new (_("Funding"), _("The budget the plan must stay within"),
                                                   self->budget));
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));

  /* The compute plan: 6·N·D FLOPs → accelerator-hours → cost. */
  self->plan_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->plan_group), _("Compute Plan"));
  self->plan_derived = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->plan_derived), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->plan_derived), 0);
  gtk_widget_add_css_class (self->plan_derived, "dim-label");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->plan_group),
                                         _("Training compute is 6 × parameters × tokens"));
  {
    static const char *titles[LEV_PLAN_N_NUMBERS] = {
      N_("Parameters"), N_("Training tokens"), N_("Peak FLOP/s per accelerator"),
      N_("Model FLOPs utilisation"), N_("Price per accelerator-hour"),
    };
    g_autoptr(GtkStringList) accel = gtk_string_list_new (NULL);
    guint n;
    const LevAcceleratorPreset *presets = lev_accelerator_presets (&n);

    for (guint i = 0; i < n; i++)
      gtk_string_list_append (accel, presets[i].label);
    gtk_string_list_append (accel, _("Custom"));
    self->accelerator = adw_combo_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->accelerator), _("Accelerator"));
    adw_combo_row_set_model (ADW_COMBO_ROW (self->accelerator), G_LIST_MODEL (accel));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->plan_group), self->accelerator);
    for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
      {
        self->plan_entries[i] = lev_number_entry_new ();
        g_object_set_data (G_OBJECT (self->plan_entries[i]), "lev-field", GUINT_TO_POINTER (i));
        if (i == LEV_PLAN_MFU)
          lev_number_entry_set_range (LEV_NUMBER_ENTRY (self->plan_entries[i]), 1e-6, 1, FALSE, FALSE);
        else if (i == LEV_PLAN_PEAK_FLOPS)
          lev_number_entry_set_range (LEV_NUMBER_ENTRY (self->plan_entries[i]), 1, 1e21, FALSE, FALSE);
        else
          lev_number_entry_set_range (LEV_NUMBER_ENTRY (self->plan_entries[i]), 0, 1e18, FALSE, FALSE);
        g_signal_connect (self->plan_entries[i], "committed", G_CALLBACK (on_plan_number_committed), self);
        g_signal_connect_swapped (self->plan_entries[i], "changed", G_CALLBACK (update_plan_preview), self);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->plan_group),
                                   lev_labelled_row_new (_(titles[i]), NULL, self->plan_entries[i]));
      }
    {
      GtkWidget *row = gtk_list_box_row_new ();
      gtk_widget_set_margin_start (self->plan_derived, 12);
      gtk_widget_set_margin_end (self->plan_derived, 12);
      gtk_widget_set_margin_top (self->plan_derived, 8);
      gtk_widget_set_margin_bottom (self->plan_derived, 8);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), self->plan_derived);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->plan_group), row);
    }
  }
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (self->plan_group));

  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      AreaWidgets *w = &self->areas[a];
      LevArea *area = lev_scenario_get_area (self->scenario, a);
      GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *req_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *req_row;
      g_autofree char *add_label = g_strdup_printf (_("Add an item to %s"), lev_area_kind_label (a));

      w->group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (w->group), lev_area_kind_label (a));
      w->total = gtk_label_new (NULL);
      gtk_widget_add_css_class (w->total, "heading");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "plan.add");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (add), "s", lev_area_kind_to_id (a));
      gtk_widget_set_tooltip_text (add, add_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
      gtk_widget_add_css_class (add, "flat");
      gtk_box_append (GTK_BOX (header), w->total);
      gtk_box_append (GTK_BOX (header), add);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (w->group), header);

      /* The requirement and how much of it the items cover. */
      w->requirement = lev_number_entry_new ();
      lev_number_entry_set_range (LEV_NUMBER_ENTRY (w->requirement), 0, 1e15, FALSE, TRUE);
      gtk_editable_set_width_chars (GTK_EDITABLE (w->requirement), 8);
      g_object_set_data (G_OBJECT (w->requirement), "lev-area", GUINT_TO_POINTER (a));
      g_signal_connect (w->requirement, "committed", G_CALLBACK (on_requirement_committed), self);
      w->unit = gtk_entry_new ();
      gtk_widget_set_valign (w->unit, GTK_ALIGN_CENTER);
      gtk_editable_set_width_chars (GTK_EDITABLE (w->unit), 10);
      gtk_entry_set_placeholder_text (GTK_ENTRY (w->unit), _("unit"));
      g_object_set_data (G_OBJECT (w->unit), "lev-area", GUINT_TO_POINTER (a));
      commit_on_leave (w->unit, G_CALLBACK (on_unit_commit), self, FALSE);
      w->level = gtk_level_bar_new_for_interval (0, 1);
      gtk_widget_set_size_request (w->level, 120, -1);
      gtk_widget_set_valign (w->level, GTK_ALIGN_CENTER);
      gtk_level_bar_set_mode (GTK_LEVEL_BAR (w->level), GTK_LEVEL_BAR_MODE_CONTINUOUS);
      gtk_box_append (GTK_BOX (req_box), w->level);
      gtk_box_append (GTK_BOX (req_box), w->requirement);
      gtk_box_append (GTK_BOX (req_box), w->unit);
      req_row = lev_labelled_row_new (_("Requirement"), NULL, req_box);
      w->coverage = req_row;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (w->group), req_row);

      w->list = gtk_list_box_new ();
      gtk_widget_add_css_class (w->list, "boxed-list");
      gtk_widget_set_margin_top (w->list, 12);
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (w->list), GTK_SELECTION_NONE);
      gtk_list_box_bind_model (GTK_LIST_BOX (w->list), G_LIST_MODEL (area), create_item_row, self, NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (w->group), w->list);
      adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (w->group));
    }

  sync_settings (self);
  g_signal_connect_swapped (self->currency, "notify::selected", G_CALLBACK (on_currency_selected), self);
  g_signal_connect_swapped (self->horizon, "value-changed", G_CALLBACK (on_horizon_changed), self);
  g_signal_connect_swapped (self->accelerator, "notify::selected", G_CALLBACK (on_accelerator_selected), self);
}

void
lev_plan_page_set_scenario (LevPlanPage  *self,
                            LevScenario  *scenario,
                            LevUndoStack *undo)
{
  g_return_if_fail (LEV_IS_PLAN_PAGE (self));

  if (self->scenario != NULL)
    g_signal_handlers_disconnect_by_data (self->scenario, self);
  g_set_object (&self->scenario, scenario);
  g_set_object (&self->undo, undo);
  build (self);
  g_signal_connect_swapped (scenario, "changed", G_CALLBACK (sync_settings), self);
}

GtkWidget *
lev_plan_page_get_item_row (LevPlanPage *self,
                            const char  *id)
{
  g_return_val_if_fail (LEV_IS_PLAN_PAGE (self), NULL);

  for (guint a = 0; a < LEV_N_AREAS; a++)
    for (GtkWidget *row = gtk_widget_get_first_child (self->areas[a].list); row;
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
                           LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
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
                                                 LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
      double req = report->requirement[a];

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
      g_autofree char *cost = lev_money_format (e->plan_cost, s->currency, LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
      /* Translators: derived figures of the compute plan */
      g_autofree char *text = g_strdup_printf (_("%.3g FLOPs · %s accelerator-hours · %s for one run"),
                                               e->plan_flops, hours, cost);
      gtk_label_set_text (GTK_LABEL (self->plan_derived), text);
    }
}
