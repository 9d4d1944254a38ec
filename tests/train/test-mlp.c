/* test-mlp.c: the network and the trainer. Gradients: the float64 reference
 * against central differences, then every backend's float32 backprop
 * against the reference, for every activation and loss. Learning: XOR and
 * two concentric circles. Reproducibility, early stopping, cancellation,
 * the GTask, and models on disk (safetensors layout checked byte by byte,
 * and by Python's safetensors package when it is installed). */
#define G_LOG_DOMAIN "test-mlp"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lev-error.h"
#include "lev-cpu-backend.h"
#include "lev-trainer.h"

static char *tmpdir;

typedef struct {
  LevLoss loss;
  guint   n_out;
  double  l2;
} LossCase;

static const LossCase loss_cases[] = {
  { LEV_LOSS_SIGMOID_BCE, 1, 0.0 },
  { LEV_LOSS_SOFTMAX_CE, 3, 0.0 },
  { LEV_LOSS_MSE, 2, 0.0 },
  { LEV_LOSS_SIGMOID_BCE, 1, 0.01 },
};

static void
fill_problem (const LevMlp *mlp,
              GRand        *rng,
              gsize         m,
              double       *x,
              double       *y)
{
  guint n_out = mlp->widths[mlp->n_layers - 1];

  for (gsize i = 0; i < m * mlp->n_inputs; i++)
    x[i] = g_rand_double_range (rng, -2, 2);
  for (gsize i = 0; i < m; i++)
    {
      if (mlp->loss == LEV_LOSS_SOFTMAX_CE)
        y[i] = g_rand_int_range (rng, 0, (gint32) n_out);
      else
        for (guint j = 0; j < n_out; j++)
          y[i * n_out + j] = mlp->loss == LEV_LOSS_SIGMOID_BCE ? g_rand_int_range (rng, 0, 2)
                                                               : g_rand_double_range (rng, -1, 1);
    }
}

static double
norm_rel_error (const double *a,
                const double *b,
                gsize         n)
{
  double d = 0, na = 0, nb = 0;

  for (gsize i = 0; i < n; i++)
    {
      d += (a[i] - b[i]) * (a[i] - b[i]);
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
  return sqrt (d) / MAX (sqrt (na) + sqrt (nb), 1e-30);
}

static void
test_gradients (void)
{
  const char * const *names = lev_backend_list_names ();
  g_autoptr(GRand) rng = g_rand_new_with_seed (99);
  const guint hidden[] = { 7, 6 };
  const gsize m = 9;

  for (guint c = 0; c < G_N_ELEMENTS (loss_cases); c++)
    for (int act = LEV_ACT_LINEAR; act < LEV_N_ACTIVATIONS; act++)
      {
        const LossCase *lc = &loss_cases[c];
        g_autoptr(GError) error = NULL;
        g_autoptr(LevMlp) mlp = lev_mlp_new (5, hidden, 2, lc->n_out, act, lc->loss, &error);
        gsize np = mlp->n_params;
        g_autofree double *p = g_new (double, np);
        g_autofree double *grad = g_new (double, np);
        g_autofree double *numeric = g_new (double, np);
        g_autofree double *x = g_new (double, m * 5);
        g_autofree double *y = g_new (double, m * lc->n_out);
        g_autofree float *xf = g_new (float, m * 5);
        g_autofree float *yf = g_new (float, m * lc->n_out);
        g_autofree float *gf = g_new (float, np);
        g_autofree double *gfd = g_new (double, np);
        double err;

        g_assert_no_error (error);
        lev_mlp_init_glorot (mlp, 7 + c);
        for (gsize i = 0; i < np; i++)
          {
            /* Non-zero biases, so their gradients are tested where they
             * matter; parameters exactly representable in float32. */
            if (mlp->params[i] == 0.0f)
              mlp->params[i] = (float) g_rand_double_range (rng, -0.3, 0.3);
            p[i] = mlp->params[i];
          }
        fill_problem (mlp, rng, m, x, y);
        for (gsize i = 0; i < m * 5; i++)
          x[i] = xf[i] = (float) x[i];
        for (gsize i = 0; i < m * lc->n_out; i++)
          yf[i] = (float) y[i];

        lev_mlp_ref_loss_grad (mlp, p, x, y, m, lc->l2, grad);
        for (gsize i = 0; i < np; i++)
          {
            double keep = p[i], h = 1e-6 * MAX (1.0, fabs (keep)), up, down;

            p[i] = keep + h;
            up = lev_mlp_ref_loss_grad (mlp, p, x, y, m, lc->l2, NULL);
            p[i] = keep - h;
            down = lev_mlp_ref_loss_grad (mlp, p, x, y, m, lc->l2, NULL);
            p[i] = keep;
            numeric[i] = (up - down) / (2 * h);
          }
        err = norm_rel_error (grad, numeric, np);
        g_test_message ("%s/%s: float64 analytic vs central differences: %.2e",
                        lev_activation_to_string (act), lc->loss == LEV_LOSS_MSE ? "mse" : "ce", err);
        g_assert_cmpfloat (err, <, 1e-4);

        for (guint b = 0; names[b] != NULL; b++)
          {
            g_autoptr(LevBackend) be = lev_backend_new_by_name (names[b], NULL, NULL);
            double loss32, loss64 = lev_mlp_ref_loss_grad (mlp, p, x, y, m, lc->l2, NULL);

            if (be == NULL)
              continue;
            g_assert_true (lev_mlp_backend_gradient (mlp, be, xf, yf, m, lc->l2, gf, &loss32, &error));
            g_assert_no_error (error);
            for (gsize i = 0; i < np; i++)
              gfd[i] = gf[i];
            err = norm_rel_error (gfd, grad, np);
            g_test_message ("  %s float32 vs float64: %.2e (loss %.7f vs %.7f)", names[b], err, loss32, loss64);
            g_assert_cmpfloat (err, <, 1e-3);
            g_assert_cmpfloat (fabs (loss32 - loss64) / (1 + fabs (loss64)), <, 1e-5);
          }
      }
}

/* Dropout as a layer: a float64 forward/backward written here with the
 * masks rebuilt from the header's hash, checked against central
 * differences, then every backend's float32 backprop through its own
 * masks against it. ReLU hidden layers, sigmoid + BCE output. */
static double
ref_dropout_loss_grad (const LevMlp *mlp,
                       const double *p,
                       const double *x,
                       const double *y,
                       gsize         m,
                       double        rate,
                       guint32       seed,
                       guint32       step,
                       double       *grad)
{
  guint L = mlp->n_layers, w = lev_mlp_max_width (mlp);
  g_autofree double *a = g_new0 (double, (gsize) (L + 1) * w);
  g_autofree double *z = g_new0 (double, (gsize) (L + 1) * w);
  g_autofree double *mask = g_new0 (double, (gsize) (L + 1) * w);
  g_autofree double *d = g_new0 (double, w);
  g_autofree double *nd = g_new0 (double, w);
  double total = 0;

  if (grad != NULL)
    memset (grad, 0, mlp->n_params * sizeof (double));
  for (gsize r = 0; r < m; r++)
    {
      memcpy (a, x + r * mlp->n_inputs, mlp->n_inputs * sizeof (double));
      for (guint l = 0; l < L; l++)
        {
          guint in = lev_mlp_layer_inputs (mlp, l), out = mlp->widths[l];

          for (guint j = 0; j < out; j++)
            {
              double s = p[mlp->b_off[l] + j];

              for (guint i = 0; i < in; i++)
                s += a[(gsize) l * w + i] * p[mlp->w_off[l] + (gsize) i * out + j];
              z[(gsize) (l + 1) * w + j] = s;
              if (l + 1 < L)
                {
                  gboolean keep = lev_dropout_keep (seed + 0x9E3779B9u * (l + 1), step, (guint32) (r * out + j),
                                                    (float) rate);
                  double k = keep ? 1.0 / (1.0 - (float) rate) : 0.0;

                  mask[(gsize) (l + 1) * w + j] = k;
                  a[(gsize) (l + 1) * w + j] = (s > 0 ? s : 0) * k;
                }
            }
        }
      {
        double zz = z[(gsize) L * w], yy = y[r], pr = 1 / (1 + exp (-zz));

        total += fmax (zz, 0) - zz * yy + log1p (exp (-fabs (zz)));
        d[0] = pr - yy;
      }
      if (grad == NULL)
        continue;
      for (guint l = L; l-- > 0;)
        {
          guint in = lev_mlp_layer_inputs (mlp, l), out = mlp->widths[l];

          for (guint i = 0; i < in; i++)
            for (guint j = 0; j < out; j++)
              grad[mlp->w_off[l] + (gsize) i * out + j] += a[(gsize) l * w + i] * d[j] / (double) m;
          for (guint j = 0; j < out; j++)
            grad[mlp->b_off[l] + j] += d[j] / (double) m;
          if (l == 0)
            break;
          for (guint i = 0; i < in; i++)
            {
              double s = 0;

              for (guint j = 0; j < out; j++)
                s += p[mlp->w_off[l] + (gsize) i * out + j] * d[j];
              nd[i] = s * mask[(gsize) l * w + i] * (z[(gsize) l * w + i] > 0 ? 1 : 0);
            }
          memcpy (d, nd, in * sizeof (double));
        }
    }
  return total / (double) m;
}

static void
test_dropout_gradients (void)
{
  const char * const *names = lev_backend_list_names ();
  g_autoptr(GRand) rng = g_rand_new_with_seed (5);
  const guint hidden[] = { 12, 9 };
  const gsize m = 11;
  const double rate = 0.3;
  g_autoptr(LevMlp) mlp = lev_mlp_new (4, hidden, 2, 1, LEV_ACT_RELU, LEV_LOSS_SIGMOID_BCE, NULL);
  gsize np = mlp->n_params;
  g_autofree double *p = g_new (double, np);
  g_autofree double *grad = g_new (double, np);
  g_autofree double *numeric = g_new (double, np);
  g_autofree double *x = g_new (double, m * 4);
  g_autofree double *y = g_new (double, m);
  g_autofree float *xf = g_new (float, m * 4);
  g_autofree float *yf = g_new (float, m);
  g_autofree float *gf = g_new (float, np);
  g_autofree double *gfd = g_new (double, np);
  double err;
  gsize dropped = 0;

  lev_mlp_init_glorot (mlp, 3);
  for (gsize i = 0; i < np; i++)
    {
      if (mlp->params[i] == 0.0f)
        mlp->params[i] = (float) g_rand_double_range (rng, 0.05, 0.3);
      p[i] = mlp->params[i];
    }
  for (gsize i = 0; i < m * 4; i++)
    x[i] = xf[i] = (float) g_rand_double_range (rng, -2, 2);
  for (gsize i = 0; i < m; i++)
    y[i] = yf[i] = (float) g_rand_int_range (rng, 0, 2);
  for (gsize i = 0; i < m * 12; i++)
    dropped += !lev_dropout_keep (42 + 0x9E3779B9u, 17, (guint32) i, (float) rate);
  g_assert_cmpuint (dropped, >, 0);  /* the masks do drop units */

  ref_dropout_loss_grad (mlp, p, x, y, m, rate, 42, 17, grad);
  for (gsize i = 0; i < np; i++)
    {
      double keep = p[i], h = 1e-6, up, down;

      p[i] = keep + h;
      up = ref_dropout_loss_grad (mlp, p, x, y, m, rate, 42, 17, NULL);
      p[i] = keep - h;
      down = ref_dropout_loss_grad (mlp, p, x, y, m, rate, 42, 17, NULL);
      p[i] = keep;
      numeric[i] = (up - down) / (2 * h);
    }
  err = norm_rel_error (grad, numeric, np);
  g_test_message ("dropout: float64 analytic vs central differences: %.2e", err);
  g_assert_cmpfloat (err, <, 1e-4);

  for (guint b = 0; names[b] != NULL; b++)
    {
      g_autoptr(LevBackend) be = lev_backend_new_by_name (names[b], NULL, NULL);
      g_autoptr(GError) error = NULL;
      double loss32;

      if (be == NULL)
        continue;
      g_assert_true (lev_mlp_backend_gradient_dropout (mlp, be, xf, yf, m, 0.0, rate, 42, 17, gf, &loss32, &error));
      g_assert_no_error (error);
      for (gsize i = 0; i < np; i++)
        gfd[i] = gf[i];
      err = norm_rel_error (gfd, grad, np);
      g_test_message ("  %s float32 vs float64 through the dropout masks: %.2e", names[b], err);
      g_assert_cmpfloat (err, <, 1e-3);
      g_assert_cmpfloat_with_epsilon (loss32, ref_dropout_loss_grad (mlp, p, x, y, m, rate, 42, 17, NULL), 1e-5);
    }
}

/* A two-feature dataset through the real CSV reader. */
static LevDataset *
make_dataset (const char *name,
              gsize       n,
              guint32     seed,
              int         kind)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GRand) rng = g_rand_new_with_seed (seed);
  g_autoptr(GString) s = g_string_new ("x1,x2,label\n");
  g_autoptr(GError) error = NULL;
  LevDataset *d;

  for (gsize i = 0; i < n; i++)
    {
      double a, b;
      int label;

      if (kind == 0)
        {
          /* XOR of the signs */
          a = g_rand_double_range (rng, -1, 1);
          b = g_rand_double_range (rng, -1, 1);
          label = (a > 0) != (b > 0);
        }
      else
        {
          /* circles of radius 0.5 and 1 with noise 0.05 (scikit-learn's
           * make_circles, factor 0.5) */
          double t = g_rand_double_range (rng, 0, 2 * G_PI);

          label = g_rand_boolean (rng);
          a = (label ? 0.5 : 1.0) * cos (t) + 0.05 * g_rand_double_range (rng, -1.7, 1.7);
          b = (label ? 0.5 : 1.0) * sin (t) + 0.05 * g_rand_double_range (rng, -1.7, 1.7);
        }
      g_string_append_printf (s, "%.6f,%.6f,%d\n", a, b, label);
    }
  g_file_set_contents (path, s->str, (gssize) s->len, &error);
  g_assert_no_error (error);
  d = lev_dataset_load_csv (path, NULL, &error);
  g_assert_no_error (error);
  g_remove (path);
  return d;
}

static void
test_learns (gconstpointer data)
{
  int kind = GPOINTER_TO_INT (data);
  g_autoptr(LevDataset) d = make_dataset ("shape.csv", 2000, 5, kind);
  g_autoptr(LevBackend) be = lev_backend_new_by_name ("cpu", NULL, NULL);
  g_autoptr(LevTrainResult) r = NULL;
  g_autoptr(GError) error = NULL;
  LevTrainOptions opt;

  lev_train_options_init (&opt);
  opt.hidden[0] = 16;
  opt.hidden[1] = 16;
  opt.activation = kind == 0 ? LEV_ACT_TANH : LEV_ACT_RELU;
  opt.epochs = 60;
  opt.learning_rate = 0.01;
  r = lev_train (be, d, &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s: test accuracy %.4f, loss %.4f, AUC %.4f", kind == 0 ? "xor" : "circles",
                  r->test_accuracy, r->test_loss, r->test_auc);
  g_assert_cmpfloat (r->test_accuracy, >=, 0.95);
  g_assert_cmpfloat (r->test_auc, >=, 0.98);
  g_assert_cmpuint (r->n_test, ==, 400);
  /* the confusion matrix adds up to the test set and matches the accuracy */
  g_assert_cmpuint (r->confusion[0] + r->confusion[1] + r->confusion[2] + r->confusion[3], ==, 400);
  g_assert_cmpfloat_with_epsilon ((r->confusion[0] + r->confusion[3]) / 400.0, r->test_accuracy, 1e-9);
}

static void
test_reproducible (void)
{
  g_autoptr(LevDataset) d = make_dataset ("repro.csv", 500, 11, 1);
  g_autoptr(LevBackend) be = lev_cpu_backend_new (0);
  g_autoptr(LevBackend) be1 = lev_cpu_backend_new (1);
  LevTrainResult *a, *b, *c, *e;
  LevTrainOptions opt;

  lev_train_options_init (&opt);
  opt.epochs = 3;
  opt.dropout = 0.2;
  a = lev_train (be, d, &opt, NULL, NULL, NULL, NULL);
  b = lev_train (be, d, &opt, NULL, NULL, NULL, NULL);
  e = lev_train (be1, d, &opt, NULL, NULL, NULL, NULL);  /* one thread: the same bits */
  opt.seed = 43;
  c = lev_train (be, d, &opt, NULL, NULL, NULL, NULL);
  g_assert_cmpmem (a->model->mlp->params, a->model->mlp->n_params * 4, b->model->mlp->params,
                   b->model->mlp->n_params * 4);
  g_assert_cmpmem (a->model->mlp->params, a->model->mlp->n_params * 4, e->model->mlp->params,
                   e->model->mlp->n_params * 4);
  g_assert_true (memcmp (a->model->mlp->params, c->model->mlp->params, a->model->mlp->n_params * 4) != 0);
  g_assert_cmpfloat (a->test_loss, ==, b->test_loss);
  lev_train_result_free (a);
  lev_train_result_free (b);
  lev_train_result_free (c);
  lev_train_result_free (e);
}

/* Glorot-uniform: every kernel within its limit, spread over it, biases 0. */
static void
test_glorot (void)
{
  const guint hidden[] = { 64, 32 };
  g_autoptr(LevMlp) mlp = lev_mlp_new (30, hidden, 2, 1, LEV_ACT_RELU, LEV_LOSS_SIGMOID_BCE, NULL);
  double limit = sqrt (6.0 / (30 + 64)), sq = 0;

  lev_mlp_init_glorot (mlp, 42);
  for (gsize i = 0; i < 30 * 64; i++)
    {
      g_assert_cmpfloat (fabs (mlp->params[i]), <=, limit);
      sq += mlp->params[i] * mlp->params[i];
    }
  /* variance of U(±a) is a²/3 */
  g_assert_cmpfloat_with_epsilon (sq / (30 * 64), limit * limit / 3, limit * limit / 3 * 0.1);
  for (guint j = 0; j < 64; j++)
    g_assert_cmpfloat (mlp->params[mlp->b_off[0] + j], ==, 0.0f);
}

typedef struct {
  GCancellable *cancel;
  guint         calls;
} CancelData;

static gboolean
cancel_after_first (const LevEpochStats *st,
                    gpointer             user_data)
{
  CancelData *cd = user_data;

  cd->calls++;
  g_cancellable_cancel (cd->cancel);
  return TRUE;
}

static void
test_cancel (void)
{
  g_autoptr(LevDataset) d = make_dataset ("cancel.csv", 2000, 3, 0);
  g_autoptr(LevBackend) be = lev_backend_new_by_name ("cpu", NULL, NULL);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CancelData cd = { cancel, 0 };
  LevTrainOptions opt;
  LevTrainResult *r;

  lev_train_options_init (&opt);
  opt.epochs = 1000;
  r = lev_train (be, d, &opt, cancel_after_first, &cd, cancel, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (cd.calls, ==, 1);
}

static void
test_early_stopping (void)
{
  g_autoptr(LevDataset) d = make_dataset ("early.csv", 300, 8, 0);
  g_autoptr(LevBackend) be = lev_backend_new_by_name ("cpu", NULL, NULL);
  g_autoptr(LevTrainResult) r = NULL;
  LevTrainOptions opt;
  double best = INFINITY;
  guint best_epoch = 0;

  lev_train_options_init (&opt);
  opt.epochs = 200;
  opt.patience = 3;
  opt.hidden[0] = 128;
  opt.hidden[1] = 128;
  opt.learning_rate = 0.05;   /* overfits a small noisy set quickly */
  r = lev_train (be, d, &opt, NULL, NULL, NULL, NULL);
  g_assert_nonnull (r);
  for (guint i = 0; i < r->history->len; i++)
    {
      const LevEpochStats *st = &g_array_index (r->history, LevEpochStats, i);

      if (st->val_loss < best)
        {
          best = st->val_loss;
          best_epoch = st->epoch;
        }
    }
  g_assert_true (r->stopped_early);
  g_assert_cmpuint (r->history->len, ==, best_epoch + 3);
  g_assert_cmpuint (r->best_epoch, ==, best_epoch);
  /* Validation is the test split here, so the restored weights give back
   * exactly the best epoch's validation loss. */
  g_assert_cmpfloat_with_epsilon (r->test_loss, best, 1e-6);
}

static void
test_l2_sgd_multiclass_regression (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "multi.csv", NULL);
  g_autoptr(GRand) rng = g_rand_new_with_seed (4);
  g_autoptr(GString) s = g_string_new ("a,b,label\n");
  g_autoptr(LevBackend) be = lev_backend_new_by_name ("cpu", NULL, NULL);
  g_autoptr(GError) error = NULL;
  LevCsvOptions copt;
  LevTrainOptions opt;
  LevDataset *d;
  LevTrainResult *r;

  /* three classes by angle, and a smooth regression target */
  for (int i = 0; i < 1500; i++)
    {
      double a = g_rand_double_range (rng, -1, 1), b = g_rand_double_range (rng, -1, 1);
      double ang = atan2 (b, a) + G_PI;
      g_string_append_printf (s, "%.5f,%.5f,%s\n", a, b, ang < 2.0944 ? "red" : ang < 4.1888 ? "green" : "blue");
    }
  g_file_set_contents (path, s->str, -1, NULL);
  d = lev_dataset_load_csv (path, NULL, &error);
  g_assert_no_error (error);
  lev_train_options_init (&opt);
  opt.epochs = 30;
  opt.optimizer = LEV_OPTIMIZER_SGD;
  opt.learning_rate = 0.05;
  opt.nesterov = TRUE;
  opt.l2 = 1e-4;
  opt.validation_split = 0.1;
  r = lev_train (be, d, &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("3 classes, SGD+Nesterov, L2: test accuracy %.4f", r->test_accuracy);
  g_assert_cmpuint (r->n_classes, ==, 3);
  g_assert_cmpuint (r->n_val, ==, 120);
  g_assert_cmpfloat (r->test_accuracy, >=, 0.9);
  g_assert_true (isnan (r->test_auc));
  lev_train_result_free (r);
  lev_dataset_free (d);

  g_string_assign (s, "a,b,label\n");
  for (int i = 0; i < 1500; i++)
    {
      double a = g_rand_double_range (rng, -2, 2), b = g_rand_double_range (rng, -2, 2);
      g_string_append_printf (s, "%.5f,%.5f,%.6f\n", a, b, sin (a) + 0.5 * b * b);
    }
  g_file_set_contents (path, s->str, -1, NULL);
  lev_csv_options_init (&copt);
  copt.target = LEV_TARGET_REGRESSION;
  d = lev_dataset_load_csv (path, &copt, &error);
  g_assert_no_error (error);
  lev_train_options_init (&opt);
  opt.epochs = 40;
  opt.activation = LEV_ACT_GELU;
  opt.learning_rate = 0.005;
  r = lev_train (be, d, &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("regression, gelu: test R² %.4f", r->test_r2);
  g_assert_cmpfloat (r->test_r2, >=, 0.95);
  g_assert_true (isnan (r->test_accuracy));
  lev_train_result_free (r);
  lev_dataset_free (d);
  g_remove (path);
}

typedef struct {
  GArray       *reports;    /* of LevBatchStats */
  guint         epochs;
  GCancellable *cancel;     /* cancelled at the first batch report when set */
} BatchLog;

static void
log_batch (const LevBatchStats *st,
           gpointer             user_data)
{
  BatchLog *log = user_data;

  g_array_append_val (log->reports, *st);
  if (log->cancel != NULL)
    g_cancellable_cancel (log->cancel);
}

static gboolean
log_epoch (const LevEpochStats *st,
           gpointer             user_data)
{
  BatchLog *log = user_data;

  log->epochs++;
  return TRUE;
}

/* Features that are all zero and a learning rate too small to matter:
 * the untrained network predicts exactly 0 (Glorot leaves the biases at
 * zero), so a row's squared error is y². The running mean a batch report
 * gives must then be the mean of y² over the rows of the batches done, in
 * the order the trainer shuffled them: rebuilt here from the split and the
 * per-epoch seed it documents. */
static void
test_batch_reports (void)
{
  const char * const *names = lev_backend_list_names ();
  g_autofree char *path = g_build_filename (tmpdir, "batches.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("x1,x2,x3,y\n");
  g_autoptr(GRand) rng = g_rand_new_with_seed (11);
  g_autoptr(LevDataset) d = NULL;
  g_autoptr(GError) error = NULL;
  LevCsvOptions copt;
  LevTrainOptions opt;
  LevSplit split;
  const gsize n = 1000;
  gsize n_train, bs;
  g_autofree double *y_shuffled = NULL;

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (csv, "0,0,0,%.4f\n", g_rand_double_range (rng, -3, 5));
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, NULL));
  lev_csv_options_init (&copt);
  copt.label = "y";
  copt.target = LEV_TARGET_REGRESSION;
  d = lev_dataset_load_csv (path, &copt, &error);
  g_assert_no_error (error);
  g_remove (path);

  lev_train_options_init (&opt);
  opt.epochs = 2;
  opt.batch_size = 30;
  opt.learning_rate = 1e-12;
  opt.standardize = FALSE;
  opt.test_split = 0.2;

  /* The rows of epoch 1 in the order they are trained. */
  lev_split_make (d->n_rows, opt.test_split, opt.seed, &split);
  n_train = split.n_train;
  bs = opt.batch_size;
  y_shuffled = g_new (double, n_train);
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (opt.seed ^ 0x9E3779B9u);
    g_autofree guint32 *perm = g_new (guint32, n_train);

    for (gsize i = 0; i < n_train; i++)
      perm[i] = (guint32) i;
    for (gsize i = n_train; i > 1; i--)
      {
        gsize j = (gsize) g_rand_int_range (rand, 0, (gint32) i);
        guint32 t = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = t;
      }
    for (gsize i = 0; i < n_train; i++)
      y_shuffled[i] = d->y[split.train[perm[i]]];
  }
  lev_split_clear (&split);

  for (guint b = 0; names[b] != NULL; b++)
    {
      g_autoptr(LevBackend) be = lev_backend_new_by_name (names[b], NULL, NULL);
      g_autoptr(LevTrainResult) r = NULL;
      g_autoptr(GArray) reports = g_array_new (FALSE, FALSE, sizeof (LevBatchStats));
      BatchLog log = { reports, 0, NULL };
      /* Every 7 batches, and never by the clock. */
      LevTrainMonitor monitor = { log_epoch, log_batch, &log, 1e9, 7 };
      gsize n_batches = (n_train + bs - 1) / bs;
      double sum = 0, sum_y = 0, sum_sq = 0;
      gsize rows = 0;

      if (be == NULL)
        continue;
      r = lev_train_full (be, d, &opt, &monitor, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (log.epochs, ==, 2);
      /* Batches 7, 14, 21 of the 27 of each epoch; none for the last one,
       * whose numbers are the epoch's own report. */
      g_assert_cmpuint (n_batches, ==, 27);
      g_assert_cmpuint (reports->len, ==, 6);
      for (guint k = 0; k < reports->len; k++)
        {
          const LevBatchStats *st = &g_array_index (reports, LevBatchStats, k);

          g_assert_cmpuint (st->epoch, ==, k / 3 + 1);
          g_assert_cmpuint (st->batches_done, ==, 7 * (k % 3 + 1));
          g_assert_cmpuint (st->n_batches, ==, n_batches);
          g_assert_cmpfloat (st->fraction, ==, (double) (st->batches_done * bs) / (double) n_train);
          g_assert_cmpfloat (st->seconds, >=, 0);
          if (st->epoch != 1)
            continue;
          for (; rows < st->batches_done * bs; rows++)
            {
              sum += y_shuffled[rows] * y_shuffled[rows];
              sum_y += y_shuffled[rows];
              sum_sq += y_shuffled[rows] * y_shuffled[rows];
            }
          g_test_message ("%s: batch %zu: running loss %.6f, expected %.6f", names[b], st->batches_done,
                          st->train_loss, sum / (double) rows);
          g_assert_cmpfloat_with_epsilon (st->train_loss / (sum / (double) rows), 1.0, 1e-5);
          /* R² of predicting 0: 1 − Σy² / Σ(y − ȳ)². */
          g_assert_cmpfloat_with_epsilon (st->train_metric,
                                          1.0 - sum / (sum_sq - sum_y * sum_y / (double) rows), 1e-4);
        }
      /* The defaults on a 400-batch epoch: whether or not half a second
       * passes (an OpenCL queue may take the whole epoch from the host at
       * once), a report comes by batch 200. */
      {
        LevTrainOptions small = opt;
        LevTrainMonitor defaults = { NULL, log_batch, &log, 0, 0 };
        g_autoptr(LevTrainResult) r2 = NULL;

        small.batch_size = 2;
        small.epochs = 1;
        g_array_set_size (reports, 0);
        r2 = lev_train_full (be, d, &small, &defaults, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (reports->len, >=, 1);
        g_assert_cmpuint (g_array_index (reports, LevBatchStats, 0).batches_done, <=, 200);
        g_assert_cmpuint (g_array_index (reports, LevBatchStats, 0).n_batches, ==, 400);
      }
      /* Reporting changes nothing that was learnt. */
      {
        g_autoptr(LevTrainResult) quiet = lev_train (be, d, &opt, NULL, NULL, NULL, &error);

        g_assert_no_error (error);
        if (g_str_equal (names[b], "cpu"))
          {
            g_assert_cmpfloat (quiet->test_loss, ==, r->test_loss);
            for (guint e = 0; e < 2; e++)
              g_assert_cmpfloat (g_array_index (quiet->history, LevEpochStats, e).train_loss, ==,
                                 g_array_index (r->history, LevEpochStats, e).train_loss);
          }
      }
    }
}

/* Reports by the clock alone, and a cancel from one of them: the run
 * ends before the next batch, with nothing more reported. */
static void
test_batch_reports_cancel (void)
{
  g_autoptr(LevDataset) d = make_dataset ("batch-cancel.csv", 3000, 4, 0);
  g_autoptr(LevBackend) be = lev_backend_new_by_name ("cpu", NULL, NULL);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GArray) reports = g_array_new (FALSE, FALSE, sizeof (LevBatchStats));
  g_autoptr(GError) error = NULL;
  g_autoptr(LevTrainResult) r = NULL;
  BatchLog log = { reports, 0, NULL };
  LevTrainMonitor monitor = { log_epoch, log_batch, &log, 1e-4, 0 };
  LevTrainOptions opt;

  lev_train_options_init (&opt);
  opt.epochs = 2;
  opt.batch_size = 8;
  /* A tenth of a millisecond between reports: a 300-batch epoch has some. */
  r = lev_train_full (be, d, &opt, &monitor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log.epochs, ==, 2);
  g_assert_cmpuint (reports->len, >, 0);
  for (guint k = 0; k < reports->len; k++)
    {
      const LevBatchStats *st = &g_array_index (reports, LevBatchStats, k);

      g_assert_true (st->fraction > 0 && st->fraction < 1);
      g_assert_true (st->batches_done < st->n_batches);
      g_assert_true (isfinite (st->train_loss) && st->train_loss > 0);
      g_assert_true (st->train_metric >= 0 && st->train_metric <= 1);
      if (k > 0)
        {
          const LevBatchStats *prev = &g_array_index (reports, LevBatchStats, k - 1);
          g_assert_true (st->epoch > prev->epoch || st->batches_done > prev->batches_done);
        }
    }

  g_array_set_size (reports, 0);
  log.epochs = 0;
  log.cancel = cancel;
  opt.epochs = 1000;
  g_clear_pointer (&r, lev_train_result_free);
  r = lev_train_full (be, d, &opt, &monitor, cancel, &error);
  g_assert_null (r);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpuint (log.epochs, ==, 0);
}

static GThread *main_thread;

static gboolean
async_progress (const LevEpochStats *st,
                gpointer             user_data)
{
  guint *epochs = user_data;

  /* Delivered on the main context, in order, by the thread that iterates
   * it: owning the context is not enough, a worker can own it too. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_true (g_thread_self () == main_thread);
  g_assert_cmpuint (st->epoch, ==, *epochs + 1);
  (*epochs)++;
  return TRUE;
}

static void
async_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  LevTrainResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = lev_train_finish (res, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(LevDataset) d = make_dataset ("async.csv", 1000, 2, 1);
  LevTrainResult *r = NULL;
  LevTrainOptions opt;
  guint epochs = 0;

  lev_train_options_init (&opt);
  opt.epochs = 4;
  main_thread = g_thread_self ();
  lev_train_async (d, &opt, "cpu", NULL, async_progress, &epochs, NULL, NULL, async_done, &r);
  /* The worker reports while nobody iterates the main context: the reports
   * must wait for this thread, not run in the worker (which could take the
   * free context and call a GTK page from the wrong thread). */
  g_usleep (G_USEC_PER_SEC / 2);
  g_assert_cmpuint (epochs, ==, 0);
  while (r == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* every progress call has been dispatched before the result */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (epochs, ==, 4);
  g_assert_cmpuint (r->history->len, ==, 4);
  lev_train_result_free (r);
}

typedef struct {
  GArray         *x;        /* epoch + fraction of each report, as they arrive */
  guint           epochs;
  LevTrainResult *result;
  guint           seen_at_result;
} AsyncLog;

static void
async_log_batch (const LevBatchStats *st,
                 gpointer             user_data)
{
  AsyncLog *log = user_data;
  double x = st->epoch - 1 + st->fraction;

  g_assert_true (g_thread_self () == main_thread);
  g_assert_null (log->result);
  g_array_append_val (log->x, x);
}

static gboolean
async_log_epoch (const LevEpochStats *st,
                 gpointer             user_data)
{
  AsyncLog *log = user_data;
  double x = st->epoch;

  g_assert_true (g_thread_self () == main_thread);
  g_assert_null (log->result);
  g_array_append_val (log->x, x);
  log->epochs++;
  return TRUE;
}

static void
async_log_done (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  AsyncLog *log = user_data;
  g_autoptr(GError) error = NULL;

  log->result = lev_train_finish (res, &error);
  log->seen_at_result = log->x->len;
  g_assert_no_error (error);
}

/* Batch and epoch reports of a GTask run reach the main thread in the
 * order they were made, all of them before the result. */
static void
test_async_batches (void)
{
  g_autoptr(LevDataset) d = make_dataset ("async-batches.csv", 1000, 2, 1);
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  AsyncLog log = { xs, 0, NULL, 0 };
  LevTrainMonitor monitor = { async_log_epoch, async_log_batch, &log, 1e9, 5 };
  LevTrainOptions opt;

  lev_train_options_init (&opt);
  opt.epochs = 3;
  main_thread = g_thread_self ();
  lev_train_async_full (d, &opt, "cpu", NULL, &monitor, NULL, NULL, async_log_done, &log);
  while (log.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* 800 training rows in 25 batches: reports after 5, 10, 15, 20. */
  g_assert_cmpuint (log.epochs, ==, 3);
  g_assert_cmpuint (xs->len, ==, 3 * 5);
  g_assert_cmpuint (log.seen_at_result, ==, xs->len);
  for (guint i = 0; i < xs->len; i++)
    {
      double x = g_array_index (xs, double, i);

      g_assert_cmpfloat_with_epsilon (x, i / 5 + (i % 5 + 1) * 0.2, 1e-12);
    }
  lev_train_result_free (log.result);
}

static void
test_model_files (void)
{
  g_autoptr(LevDataset) d = make_dataset ("model.csv", 400, 9, 1);
  g_autoptr(LevBackend) be = lev_backend_new_by_name ("cpu", NULL, NULL);
  g_autoptr(LevTrainResult) r = NULL;
  g_autoptr(LevModel) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "m.json", NULL);
  g_autofree char *wpath = NULL;
  g_autofree char *bytes = NULL;
  g_autofree float *p1 = NULL, *p2 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const LevMlp *mlp;
  gsize len;
  guint64 hlen;
  gsize expect_off = 0;
  LevTrainOptions opt;
  JsonObject *header;

  lev_train_options_init (&opt);
  opt.epochs = 2;
  r = lev_train (be, d, &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  mlp = r->model->mlp;
  g_assert_true (lev_model_save (r->model, path, &error));
  g_assert_no_error (error);
  wpath = lev_model_weights_path (path);

  /* The layout, by hand: u64 LE header size (multiple of 8), JSON header,
   * contiguous F32 tensors in the arena's order, nothing after. */
  g_assert_true (g_file_get_contents (wpath, &bytes, &len, NULL));
  memcpy (&hlen, bytes, 8);
  hlen = GUINT64_FROM_LE (hlen);
  g_assert_cmpuint (hlen % 8, ==, 0);
  g_assert_cmpuint (len, ==, 8 + hlen + mlp->n_params * 4);
  g_assert_true (json_parser_load_from_data (parser, bytes + 8, (gssize) hlen, NULL));
  header = json_node_get_object (json_parser_get_root (parser));
  for (guint l = 0; l < mlp->n_layers; l++)
    for (int bias = 0; bias < 2; bias++)
      {
        g_autofree char *name = g_strdup_printf ("dense_%u.%s", l, bias ? "bias" : "kernel");
        JsonObject *t = json_object_get_object_member (header, name);
        JsonArray *offs = json_object_get_array_member (t, "data_offsets");
        JsonArray *shape = json_object_get_array_member (t, "shape");
        gsize count = bias ? mlp->widths[l] : (gsize) lev_mlp_layer_inputs (mlp, l) * mlp->widths[l];

        g_assert_cmpstr (json_object_get_string_member (t, "dtype"), ==, "F32");
        g_assert_cmpint (json_array_get_int_element (offs, 0), ==, expect_off);
        g_assert_cmpint (json_array_get_int_element (offs, 1), ==, expect_off + count * 4);
        g_assert_cmpint (json_array_get_int_element (shape, json_array_get_length (shape) - 1), ==, mlp->widths[l]);
        g_assert_cmpmem (bytes + 8 + hlen + expect_off, count * 4,
                         mlp->params + (bias ? mlp->b_off[l] : mlp->w_off[l]), count * 4);
        expect_off += count * 4;
      }

  back = lev_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (back->mlp->params, back->mlp->n_params * 4, mlp->params, mlp->n_params * 4);
  g_assert_cmpmem (back->scaler.mean, 8, r->model->scaler.mean, 8);
  g_assert_cmpstr (back->schema->feature_names[1], ==, "x2");
  p1 = g_new (float, 10);
  p2 = g_new (float, 10);
  g_assert_true (lev_mlp_predict (mlp, be, d->x, 10, p1, NULL));
  g_assert_true (lev_mlp_predict (back->mlp, be, d->x, 10, p2, NULL));
  g_assert_cmpmem (p1, 40, p2, 40);
  for (int i = 0; i < 10; i++)
    g_assert_true (p1[i] > 0 && p1[i] < 1);

  /* Python's safetensors reads it, when installed. */
  {
    g_autofree char *script = g_strdup_printf (
      "import sys\n"
      "try:\n"
      "    from safetensors.numpy import load_file\n"
      "except ImportError:\n"
      "    sys.exit(77)\n"
      "t = load_file(%s)\n"
      "k = t['dense_0.kernel']\n"
      "assert k.dtype.name == 'float32' and k.shape == (2, 64), k.shape\n"
      "print('%%.9g' %% float(k[1, 3]))\n", "sys.argv[1]");
    const char *argv[] = { "python3", "-c", script, wpath, NULL };
    g_autofree char *out = NULL;
    int status = 0;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                       &out, NULL, &status, NULL) ||
        (WIFEXITED (status) && WEXITSTATUS (status) == 77))
      g_test_message ("Python safetensors not installed: checked the layout only");
    else
      {
        g_assert_true (g_spawn_check_wait_status (status, NULL));
        g_assert_cmpfloat (g_ascii_strtod (out, NULL), ==, mlp->params[mlp->w_off[0] + 1 * 64 + 3]);
      }
  }

  /* Broken model files are refused with a reason, never a crash. */
  {
    const char *broken[] = {
      "", "[]", "{\"format\":\"other\"}", "{\"format\":\"leverage-model\",\"version\":2}",
      "{\"format\":\"leverage-model\",\"version\":1,\"weights\":\"m.safetensors\",\"architecture\":{\"layers\":[]}}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
      {
        g_autofree char *bp = g_build_filename (tmpdir, "broken.json", NULL);
        LevModel *m;

        g_file_set_contents (bp, broken[i], -1, NULL);
        m = lev_model_load (bp, &error);
        g_assert_null (m);
        g_assert_true (error->domain == LEV_ERROR);
        g_assert_nonnull (strstr (error->message, "broken.json"));
        g_clear_error (&error);
        g_remove (bp);
      }
    /* a truncated weights file */
    g_file_set_contents (wpath, bytes, (gssize) (len - 4), NULL);
    g_assert_null (lev_model_load (path, &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
  }
  g_remove (wpath);
  g_remove (path);
}

static void
test_auc (void)
{
  const float s[] = { 0.1f, 0.4f, 0.35f, 0.8f };
  const float y[] = { 0, 0, 1, 1 };
  const float tie_s[] = { 0.5f, 0.5f };
  const float tie_y[] = { 0, 1 };

  /* scikit-learn's roc_auc_score gives 0.75 for this example */
  g_assert_cmpfloat_with_epsilon (lev_roc_auc (s, y, 4), 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (lev_roc_auc (tie_s, tie_y, 2), 0.5, 1e-12);
  g_assert_true (isnan (lev_roc_auc (s, tie_y, 1)));
  /* A diverged network's NaN scores have no ranks: NaN, at once (the
   * tie loop never advanced past a NaN and spun forever). */
  {
    const float nan_s[] = { NAN, 0.2f, NAN, 0.9f };

    g_assert_true (isnan (lev_roc_auc (nan_s, y, 4)));
  }
}

/* Numbers where a model file needs strings (found by the model fuzzer:
 * json-glib then answers NULL, and the loss name was compared while NULL)
 * are refused like any other bad field. */
static void
test_model_wrong_types (void)
{
  static const char *const cases[] = {
    "{\"format\":\"leverage-model\",\"version\":1,\"weights\":\"m.safetensors\","
    "\"architecture\":{\"inputs\":1,\"loss\":5,\"layers\":[{\"units\":1,\"activation\":\"linear\"}]}}",
    "{\"format\":\"leverage-model\",\"version\":1,\"weights\":\"m.safetensors\","
    "\"architecture\":{\"inputs\":1,\"loss\":\"linear-mse\",\"layers\":[{\"units\":1,\"activation\":7}]}}",
    "{\"format\":1,\"version\":1}",
    "{\"format\":\"leverage-model\",\"version\":1,\"weights\":3,"
    "\"architecture\":{\"inputs\":1,\"loss\":\"linear-mse\",\"layers\":[{\"units\":1}]}}",
  };
  g_autofree char *dir = g_dir_make_tmp ("leverage-model-types-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "m.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      LevModel *model;

      g_assert_true (g_file_set_contents (path, cases[i], -1, NULL));
      model = lev_model_load (path, &error);
      g_assert_null (model);
      g_assert_nonnull (error);
      g_assert_true (error->domain == LEV_ERROR);
      g_assert_nonnull (strstr (error->message, "m.json"));
    }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("test-mlp-XXXXXX", NULL);
  g_test_add_func ("/train/mlp/glorot", test_glorot);
  g_test_add_func ("/train/mlp/gradients", test_gradients);
  g_test_add_func ("/train/mlp/dropout-gradients", test_dropout_gradients);
  g_test_add_func ("/train/mlp/auc", test_auc);
  g_test_add_data_func ("/train/mlp/learns-xor", GINT_TO_POINTER (0), test_learns);
  g_test_add_data_func ("/train/mlp/learns-circles", GINT_TO_POINTER (1), test_learns);
  g_test_add_func ("/train/mlp/reproducible", test_reproducible);
  g_test_add_func ("/train/mlp/early-stopping", test_early_stopping);
  g_test_add_func ("/train/mlp/multiclass-regression", test_l2_sgd_multiclass_regression);
  g_test_add_func ("/train/mlp/cancel", test_cancel);
  g_test_add_func ("/train/mlp/batch-reports", test_batch_reports);
  g_test_add_func ("/train/mlp/batch-reports-cancel", test_batch_reports_cancel);
  g_test_add_func ("/train/mlp/async", test_async);
  g_test_add_func ("/train/mlp/async-batches", test_async_batches);
  g_test_add_func ("/train/mlp/model-files", test_model_files);
  g_test_add_func ("/train/mlp/model-wrong-types", test_model_wrong_types);
  status = g_test_run ();
  g_rmdir (tmpdir);
  return status;
}
