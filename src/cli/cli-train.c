/* cli-train.c: `leverage-cli train` (the article's Keras program, without
 * Python, and more) and `leverage-cli predict`. */
#define G_LOG_DOMAIN "leverage-cli"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "lev-error.h"
#include "lev-file.h"
#include "lev-trainer.h"

typedef struct {
  CliFormat format;
  guint     epochs;
  gboolean  regression;
} TrainOutput;

static gboolean
print_epoch (const LevEpochStats *st,
             gpointer             user_data)
{
  TrainOutput *out = user_data;
  const char *metric = out->regression ? "r2" : "accuracy";

  if (out->format != CLI_FORMAT_TEXT)
    return TRUE;
  /* Keras's epoch line, on one line. */
  printf ("Epoch %u/%u - %.2fs - loss: %.4f - %s: %.4f", st->epoch, out->epochs, st->seconds,
          st->train_loss, metric, st->train_metric);
  if (!isnan (st->val_loss))
    printf (" - val_loss: %.4f - val_%s: %.4f", st->val_loss, metric, st->val_metric);
  printf (" - %.0f samples/s\n", st->samples_per_second);
  fflush (stdout);
  return TRUE;
}

static gboolean
parse_layers (const char      *text,
              LevTrainOptions *opt)
{
  g_auto(GStrv) parts = NULL;

  opt->n_hidden = 0;
  if (text[0] == '\0' || g_str_equal (text, "none"))
    return TRUE;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 v;

      if (i >= G_N_ELEMENTS (opt->hidden) ||
          !g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 65536, &v, NULL))
        return FALSE;
      opt->hidden[opt->n_hidden++] = (guint) v;
    }
  return TRUE;
}

static void
print_summary (const LevTrainResult *r,
               const LevDataset     *data)
{
  const LevSchema *s = data->schema;

  /* Everything beyond the article's two lines goes to stderr, so stdout
   * ends exactly as the article's program does. */
  g_printerr (_("Trained on %s (%s): %.2f s, %.0f samples/s, %.2f GFLOP/s\n"), r->backend_name,
              r->device_name, r->seconds, r->samples_per_second, r->gflops);
  if (r->fallback_reason != NULL)
    g_printerr ("%s\n", r->fallback_reason);
  if (r->stopped_early)
    g_printerr (_("Stopped early; kept the weights of epoch %u\n"), r->best_epoch);
  if (!isnan (r->test_auc))
    g_printerr (_("Test ROC AUC: %.4f\n"), r->test_auc);
  if (r->confusion != NULL && r->n_test > 0)
    {
      guint w = 9;

      for (guint i = 0; i < r->n_classes; i++)
        w = MAX (w, (guint) g_utf8_strlen (s->classes[i], -1) + 2);
      g_printerr (_("Confusion matrix (rows: true, columns: predicted):\n"));
      g_printerr ("%*s", (int) w, "");
      for (guint j = 0; j < r->n_classes; j++)
        g_printerr ("%*s", (int) w, s->classes[j]);
      g_printerr ("\n");
      for (guint i = 0; i < r->n_classes; i++)
        {
          g_printerr ("%*s", (int) w, s->classes[i]);
          for (guint j = 0; j < r->n_classes; j++)
            g_printerr ("%*" G_GUINT64_FORMAT, (int) w, r->confusion[i * r->n_classes + j]);
          g_printerr ("\n");
        }
    }
}

int
cli_cmd_train (int argc, char **argv)
{
  g_autofree char *label = NULL, *layers = NULL, *activation = NULL, *backend_name = NULL;
  g_autofree char *device = NULL, *save = NULL, *target = NULL;
  g_autofree char *missing = NULL, *delimiter = NULL, *optimizer = NULL;
  int label_index = G_MININT, epochs = 10, batch = 32, patience = 0, seed = 42;
  double lr = 1e-3, test_split = 0.2, val_split = 0.0, l2 = 0.0, dropout = 0.0, momentum = 0.9;
  gboolean no_standardize = FALSE, one_hot = FALSE;
  GOptionEntry entries[] = {
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("Target column name (default label)"), N_("NAME") },
    { "label-index", 0, 0, G_OPTION_ARG_INT, &label_index, N_("Target column by number, from 1"), N_("N") },
    { "target", 0, 0, G_OPTION_ARG_STRING, &target,
      N_("auto, binary, multiclass or regression (default auto)"), N_("KIND") },
    { "layers", 0, 0, G_OPTION_ARG_STRING, &layers, N_("Hidden layer widths (default 64,32)"), N_("W,W,…") },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &activation,
      N_("Hidden activation: relu, tanh, sigmoid, gelu (default relu)"), N_("NAME") },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs, N_("Epochs (default 10)"), N_("N") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Batch size (default 32)"), N_("N") },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, N_("Learning rate (default 0.001)"), N_("RATE") },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &optimizer, N_("adam or sgd (default adam)"), N_("NAME") },
    { "momentum", 0, 0, G_OPTION_ARG_DOUBLE, &momentum, N_("SGD momentum (default 0.9)"), N_("M") },
    { "l2", 0, 0, G_OPTION_ARG_DOUBLE, &l2, N_("L2 penalty λ on the kernels (default 0)"), N_("λ") },
    { "dropout", 0, 0, G_OPTION_ARG_DOUBLE, &dropout, N_("Dropout after hidden layers (default 0)"), N_("RATE") },
    { "test-split", 0, 0, G_OPTION_ARG_DOUBLE, &test_split, N_("Test fraction (default 0.2)"), N_("F") },
    { "validation-split", 0, 0, G_OPTION_ARG_DOUBLE, &val_split,
      N_("Validation fraction of the training rows (default 0: validate on the test split)"), N_("F") },
    { "patience", 0, 0, G_OPTION_ARG_INT, &patience,
      N_("Early stopping after N epochs without a better validation loss (default off)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Random seed (default 42)"), N_("N") },
    { "no-standardize", 0, 0, G_OPTION_ARG_NONE, &no_standardize,
      N_("Use the raw features, exactly as the article's program does"), NULL },
    { "one-hot", 0, 0, G_OPTION_ARG_NONE, &one_hot, N_("One-hot encode text columns with few values"), NULL },
    { "missing", 0, 0, G_OPTION_ARG_STRING, &missing,
      N_("Missing values: refuse, drop or mean (default refuse)"), N_("HOW") },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter, N_("Field delimiter: , ; or tab (default: detect)"),
      N_("CHAR") },
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend_name, N_("cpu, opencl or auto (default auto)"), N_("NAME") },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device, N_("OpenCL device id (see “devices”)"), N_("ID") },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save, N_("Save the model (JSON + .safetensors)"), N_("MODEL.json") },
    { NULL }
  };
  g_autoptr(LevDataset) data = NULL;
  g_autoptr(LevBackend) backend = NULL;
  g_autoptr(LevTrainResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LevCsvOptions copt;
  LevTrainOptions opt;
  TrainOutput out = { 0 };
  int status;

  if ((status = cli_command_open ("train", NULL, entries, &argc, &argv, &out.format)) >= 0)
    return status;

  lev_csv_options_init (&copt);
  lev_train_options_init (&opt);
  copt.label = label;
  /* G_MININT: not given. 0 is refused like −1 (columns count from 1), and
   * naming the target twice is a mistake to point out, not to settle. */
  if (label_index != G_MININT && label_index < 1)
    return cli_usage_error ("train", _("--label-index counts from 1"));
  if (label_index != G_MININT && label != NULL)
    return cli_usage_error ("train", _("--label and --label-index both name the target column: give one"));
  copt.label_index = label_index != G_MININT ? label_index - 1 : -1;
  if (seed < 0)
    return cli_usage_error ("train", _("--seed must be a whole number from 0 to %d"), G_MAXINT);
  if (target != NULL)
    {
      if (g_str_equal (target, "auto"))
        copt.target = LEV_TARGET_AUTO;
      else if (g_str_equal (target, "binary"))
        copt.target = LEV_TARGET_BINARY;
      else if (g_str_equal (target, "multiclass"))
        copt.target = LEV_TARGET_MULTICLASS;
      else if (g_str_equal (target, "regression"))
        copt.target = LEV_TARGET_REGRESSION;
      else
        return cli_usage_error ("train", _("unknown target “%s”"), target);
    }
  if (missing != NULL)
    {
      if (g_str_equal (missing, "refuse"))
        copt.missing = LEV_MISSING_REFUSE;
      else if (g_str_equal (missing, "drop"))
        copt.missing = LEV_MISSING_DROP;
      else if (g_str_equal (missing, "mean"))
        copt.missing = LEV_MISSING_MEAN;
      else
        return cli_usage_error ("train", _("unknown missing-value policy “%s”"), missing);
    }
  if (delimiter != NULL)
    {
      if (g_str_equal (delimiter, "tab") || g_str_equal (delimiter, "\\t") || g_str_equal (delimiter, "\t"))
        copt.delimiter = '\t';
      else if (g_str_equal (delimiter, ",") || g_str_equal (delimiter, ";"))
        copt.delimiter = delimiter[0];
      else
        return cli_usage_error ("train", _("unknown delimiter “%s” (expected , ; or tab)"), delimiter);
    }
  copt.text = one_hot ? LEV_TEXT_ONEHOT : LEV_TEXT_REFUSE;

  if (layers != NULL && !parse_layers (layers, &opt))
    return cli_usage_error ("train", _("--layers expects widths such as 64,32 (at most %d layers)"),
                            LEV_MLP_MAX_LAYERS - 1);
  if (activation != NULL && (!lev_activation_from_string (activation, &opt.activation) ||
                             opt.activation == LEV_ACT_LINEAR))
    return cli_usage_error ("train", _("unknown activation “%s” (expected relu, tanh, sigmoid or gelu)"),
                            activation);
  if (optimizer != NULL)
    {
      if (g_str_equal (optimizer, "adam"))
        opt.optimizer = LEV_OPTIMIZER_ADAM;
      else if (g_str_equal (optimizer, "sgd"))
        opt.optimizer = LEV_OPTIMIZER_SGD;
      else
        return cli_usage_error ("train", _("unknown optimizer “%s” (expected adam or sgd)"), optimizer);
    }
  if (epochs < 1 || batch < 1 || patience < 0 || !(lr > 0) || !(test_split >= 0 && test_split < 1) ||
      !(val_split >= 0 && val_split < 1) || !(dropout >= 0 && dropout < 1) || !(l2 >= 0) ||
      !(momentum >= 0 && momentum < 1))
    return cli_usage_error ("train", _("a setting is out of range (epochs and batch ≥ 1, learning rate > 0, "
                                       "splits, dropout and momentum in [0, 1), L2 ≥ 0)"));
  opt.epochs = (guint) epochs;
  opt.batch_size = (guint) batch;
  opt.learning_rate = lr;
  opt.momentum = momentum;
  opt.l2 = l2;
  opt.dropout = dropout;
  opt.test_split = test_split;
  opt.validation_split = val_split;
  opt.patience = (guint) patience;
  opt.seed = (guint32) seed;
  opt.standardize = !no_standardize;

  if (!(data = lev_dataset_load_csv (argv[1], &copt, &error)))
    return cli_report_error (error);
  if (!(backend = lev_backend_new_by_name (backend_name, device, &error)))
    {
      /* An OpenCL device that cannot start (no loader, no device, kernels
       * that do not compile) must not fail the run: train on the CPU and
       * say why. A device id that matches nothing is the user's to fix. */
      if (g_strcmp0 (backend_name, "opencl") != 0 || error->domain != LEV_BACKEND_ERROR ||
          error->code == LEV_BACKEND_ERROR_INVALID)
        return cli_report_error (error);
      g_printerr (_("OpenCL could not start (%s); training on the CPU\n"), error->message);
      g_clear_error (&error);
      backend = lev_backend_new_by_name ("cpu", NULL, &error);
    }
  out.epochs = opt.epochs;
  out.regression = data->schema->target == LEV_TARGET_REGRESSION;
  if (out.format == CLI_FORMAT_TEXT)
    {
      g_printerr (_("%s: %zu rows, %u features, %s target “%s”"), argv[1], data->n_rows,
                  data->n_features, lev_target_kind_to_string (data->schema->target), data->schema->label);
      if (data->n_dropped > 0)
        g_printerr (_(" (%zu rows with missing values left out)"), data->n_dropped);
      g_printerr ("\n");
    }
  if (!(result = lev_train (backend, data, &opt, print_epoch, &out, NULL, &error)))
    return cli_report_error (error);

  if (save != NULL && !lev_model_save (result->model, save, &error))
    return cli_report_error (error);

  if (out.format == CLI_FORMAT_JSON)
    {
      g_autoptr(JsonNode) node = lev_train_result_to_json (result, data);
      cli_print_json (node);
    }
  else
    {
      print_summary (result, data);
      if (save != NULL)
        g_printerr (_("Model saved to %s\n"), save);
      if (result->n_test == 0)
        {
          /* Nothing to print a test loss of (it would read "nan"). */
          g_printerr (_("No test rows (--test-split 0): the model was trained on every row and "
                        "has no test loss or accuracy\n"));
          return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
        }
      printf ("Test loss: %.4f\n", result->test_loss);
      if (out.regression)
        printf ("Test R2: %.4f\n", result->test_r2);
      else
        printf ("Test accuracy: %.4f\n", result->test_accuracy);
    }
  return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

int
cli_cmd_predict (int argc, char **argv)
{
  g_autofree char *out_path = NULL, *backend_name = NULL, *device = NULL;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, N_("Write the predictions here (default stdout)"),
      N_("PRED.csv") },
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend_name, N_("cpu, opencl or auto (default auto)"), N_("NAME") },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device, N_("OpenCL device id"), N_("ID") },
    { NULL }
  };
  g_autoptr(LevModel) model = NULL;
  g_autoptr(LevDataset) data = NULL;
  g_autoptr(LevBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = NULL;
  gsize right = 0, scored = 0;
  int status;

  if ((status = cli_command_open ("predict", NULL, entries, &argc, &argv, NULL)) >= 0)
    return status;
  if (!(model = lev_model_load (argv[1], &error)) ||
      !(data = lev_dataset_load_csv_with_schema (argv[2], model->schema, NULL, &error)) ||
      !(backend = lev_backend_new_by_name (backend_name, device, &error)))
    return cli_report_error (error);
  if (!(csv = lev_model_predict_csv (model, backend, data, &scored, &right, &error)))
    return cli_report_error (error);

  if (out_path != NULL)
    {
      /* Atomic like every save; a file that cannot be written is a
       * failure (1), not bad input. */
      if (!lev_file_replace (out_path, csv->str, csv->len, &error))
        {
          g_printerr ("leverage-cli: %s\n", error->message);
          return CLI_EXIT_FAILURE;
        }
      g_printerr (_("%zu predictions written to %s\n"), data->n_rows, out_path);
    }
  else
    fputs (csv->str, stdout);
  if (scored > 0)
    g_printerr (_("Accuracy on the %zu labelled rows: %.4f\n"), scored,
                (double) right / (double) scored);
  return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
