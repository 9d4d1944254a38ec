/* lev-summary.c: headline figures as a row of small cards (the template
 * ui/lev-summary.ui). Each figure says when it cannot be given: no range
 * without an uncertain input, no chance without a budget. */
#define G_LOG_DOMAIN "lev-summary"
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lev-summary.h"

struct _LevSummary
{
  GtkWidget  parent_instance;
  GtkWidget *box;
  GtkWidget *values[LEV_SUMMARY_N_FIELDS];
  GtkWidget *captions[LEV_SUMMARY_N_FIELDS];
  gboolean   has_budget;
  gboolean   over_budget;
};

G_DEFINE_FINAL_TYPE (LevSummary, lev_summary, GTK_TYPE_WIDGET)

/* The template children, in LevSummaryField order. */
static const char *field_ids[LEV_SUMMARY_N_FIELDS] = {
  "leveraged", "baseline", "savings", "range", "within_budget", "runway",
};

static void
lev_summary_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LEV_TYPE_SUMMARY);
  G_OBJECT_CLASS (lev_summary_parent_class)->dispose (object);
}

static void
lev_summary_class_init (LevSummaryClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lev_summary_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "levsummary");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/leverage/Leverage/ui/lev-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, LevSummary, box);
  for (guint i = 0; i < LEV_SUMMARY_N_FIELDS; i++)
    {
      g_autofree char *caption = g_strconcat (field_ids[i], "_caption", NULL);

      gtk_widget_class_bind_template_child_full (widget_class, field_ids[i], FALSE,
                                                 G_STRUCT_OFFSET (LevSummary, values) + i * sizeof (GtkWidget *));
      gtk_widget_class_bind_template_child_full (widget_class, caption, FALSE,
                                                 G_STRUCT_OFFSET (LevSummary, captions) + i * sizeof (GtkWidget *));
    }
}

static void
lev_summary_init (LevSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < LEV_SUMMARY_N_FIELDS; i++)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->values[i]),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->captions[i], NULL, -1);
}

GtkWidget *
lev_summary_new (void)
{
  return g_object_new (LEV_TYPE_SUMMARY, NULL);
}

/* @tip (may be NULL) also becomes the figure's accessible description, so
 * a screen reader hears why a figure is missing, not only a dash. */
static void
set_value (LevSummary      *self,
           LevSummaryField  field,
           const char      *text,
           const char      *tip,
           gboolean         error)
{
  GtkWidget *label = self->values[field];

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, tip);
  if (tip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tip, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  if (error)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static gboolean
any_uncertain (const LevSnapshot *s)
{
  for (guint i = 0; i < s->n_inputs; i++)
    if (lev_number_is_uncertain (&s->inputs[i].number))
      return TRUE;
  return FALSE;
}

void
lev_summary_show_report (LevSummary      *self,
                         const LevReport *report)
{
  const LevEval *e = &report->eval;
  LevCurrency c = report->snapshot->currency;
  g_autofree char *lev = lev_money_format (e->leveraged, c, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_AUTO);
  g_autofree char *base = lev_money_format (e->baseline, c, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_AUTO);
  g_autofree char *sav = lev_money_format (e->savings, c, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_AUTO);
  g_autofree char *exact = lev_money_format (e->leveraged, c, LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
  g_autofree char *lev_tip = NULL;
  g_autofree char *runway = NULL;
  gboolean uncertain;

  g_return_if_fail (LEV_IS_SUMMARY (self));

  /* The file stores a missing budget as none; the snapshot reads it as 0. */
  self->has_budget = isfinite (e->budget) && e->budget > 0;
  self->over_budget = self->has_budget && e->leveraged > e->budget;
  uncertain = any_uncertain (report->snapshot);

  if (self->over_budget)
    {
      g_autofree char *budget = lev_money_format (e->budget, c, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_AUTO);
      /* Translators: tooltip of the leveraged total when it exceeds the funding */
      lev_tip = g_strdup_printf (_("%s: over the funding of %s"), exact, budget);
    }
  else
    lev_tip = g_strdup (exact);
  set_value (self, LEV_SUMMARY_LEVERAGED, lev, lev_tip, self->over_budget);
  gtk_label_set_text (GTK_LABEL (self->captions[LEV_SUMMARY_LEVERAGED]),
                      /* Translators: caption of the total when some inputs are ranges: the
                       * figure takes each range at its median */
                      uncertain ? _("Leveraged total, at medians") : _("Leveraged total"));
  set_value (self, LEV_SUMMARY_BASELINE, base, NULL, FALSE);
  set_value (self, LEV_SUMMARY_SAVINGS, sav, NULL, e->savings < -0.5);

  if (!self->has_budget)
    /* Translators: the plan has no funding to count months against */
    set_value (self, LEV_SUMMARY_RUNWAY, _("No budget set"), _("Type the funding in the Scenario group"), FALSE);
  else
    {
      gboolean short_runway = e->runway_months < report->snapshot->n_months;

      if (!short_runway)
        /* Translators: the budget lasts beyond the plan's months */
        runway = g_strdup_printf (_("All %u months"), report->snapshot->n_months);
      else
        runway = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.0f month", "%.0f months",
                                               (gulong) e->runway_months), e->runway_months);
      set_value (self, LEV_SUMMARY_RUNWAY, runway, NULL, short_runway);
    }
  if (!self->has_budget)
    set_value (self, LEV_SUMMARY_WITHIN_BUDGET, _("No budget set"), _("Type the funding in the Scenario group"),
               FALSE);
}

void
lev_summary_show_range (LevSummary  *self,
                        LevCurrency  currency,
                        double       p10,
                        double       p90,
                        double       p_within_budget,
                        guint        n_samples)
{
  g_return_if_fail (LEV_IS_SUMMARY (self));

  if (isnan (p10) || isnan (p90))
    set_value (self, LEV_SUMMARY_RANGE, "—", NULL, FALSE);
  else if (p90 - p10 <= 1e-9 * MAX (1.0, fabs (p90)))
    /* One outcome only: "¥13M – ¥13M" would read as a range. */
    set_value (self, LEV_SUMMARY_RANGE, "—",
               _("No input is a range, so every simulated outcome is the same"), FALSE);
  else
    {
      g_autofree char *lo = lev_money_format (p10, currency, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_AUTO);
      g_autofree char *hi = lev_money_format (p90, currency, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_AUTO);
      /* Translators: the 10th to the 90th percentile of the total, e.g. "¥12M – ¥14M" */
      g_autofree char *text = g_strdup_printf (_("%s – %s"), lo, hi);
      set_value (self, LEV_SUMMARY_RANGE, text, NULL, FALSE);
    }

  if (!self->has_budget)
    set_value (self, LEV_SUMMARY_WITHIN_BUDGET, _("No budget set"), _("Type the funding in the Scenario group"),
               FALSE);
  else if (isnan (p_within_budget))
    set_value (self, LEV_SUMMARY_WITHIN_BUDGET, "—", NULL, FALSE);
  else
    {
      g_autofree char *text = g_strdup_printf ("%.0f%%", 100.0 * p_within_budget);
      g_autofree char *tip = g_strdup_printf (_("Share of %u simulated outcomes within the budget"), n_samples);
      set_value (self, LEV_SUMMARY_WITHIN_BUDGET, text, tip, p_within_budget < 0.5);
    }
}

const char *
lev_summary_get_text (LevSummary      *self,
                      LevSummaryField  field)
{
  g_return_val_if_fail (LEV_IS_SUMMARY (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->values[field]));
}
