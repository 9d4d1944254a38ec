/* lev-lab-settings-section.c: the Settings section of the Model Lab. The
 * widgets are the options: nothing is kept beside them, so what is shown
 * is what trains. */
#define G_LOG_DOMAIN "lev-lab-settings-section"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-lab-settings-section.h"

struct _LevLabSettingsSection
{
  AdwPreferencesGroup  parent_instance;

  /* Template */
  GtkWidget           *layers_box;
  GtkWidget           *add_layer;
  GtkWidget           *remove_layer;
  GtkWidget           *activation_row;
  GtkWidget           *epochs_spin;
  GtkWidget           *batch_spin;
  GtkWidget           *lr_spin;
  GtkWidget           *optimizer_row;
  GtkWidget           *test_split_spin;
  GtkWidget           *seed_spin;
  GtkWidget           *standardize_switch;
  GtkWidget           *l2_spin;
  GtkWidget           *dropout_spin;
  GtkWidget           *patience_spin;
  GtkWidget           *reset_button;

  GPtrArray           *layer_spins;   /* of GtkSpinButton, input side first */
  gboolean             running;
  gboolean             syncing;       /* set by code: one notify at the end */
};

G_DEFINE_FINAL_TYPE (LevLabSettingsSection, lev_lab_settings_section, ADW_TYPE_PREFERENCES_GROUP)

static gpointer
options_copy (gpointer p)
{
  return g_memdup2 (p, sizeof (LevTrainOptions));
}

G_DEFINE_BOXED_TYPE (LevLabOptions, lev_lab_options, options_copy, g_free)

enum {
  PROP_0,
  PROP_OPTIONS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const LevActivation activations[] = { LEV_ACT_RELU, LEV_ACT_TANH, LEV_ACT_SIGMOID, LEV_ACT_GELU };

static void
on_changed (LevLabSettingsSection *self)
{
  if (!self->syncing)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTIONS]);
}

static void
add_layer_spin (LevLabSettingsSection *self,
                guint                  units)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (1, 65536, 1);
  g_autofree char *label = g_strdup_printf (_("Units in hidden layer %u"), self->layer_spins->len + 1);

  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), units);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 4);
  gtk_widget_set_tooltip_text (spin, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  /* Before the +/− buttons, which stay last. */
  gtk_flow_box_insert (GTK_FLOW_BOX (self->layers_box), spin, (int) self->layer_spins->len);
  g_ptr_array_add (self->layer_spins, spin);
}

static void
update_layer_buttons (LevLabSettingsSection *self)
{
  gtk_widget_set_sensitive (self->add_layer, self->layer_spins->len < LEV_MLP_MAX_LAYERS - 1);
  gtk_widget_set_sensitive (self->remove_layer, self->layer_spins->len > 0);
}

static void
remove_last_layer (LevLabSettingsSection *self)
{
  GtkWidget *spin = g_ptr_array_steal_index (self->layer_spins, self->layer_spins->len - 1);

  /* The flow box wraps each child; remove the wrapper. */
  gtk_flow_box_remove (GTK_FLOW_BOX (self->layers_box), gtk_widget_get_parent (spin));
}

static void
on_add_layer (LevLabSettingsSection *self)
{
  guint units = 16;

  /* Narrowing towards the output, as the article's 64 → 32 does. */
  if (self->layer_spins->len > 0)
    units = MAX (1, gtk_spin_button_get_value_as_int (
                   g_ptr_array_index (self->layer_spins, self->layer_spins->len - 1)) / 2);
  if (self->layer_spins->len < LEV_MLP_MAX_LAYERS - 1)
    add_layer_spin (self, units);
  update_layer_buttons (self);
  on_changed (self);
}

static void
on_remove_layer (LevLabSettingsSection *self)
{
  if (self->layer_spins->len > 0)
    remove_last_layer (self);
  update_layer_buttons (self);
  on_changed (self);
}

void
lev_lab_settings_section_set_options (LevLabSettingsSection *self,
                                      const LevTrainOptions *o)
{
  g_return_if_fail (LEV_IS_LAB_SETTINGS_SECTION (self));
  g_return_if_fail (o != NULL);

  self->syncing = TRUE;
  while (self->layer_spins->len > 0)
    remove_last_layer (self);
  for (guint i = 0; i < o->n_hidden; i++)
    add_layer_spin (self, o->hidden[i]);
  update_layer_buttons (self);
  for (guint i = 0; i < G_N_ELEMENTS (activations); i++)
    if (activations[i] == o->activation)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->activation_row), i);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->epochs_spin), o->epochs);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->batch_spin), o->batch_size);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->lr_spin), o->learning_rate);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->optimizer_row), o->optimizer == LEV_OPTIMIZER_SGD ? 1 : 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->test_split_spin), o->test_split);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seed_spin), o->seed);
  gtk_switch_set_active (GTK_SWITCH (self->standardize_switch), o->standardize);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->l2_spin), o->l2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->dropout_spin), o->dropout);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->patience_spin), o->patience);
  self->syncing = FALSE;
  on_changed (self);
}

void
lev_lab_settings_section_get_options (LevLabSettingsSection *self,
                                      LevTrainOptions       *o)
{
  guint act;

  g_return_if_fail (LEV_IS_LAB_SETTINGS_SECTION (self));
  g_return_if_fail (o != NULL);

  lev_train_options_init (o);
  o->n_hidden = MIN (self->layer_spins->len, G_N_ELEMENTS (o->hidden));
  for (guint i = 0; i < o->n_hidden; i++)
    o->hidden[i] = (guint) gtk_spin_button_get_value_as_int (g_ptr_array_index (self->layer_spins, i));
  act = adw_combo_row_get_selected (ADW_COMBO_ROW (self->activation_row));
  o->activation = activations[MIN (act, G_N_ELEMENTS (activations) - 1)];
  o->epochs = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->epochs_spin));
  o->batch_size = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->batch_spin));
  o->learning_rate = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->lr_spin));
  o->optimizer = adw_combo_row_get_selected (ADW_COMBO_ROW (self->optimizer_row)) == 1 ? LEV_OPTIMIZER_SGD
                                                                                        : LEV_OPTIMIZER_ADAM;
  o->test_split = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->test_split_spin));
  o->seed = (guint32) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin));
  o->standardize = gtk_switch_get_active (GTK_SWITCH (self->standardize_switch));
  o->l2 = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->l2_spin));
  o->dropout = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->dropout_spin));
  o->patience = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->patience_spin));
}

static void
on_reset (LevLabSettingsSection *self)
{
  LevTrainOptions o;

  lev_train_options_init (&o);
  lev_lab_settings_section_set_options (self, &o);
}

static void
lev_lab_settings_section_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  LevLabSettingsSection *self = LEV_LAB_SETTINGS_SECTION (object);

  switch (prop_id)
    {
    case PROP_OPTIONS:
      {
        LevTrainOptions o;

        lev_lab_settings_section_get_options (self, &o);
        g_value_set_boxed (value, &o);
      }
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_lab_settings_section_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  LevLabSettingsSection *self = LEV_LAB_SETTINGS_SECTION (object);

  switch (prop_id)
    {
    case PROP_OPTIONS:
      if (g_value_get_boxed (value) != NULL)
        lev_lab_settings_section_set_options (self, g_value_get_boxed (value));
      break;
    case PROP_RUNNING:
      if (self->running != g_value_get_boolean (value))
        {
          self->running = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_lab_settings_section_dispose (GObject *object)
{
  LevLabSettingsSection *self = LEV_LAB_SETTINGS_SECTION (object);

  self->syncing = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), LEV_TYPE_LAB_SETTINGS_SECTION);
  G_OBJECT_CLASS (lev_lab_settings_section_parent_class)->dispose (object);
}

static void
lev_lab_settings_section_finalize (GObject *object)
{
  LevLabSettingsSection *self = LEV_LAB_SETTINGS_SECTION (object);

  g_clear_pointer (&self->layer_spins, g_ptr_array_unref);
  G_OBJECT_CLASS (lev_lab_settings_section_parent_class)->finalize (object);
}

static void
lev_lab_settings_section_class_init (LevLabSettingsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lev_lab_settings_section_get_property;
  object_class->set_property = lev_lab_settings_section_set_property;
  object_class->dispose = lev_lab_settings_section_dispose;
  object_class->finalize = lev_lab_settings_section_finalize;

  properties[PROP_OPTIONS] =
    g_param_spec_boxed ("options", NULL, NULL, LEV_TYPE_LAB_OPTIONS,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The settings of a run under way cannot change: while it trains they
   * are shown, not offered. */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/leverage/Leverage/ui/lev-lab-settings-section.ui");
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, layers_box);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, add_layer);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, remove_layer);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, activation_row);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, lr_spin);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, optimizer_row);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, test_split_spin);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, standardize_switch);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, l2_spin);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, dropout_spin);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, patience_spin);
  gtk_widget_class_bind_template_child (widget_class, LevLabSettingsSection, reset_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add_layer);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_layer);
  gtk_widget_class_bind_template_callback (widget_class, on_reset);
}

static void
lev_lab_settings_section_init (LevLabSettingsSection *self)
{
  LevTrainOptions defaults;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->layer_spins = g_ptr_array_new ();
  g_object_bind_property (self, "running", self, "sensitive", G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  lev_train_options_init (&defaults);
  lev_lab_settings_section_set_options (self, &defaults);
}
