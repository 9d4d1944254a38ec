/* lev-analysis-page.c: chart cards drawn by src/charts, the same function
 * every export uses, so what is on screen is what goes into the deck. */
#define G_LOG_DOMAIN "lev-analysis-page"
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lev-analysis-page.h"
#include "lev-chart-export.h"
#include "lev-export-dialog.h"
#include "lev-simulate.h"
#include "lev-window.h"

struct _LevAnalysisPage
{
  GtkWidget    parent_instance;

  GtkWidget   *scroller;
  GtkWidget   *flow;
  GtkWidget   *cards[LEV_N_CHARTS];
  GtkWidget   *areas[LEV_N_CHARTS];
  GtkWidget   *output_dropdown;
  LevChartSet *set;
  guint        output;
};

G_DEFINE_FINAL_TYPE (LevAnalysisPage, lev_analysis_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_OUTPUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The outputs a founder can ask "what drives this?" about. */
static const LevOutput outputs[] = {
  LEV_OUTPUT_LEVERAGED, LEV_OUTPUT_BASELINE, LEV_OUTPUT_SAVINGS, LEV_OUTPUT_AREA_DATA,
  LEV_OUTPUT_AREA_COMPUTE, LEV_OUTPUT_AREA_TALENT, LEV_OUTPUT_AREA_MARKET, LEV_OUTPUT_PEAK_MONTHLY,
};

static const char *
output_label (guint output)
{
  switch (output)
    {
    case LEV_OUTPUT_LEVERAGED: return _("Leveraged total");
    case LEV_OUTPUT_BASELINE: return _("Self-provided baseline");
    case LEV_OUTPUT_SAVINGS: return _("Social advantage");
    case LEV_OUTPUT_AREA_DATA: return lev_area_kind_label (LEV_AREA_DATA);
    case LEV_OUTPUT_AREA_COMPUTE: return lev_area_kind_label (LEV_AREA_COMPUTE);
    case LEV_OUTPUT_AREA_TALENT: return lev_area_kind_label (LEV_AREA_TALENT);
    case LEV_OUTPUT_AREA_MARKET: return lev_area_kind_label (LEV_AREA_MARKET);
    case LEV_OUTPUT_PEAK_MONTHLY: return _("Peak monthly spend");
    default: return "";
    }
}

const char *
lev_analysis_page_get_output_label (LevAnalysisPage *self)
{
  g_return_val_if_fail (LEV_IS_ANALYSIS_PAGE (self), NULL);
  return output_label (self->output);
}

/* A histogram of another output than the total says which in its title. */
static char *
chart_title (const LevChartSet *set,
             LevChartKind       kind)
{
  if (kind == LEV_CHART_HISTOGRAM && set->histogram != NULL && set->histogram->label != NULL)
    /* Translators: title of the histogram of one output, e.g. "Talent, simulated" */
    return g_strdup_printf (_("%s, simulated"), set->histogram->label);
  return NULL;
}

guint
lev_analysis_page_get_output (LevAnalysisPage *self)
{
  g_return_val_if_fail (LEV_IS_ANALYSIS_PAGE (self), 0);
  return self->output;
}

void
lev_analysis_page_set_output (LevAnalysisPage *self,
                              guint            output)
{
  g_return_if_fail (LEV_IS_ANALYSIS_PAGE (self));
  g_return_if_fail (output < LEV_N_OUTPUTS);
  if (self->output == output)
    return;
  self->output = output;
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    if (outputs[i] == output)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->output_dropdown), i);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT]);
}

static void
on_output_selected (LevAnalysisPage *self)
{
  guint sel = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->output_dropdown));

  if (sel < G_N_ELEMENTS (outputs))
    lev_analysis_page_set_output (self, outputs[sel]);
}

static void
lev_analysis_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  if (prop_id == PROP_OUTPUT)
    g_value_set_uint (value, LEV_ANALYSIS_PAGE (object)->output);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lev_analysis_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  if (prop_id == PROP_OUTPUT)
    lev_analysis_page_set_output (LEV_ANALYSIS_PAGE (object), g_value_get_uint (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static LevTheme
current_theme (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ()) ? LEV_THEME_DARK : LEV_THEME_LIGHT;
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  LevAnalysisPage *self = user_data;
  LevChartKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "lev-chart"));
  LevChartStyle style;
  g_autofree char *title = NULL;

  if (self->set == NULL)
    return;
  lev_chart_style_init (&style, LEV_CHART_STYLE_SCREEN, current_theme ());
  title = chart_title (self->set, kind);
  if (title != NULL)
    style.title = title;
  lev_chart_draw (cr, self->set, kind, &style, width, height, NULL);
}

char *
lev_analysis_describe (const LevChartSet *set,
                       LevChartKind       kind)
{
  LevCurrency c = set->currency;

#define M(v) lev_money_format ((v), c, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_AUTO)
  switch (kind)
    {
    case LEV_CHART_COST_BY_AREA:
      if (set->cost_by_area)
        {
          GString *s = g_string_new (_("Cost by area, leveraged against baseline:"));
          for (guint i = 0; i < set->cost_by_area->n; i++)
            {
              g_autofree char *l = M (set->cost_by_area->bars[i].leveraged);
              g_autofree char *b = M (set->cost_by_area->bars[i].baseline);
              g_string_append_printf (s, " %s %s / %s;", set->cost_by_area->bars[i].label, l, b);
            }
          return g_string_free (s, FALSE);
        }
      break;
    case LEV_CHART_WATERFALL:
      if (set->waterfall)
        {
          g_autofree char *b = M (set->waterfall->baseline);
          g_autofree char *l = M (set->waterfall->leveraged);
          return g_strdup_printf (_("Savings waterfall from a baseline of %s down to %s leveraged, "
                                    "in %u channel steps."), b, l, set->waterfall->n);
        }
      break;
    case LEV_CHART_COMPOSITION:
      if (set->composition && set->composition->n > 0)
        {
          g_autofree char *t = M (set->composition->total);
          g_autofree char *v = M (set->composition->slices[0].value);
          return g_strdup_printf (_("Leveraged cost of %s by channel; the largest is %s at %s."), t,
                                  lev_channel_label (set->composition->slices[0].channel), v);
        }
      break;
    case LEV_CHART_HISTOGRAM:
      if (set->histogram && set->histogram->label)
        {
          g_autofree char *p10 = M (set->histogram->p10);
          g_autofree char *p50 = M (set->histogram->p50);
          g_autofree char *p90 = M (set->histogram->p90);
          return g_strdup_printf (_("Simulated %s: 10th percentile %s, median %s, 90th percentile %s."),
                                  set->histogram->label, p10, p50, p90);
        }
      G_GNUC_FALLTHROUGH;
    case LEV_CHART_EXCEEDANCE:
      if (set->histogram)
        {
          g_autofree char *p10 = M (set->histogram->p10);
          g_autofree char *p50 = M (set->histogram->p50);
          g_autofree char *p90 = M (set->histogram->p90);
          return g_strdup_printf (_("Simulated leveraged total: 10th percentile %s, median %s, "
                                    "90th percentile %s; %.0f%% chance within budget."),
                                  p10, p50, p90, 100 * set->histogram->p_within);
        }
      break;
    case LEV_CHART_TORNADO:
      if (set->tornado && set->tornado->n > 0)
        return g_strdup_printf (_("Sensitivity of the total to %u inputs; the first is %s."),
                                set->tornado->n, set->tornado->bars[0].label);
      break;
    case LEV_CHART_FAN:
      if (set->fan && set->fan->n_months > 0)
        {
          g_autofree char *end = M (set->fan->p50[set->fan->n_months - 1]);
          if (set->fan->runway_month >= 0)
            return g_strdup_printf (_("Cumulative spend reaches %s over %u months; the funding runs "
                                      "out in month %d."), end, set->fan->n_months,
                                    set->fan->runway_month + 1);
          return g_strdup_printf (_("Cumulative spend reaches %s over %u months, within the funding."),
                                  end, set->fan->n_months);
        }
      break;
    case LEV_CHART_TRAINING:
    default:
      break;
    }
#undef M
  return g_strdup (lev_chart_kind_title (kind));
}

/* ---------------------------------------------------------------- */
/* Export: choose style, theme and format, then a file. */

gboolean
lev_analysis_page_export (LevAnalysisPage   *self,
                          LevChartKind       kind,
                          LevChartFormat     format,
                          LevChartStyleKind  style_kind,
                          LevTheme           theme,
                          double             scale,
                          GFile             *file,
                          GError           **error)
{
  g_autofree char *path = g_file_get_path (file);
  LevChartStyle style;
  g_autofree char *title = NULL;
  double w, h;

  g_return_val_if_fail (LEV_IS_ANALYSIS_PAGE (self), FALSE);
  if (self->set == NULL || !lev_chart_set_has (self->set, kind))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This chart has no data yet"));
      return FALSE;
    }
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be written"));
      return FALSE;
    }
  lev_chart_style_init (&style, style_kind, theme);
  title = chart_title (self->set, kind);
  if (title != NULL)
    style.title = title;
  w = style_kind == LEV_CHART_STYLE_DECK ? LEV_CHART_DECK_WIDTH : LEV_CHART_SCREEN_WIDTH;
  h = style_kind == LEV_CHART_STYLE_DECK ? LEV_CHART_DECK_HEIGHT : LEV_CHART_SCREEN_HEIGHT;
  return lev_chart_export (self->set, kind, &style, format, w, h, scale, path, error);
}

static gboolean
export_chart (GtkWidget              *owner,
              LevChartKind            kind,
              GFile                  *file,
              const LevExportChoice  *choice,
              GError                **error)
{
  return lev_analysis_page_export (LEV_ANALYSIS_PAGE (owner), kind, choice->format, choice->style,
                                   choice->theme, choice->scale, file, error);
}

static void
action_export (GtkWidget *widget, const char *name, GVariant *param)
{
  LevChartKind kind;

  if (!lev_chart_kind_from_id (g_variant_get_string (param, NULL), &kind))
    return;
  lev_export_dialog_present (widget, kind, lev_chart_kind_to_id (kind), export_chart);
}

static void
action_copy (GtkWidget *widget, const char *name, GVariant *param)
{
  LevAnalysisPage *self = LEV_ANALYSIS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  LevChartKind kind;
  LevChartStyle style;
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w, h, stride;

  if (self->set == NULL || !lev_chart_kind_from_id (g_variant_get_string (param, NULL), &kind))
    return;
  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  surface = lev_chart_render_image (self->set, kind, &style, LEV_CHART_DECK_WIDTH,
                                    LEV_CHART_DECK_HEIGHT, 1.0, NULL, &error);
  if (surface == NULL)
    {
      lev_window_show_toast (LEV_WINDOW (gtk_widget_get_root (widget)), error->message, TRUE);
      return;
    }
  cairo_surface_flush (surface);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * h);
  texture = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, stride);
  cairo_surface_destroy (surface);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  lev_window_show_toast (LEV_WINDOW (gtk_widget_get_root (widget)), _("Chart copied as an image"), FALSE);
}

static void
action_export_deck (GtkWidget *widget, const char *name, GVariant *param);

/* ---------------------------------------------------------------- */

static void
lev_analysis_page_dispose (GObject *object)
{
  LevAnalysisPage *self = (LevAnalysisPage *) object;

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->set, lev_chart_set_free);
  G_OBJECT_CLASS (lev_analysis_page_parent_class)->dispose (object);
}

static void
lev_analysis_page_class_init (LevAnalysisPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lev_analysis_page_dispose;
  G_OBJECT_CLASS (klass)->get_property = lev_analysis_page_get_property;
  G_OBJECT_CLASS (klass)->set_property = lev_analysis_page_set_property;
  properties[PROP_OUTPUT] =
    g_param_spec_uint ("output", NULL, NULL, 0, LEV_N_OUTPUTS - 1, LEV_OUTPUT_LEVERAGED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "analysis.export", "s", action_export);
  gtk_widget_class_install_action (widget_class, "analysis.copy", "s", action_copy);
  gtk_widget_class_install_action (widget_class, "analysis.export-deck", NULL, action_export_deck);
}

static void
queue_all (LevAnalysisPage *self)
{
  for (guint k = 0; k < LEV_N_CHARTS; k++)
    if (self->areas[k] != NULL)
      gtk_widget_queue_draw (self->areas[k]);
}

static GtkWidget *
make_card (LevAnalysisPage *self,
           LevChartKind     kind)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (lev_chart_kind_title (kind));
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *area = gtk_drawing_area_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *target = g_strdup_printf ("'%s'", lev_chart_kind_to_id (kind));
  g_autofree char *export_action = g_strdup_printf ("analysis.export(%s)", target);
  g_autofree char *copy_action = g_strdup_printf ("analysis.copy(%s)", target);
  g_autofree char *menu_label = g_strdup_printf (_("Actions for %s"), lev_chart_kind_title (kind));

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_size_request (card, 420, -1);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  g_menu_append (menu, _("Export…"), export_action);
  g_menu_append (menu, _("Copy as Image"), copy_action);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, menu_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  menu_label, -1);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 6);
  gtk_widget_set_margin_top (header, 6);
  /* The chart draws its own title; the card's stays for screen readers. */
  gtk_widget_set_visible (title, FALSE);
  gtk_widget_set_halign (header, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), menu_button);

  g_object_set_data (G_OBJECT (area), "lev-chart", GUINT_TO_POINTER (kind));
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 360);
  gtk_widget_set_hexpand (area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  lev_chart_kind_title (kind), -1);
  {
    /* The menu sits over the chart's top-right corner. */
    GtkWidget *overlay = gtk_overlay_new ();
    gtk_widget_set_valign (header, GTK_ALIGN_START);
    gtk_overlay_set_child (GTK_OVERLAY (overlay), area);
    gtk_overlay_add_overlay (GTK_OVERLAY (overlay), header);
    gtk_box_append (GTK_BOX (card), overlay);
  }
  self->areas[kind] = area;
  return card;
}

static void
lev_analysis_page_init (LevAnalysisPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *deck = gtk_button_new_with_mnemonic (_("Export _Deck…"));

  gtk_widget_set_tooltip_text (deck, _("Every chart as a multi-page PDF of 16:9 slides"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (deck), "analysis.export-deck");
  {
    const char *labels[] = {
      _("Leveraged total"), _("Self-provided baseline"), _("Social advantage"),
      lev_area_kind_label (LEV_AREA_DATA), lev_area_kind_label (LEV_AREA_COMPUTE),
      lev_area_kind_label (LEV_AREA_TALENT), lev_area_kind_label (LEV_AREA_MARKET),
      _("Peak monthly spend"), NULL,
    };
    GtkWidget *label = gtk_label_new_with_mnemonic (_("_Explain"));
    GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

    self->output_dropdown = gtk_drop_down_new_from_strings (labels);
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->output_dropdown);
    gtk_widget_set_tooltip_text (self->output_dropdown,
                                 _("The output the histogram and the tornado chart show"));
    g_signal_connect_swapped (self->output_dropdown, "notify::selected",
                              G_CALLBACK (on_output_selected), self);
    gtk_widget_set_hexpand (spacer, TRUE);
    gtk_box_append (GTK_BOX (bar), label);
    gtk_box_append (GTK_BOX (bar), self->output_dropdown);
    gtk_box_append (GTK_BOX (bar), spacer);
  }
  gtk_box_append (GTK_BOX (bar), deck);

  self->flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (self->flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->flow), 2);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->flow), TRUE);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->flow), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->flow), 12);
  for (guint k = 0; k < LEV_N_CHARTS; k++)
    {
      if (k == LEV_CHART_TRAINING)
        continue; /* the Model Lab's */
      self->cards[k] = make_card (self, k);
      gtk_flow_box_append (GTK_FLOW_BOX (self->flow), self->cards[k]);
    }
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), self->flow);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), box);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (queue_all), self);
}

GtkWidget *
lev_analysis_page_new (void)
{
  return g_object_new (LEV_TYPE_ANALYSIS_PAGE, NULL);
}

void
lev_analysis_page_set_charts (LevAnalysisPage *self,
                              LevChartSet     *set)
{
  g_return_if_fail (LEV_IS_ANALYSIS_PAGE (self));

  g_clear_pointer (&self->set, lev_chart_set_free);
  self->set = set;
  for (guint k = 0; k < LEV_N_CHARTS; k++)
    {
      g_autofree char *desc = NULL;

      if (self->cards[k] == NULL)
        continue;
      /* The flow box wraps each card in a child; hide that. */
      gtk_widget_set_visible (gtk_widget_get_parent (self->cards[k]),
                              set != NULL && lev_chart_set_has (set, k));
      if (set == NULL)
        continue;
      desc = lev_analysis_describe (set, k);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->areas[k]),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc, -1);
      gtk_widget_set_tooltip_text (self->areas[k], desc);
    }
  queue_all (self);
}

const LevChartSet *
lev_analysis_page_get_charts (LevAnalysisPage *self)
{
  g_return_val_if_fail (LEV_IS_ANALYSIS_PAGE (self), NULL);
  return self->set;
}

GtkWidget *
lev_analysis_page_get_chart (LevAnalysisPage *self,
                             LevChartKind     kind)
{
  g_return_val_if_fail (LEV_IS_ANALYSIS_PAGE (self), NULL);
  g_return_val_if_fail (kind < LEV_N_CHARTS, NULL);
  return self->areas[kind];
}

static void
deck_file_chosen (LevWindow *window,
                  GFile     *file,
                  gpointer   data)
{
  g_autoptr(LevAnalysisPage) self = data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  LevChartStyle style;

  if (self->set == NULL || path == NULL)
    return;
  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  if (!lev_chart_export_pdf_pages (self->set, NULL, 0, &style, LEV_CHART_DECK_WIDTH,
                                   LEV_CHART_DECK_HEIGHT, path, &error))
    lev_window_show_toast (window, error->message, TRUE);
  else
    lev_window_show_toast (window, _("Deck exported"), FALSE);
}

gboolean
lev_analysis_page_export_deck_pngs (LevAnalysisPage *self,
                                    GFile           *folder,
                                    guint           *n_written,
                                    GError         **error)
{
  g_autofree char *dir = g_file_get_path (folder);
  LevChartStyle style;

  g_return_val_if_fail (LEV_IS_ANALYSIS_PAGE (self), FALSE);
  if (n_written)
    *n_written = 0;
  if (self->set == NULL || dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local folders can be written"));
      return FALSE;
    }
  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  for (guint k = 0; k < LEV_N_CHARTS; k++)
    {
      g_autofree char *name = NULL, *path = NULL, *title = NULL;

      if (!lev_chart_set_has (self->set, k))
        continue;
      title = chart_title (self->set, k);
      style.title = title;
      /* Numbered so a deck tool imports them in order. */
      name = g_strdup_printf ("%02u-%s.png", (n_written ? *n_written : 0) + 1, lev_chart_kind_to_id (k));
      path = g_build_filename (dir, name, NULL);
      if (!lev_chart_export (self->set, k, &style, LEV_CHART_FORMAT_PNG, LEV_CHART_DECK_WIDTH,
                             LEV_CHART_DECK_HEIGHT, 2.0, path, error))
        return FALSE;
      if (n_written)
        (*n_written)++;
    }
  return TRUE;
}

static void
deck_folder_chosen (LevWindow *window,
                    GFile     *folder,
                    gpointer   data)
{
  g_autoptr(LevAnalysisPage) self = data;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!lev_analysis_page_export_deck_pngs (self, folder, &n, &error))
    lev_window_show_toast (window, error->message, TRUE);
  else
    {
      g_autofree char *msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u slide exported",
                                                           "%u slides exported", n), n);
      lev_window_show_toast (window, msg, FALSE);
    }
}

static void
on_deck_response (AdwMessageDialog *dialog,
                  const char       *response,
                  LevAnalysisPage  *self)
{
  LevWindow *window = LEV_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));

  if (g_str_equal (response, "pdf"))
    lev_window_choose_save_file (window, _("Export Deck"), "deck-appendix.pdf", deck_file_chosen,
                                 g_object_ref (self), g_object_unref);
  else if (g_str_equal (response, "png"))
    lev_window_choose_folder (window, _("Folder for the Deck Slides"), deck_folder_chosen,
                              g_object_ref (self), g_object_unref);
}

static void
action_export_deck (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Export Deck"),
                                              _("Every chart as a 16:9 slide: one PDF with a page each, "
                                                "or a folder of PNG images."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "png", _("PNG _Folder…"), "pdf", _("_PDF…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "pdf", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "pdf");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_deck_response), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
