/* lev-summary.c: headline figures as a row of small cards. */
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
};

G_DEFINE_FINAL_TYPE (LevSummary, lev_summary, GTK_TYPE_WIDGET)

static const char *captions[LEV_SUMMARY_N_FIELDS] = {
  N_("Leveraged total"), N_("Self-provided baseline"), N_("Social advantage"),
  N_("10th–90th percentile"), N_("Chance within budget"), N_("Runway"),
};

static void
lev_summary_dispose (GObject *object)
{
  LevSummary *self = (LevSummary *) object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
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
}

static void
lev_summary_init (LevSummary *self)
{
  /* One row of equal cards; labels ellipsize rather than wrap the strip. */
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (self->box), TRUE);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  for (guint i = 0; i < LEV_SUMMARY_N_FIELDS; i++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      self->values[i] = gtk_label_new ("—");
      self->captions[i] = gtk_label_new (_(captions[i]));
      gtk_widget_add_css_class (self->values[i], "title-4");
      gtk_widget_add_css_class (self->values[i], "numeric");
      gtk_label_set_selectable (GTK_LABEL (self->values[i]), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (self->values[i]), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (self->captions[i], "caption");
      gtk_widget_add_css_class (self->captions[i], "dim-label");
      gtk_label_set_ellipsize (GTK_LABEL (self->captions[i]), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (card), self->values[i]);
      gtk_box_append (GTK_BOX (card), self->captions[i]);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->values[i]),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->captions[i], NULL, -1);
      gtk_box_append (GTK_BOX (self->box), card);
    }
}

GtkWidget *
lev_summary_new (void)
{
  return g_object_new (LEV_TYPE_SUMMARY, NULL);
}

static void
set_value (LevSummary      *self,
           LevSummaryField  field,
           const char      *text)
{
  gtk_label_set_text (GTK_LABEL (self->values[field]), text);
}

void
lev_summary_show_report (LevSummary      *self,
                         const LevReport *report)
{
  const LevEval *e = &report->eval;
  LevCurrency c = report->snapshot->currency;
  g_autofree char *lev = lev_money_format (e->leveraged, c, LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
  g_autofree char *base = lev_money_format (e->baseline, c, LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
  g_autofree char *sav = lev_money_format (e->savings, c, LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
  g_autofree char *runway = NULL;

  g_return_if_fail (LEV_IS_SUMMARY (self));
  set_value (self, LEV_SUMMARY_LEVERAGED, lev);
  set_value (self, LEV_SUMMARY_BASELINE, base);
  set_value (self, LEV_SUMMARY_SAVINGS, sav);
  if (e->runway_months >= report->snapshot->n_months)
    /* Translators: the budget lasts beyond the plan's months */
    runway = g_strdup_printf (_("All %u months"), report->snapshot->n_months);
  else
    runway = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.0f month", "%.0f months",
                                           (gulong) e->runway_months), e->runway_months);
  set_value (self, LEV_SUMMARY_RUNWAY, runway);
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
    set_value (self, LEV_SUMMARY_RANGE, "—");
  else
    {
      g_autofree char *lo = lev_money_format (p10, currency, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_AUTO);
      g_autofree char *hi = lev_money_format (p90, currency, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_AUTO);
      g_autofree char *text = g_strdup_printf ("%s – %s", lo, hi);
      set_value (self, LEV_SUMMARY_RANGE, text);
    }
  if (isnan (p_within_budget))
    set_value (self, LEV_SUMMARY_WITHIN_BUDGET, "—");
  else
    {
      g_autofree char *text = g_strdup_printf ("%.0f%%", 100.0 * p_within_budget);
      g_autofree char *tip = g_strdup_printf (_("Share of %u simulated outcomes within the budget"), n_samples);
      set_value (self, LEV_SUMMARY_WITHIN_BUDGET, text);
      gtk_widget_set_tooltip_text (self->values[LEV_SUMMARY_WITHIN_BUDGET], tip);
    }
}

const char *
lev_summary_get_text (LevSummary      *self,
                      LevSummaryField  field)
{
  g_return_val_if_fail (LEV_IS_SUMMARY (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->values[field]));
}
