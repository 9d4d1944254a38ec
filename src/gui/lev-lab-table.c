/* lev-lab-table.c: rows of strings for the Model Lab's column views. */
#define G_LOG_DOMAIN "lev-lab-table"
#include "config.h"

#include "lev-lab-table.h"

#define LEV_TYPE_LAB_ROW (lev_lab_row_get_type ())
G_DECLARE_FINAL_TYPE (LevLabRow, lev_lab_row, LEV, LAB_ROW, GObject)

struct _LevLabRow
{
  GObject   parent_instance;
  char    **cells;
};

G_DEFINE_FINAL_TYPE (LevLabRow, lev_lab_row, G_TYPE_OBJECT)

static void
lev_lab_row_finalize (GObject *object)
{
  g_strfreev (LEV_LAB_ROW (object)->cells);
  G_OBJECT_CLASS (lev_lab_row_parent_class)->finalize (object);
}

static void
lev_lab_row_class_init (LevLabRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lev_lab_row_finalize;
}

static void
lev_lab_row_init (LevLabRow *self)
{
}

static LevLabRow *
lev_lab_row_new (char **cells)
{
  LevLabRow *row = g_object_new (LEV_TYPE_LAB_ROW, NULL);

  row->cells = cells;
  return row;
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "lev-numeric")) ? 1 : 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  LevLabRow *row = gtk_list_item_get_item (item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "lev-column"));
  const char *text = "";

  if (row->cells != NULL && column < g_strv_length (row->cells))
    text = row->cells[column];
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

void
lev_lab_table_set (GtkColumnView     *view,
                   const char *const *titles,
                   guint              n_titles,
                   const gboolean    *numeric,
                   GPtrArray         *rows)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GListStore) store = g_list_store_new (LEV_TYPE_LAB_ROW);
  g_autoptr(GtkNoSelection) selection = NULL;

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (view, col);
    }
  for (guint j = 0; j < n_titles; j++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) col = NULL;

      g_object_set_data (G_OBJECT (factory), "lev-column", GUINT_TO_POINTER (j));
      /* Numbers line up on the right, text on the left. */
      g_object_set_data (G_OBJECT (factory), "lev-numeric", GINT_TO_POINTER (numeric == NULL || numeric[j]));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), NULL);
      col = gtk_column_view_column_new (titles[j], factory);
      gtk_column_view_column_set_resizable (col, TRUE);
      gtk_column_view_append_column (view, col);
    }
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      g_autoptr(LevLabRow) row = lev_lab_row_new (g_ptr_array_index (rows, i));
      g_ptr_array_index (rows, i) = NULL;
      g_list_store_append (store, row);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&store)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}
