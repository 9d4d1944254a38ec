/* lev-train-result.c: a training run's result and its JSON forms: the
 * whole result (`leverage-cli train --format json`) and the "training"
 * and "metrics" members of a saved model. */
#define G_LOG_DOMAIN "lev-trainer"
#include "config.h"

#include "lev-json.h"
#include "lev-trainer.h"

void
lev_train_result_free (LevTrainResult *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->model, lev_model_free);
  g_clear_pointer (&r->history, g_array_unref);
  g_free (r->confusion);
  g_free (r->backend_name);
  g_free (r->device_name);
  g_free (r->fallback_reason);
  g_free (r);
}

JsonNode *
lev_train_options_to_json (const LevTrainOptions *o)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
#define MEMBER_INT(name, v) json_builder_set_member_name (b, name); json_builder_add_int_value (b, v)
#define MEMBER_DOUBLE(name, v) json_builder_set_member_name (b, name); json_builder_add_double_value (b, v)
  MEMBER_INT ("epochs", o->epochs);
  MEMBER_INT ("batch_size", o->batch_size);
  json_builder_set_member_name (b, "optimizer");
  json_builder_add_string_value (b, o->optimizer == LEV_OPTIMIZER_ADAM ? "adam" : "sgd");
  MEMBER_DOUBLE ("learning_rate", o->learning_rate);
  if (o->optimizer == LEV_OPTIMIZER_ADAM)
    {
      MEMBER_DOUBLE ("beta_1", o->beta1);
      MEMBER_DOUBLE ("beta_2", o->beta2);
      MEMBER_DOUBLE ("epsilon", o->epsilon);
    }
  else
    {
      MEMBER_DOUBLE ("momentum", o->momentum);
      json_builder_set_member_name (b, "nesterov");
      json_builder_add_boolean_value (b, o->nesterov);
    }
  MEMBER_DOUBLE ("l2", o->l2);
  MEMBER_DOUBLE ("dropout", o->dropout);
  MEMBER_DOUBLE ("test_split", o->test_split);
  MEMBER_DOUBLE ("validation_split", o->validation_split);
  MEMBER_INT ("patience", o->patience);
  MEMBER_INT ("seed", o->seed);
  json_builder_set_member_name (b, "standardize");
  json_builder_add_boolean_value (b, o->standardize);
#undef MEMBER_INT
#undef MEMBER_DOUBLE
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
lev_train_result_metrics_to_json (const LevTrainResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  lev_json_add_number_or_null (b, "test_loss", r->test_loss);
  lev_json_add_number_or_null (b, "test_accuracy", r->test_accuracy);
  lev_json_add_number_or_null (b, "test_r2", r->test_r2);
  lev_json_add_number_or_null (b, "test_auc", r->test_auc);
  json_builder_set_member_name (b, "epochs_run");
  json_builder_add_int_value (b, r->history->len);
  json_builder_set_member_name (b, "best_epoch");
  json_builder_add_int_value (b, r->best_epoch);
  lev_json_add_number_or_null (b, "samples_per_second", r->samples_per_second);
  lev_json_add_number_or_null (b, "gflops", r->gflops);
  json_builder_set_member_name (b, "backend");
  json_builder_add_string_value (b, r->backend_name);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
lev_train_result_to_json (const LevTrainResult *r,
                          const LevDataset     *data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const LevSchema *s = data->schema;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "dataset");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rows");
  json_builder_add_int_value (b, (gint64) data->n_rows);
  json_builder_set_member_name (b, "rows_dropped");
  json_builder_add_int_value (b, (gint64) data->n_dropped);
  json_builder_set_member_name (b, "features");
  json_builder_add_int_value (b, data->n_features);
  json_builder_set_member_name (b, "target");
  json_builder_add_string_value (b, lev_target_kind_to_string (s->target));
  json_builder_set_member_name (b, "train_rows");
  json_builder_add_int_value (b, (gint64) r->n_train);
  json_builder_set_member_name (b, "validation_rows");
  json_builder_add_int_value (b, (gint64) r->n_val);
  json_builder_set_member_name (b, "test_rows");
  json_builder_add_int_value (b, (gint64) r->n_test);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "backend");
  json_builder_add_string_value (b, r->backend_name);
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, r->device_name);
  if (r->fallback_reason != NULL)
    {
      json_builder_set_member_name (b, "fallback");
      json_builder_add_string_value (b, r->fallback_reason);
    }
  json_builder_set_member_name (b, "epochs");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->history->len; i++)
    {
      const LevEpochStats *st = &g_array_index (r->history, LevEpochStats, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "epoch");
      json_builder_add_int_value (b, st->epoch);
      lev_json_add_number_or_null (b, "loss", st->train_loss);
      lev_json_add_number_or_null (b, s->target == LEV_TARGET_REGRESSION ? "r2" : "accuracy", st->train_metric);
      lev_json_add_number_or_null (b, "val_loss", st->val_loss);
      lev_json_add_number_or_null (b, s->target == LEV_TARGET_REGRESSION ? "val_r2" : "val_accuracy", st->val_metric);
      lev_json_add_number_or_null (b, "seconds", st->seconds);
      lev_json_add_number_or_null (b, "samples_per_second", st->samples_per_second);
      lev_json_add_number_or_null (b, "gflops", st->gflops);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "best_epoch");
  json_builder_add_int_value (b, r->best_epoch);
  json_builder_set_member_name (b, "stopped_early");
  json_builder_add_boolean_value (b, r->stopped_early);
  lev_json_add_number_or_null (b, "test_loss", r->test_loss);
  lev_json_add_number_or_null (b, "test_accuracy", r->test_accuracy);
  lev_json_add_number_or_null (b, "test_r2", r->test_r2);
  lev_json_add_number_or_null (b, "test_auc", r->test_auc);
  lev_json_add_number_or_null (b, "seconds", r->seconds);
  lev_json_add_number_or_null (b, "samples_per_second", r->samples_per_second);
  lev_json_add_number_or_null (b, "gflops", r->gflops);
  if (r->confusion != NULL && r->n_test > 0)
    {
      json_builder_set_member_name (b, "classes");
      json_builder_begin_array (b);
      for (guint i = 0; i < r->n_classes; i++)
        json_builder_add_string_value (b, s->classes[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "confusion_matrix");
      json_builder_begin_array (b);
      for (guint i = 0; i < r->n_classes; i++)
        {
          json_builder_begin_array (b);
          for (guint j = 0; j < r->n_classes; j++)
            json_builder_add_int_value (b, (gint64) r->confusion[i * r->n_classes + j]);
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
