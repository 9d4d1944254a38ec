/* lev-scenario-io.c: strict reading and canonical writing of scenario files.
 * Every refusal names a JSON path ($.areas.compute.items[2].cost.amount) or
 * a line and column, because founders open files colleagues mailed them. */
#define G_LOG_DOMAIN "lev-scenario-io"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "lev-error.h"
#include "lev-file.h"
#include "lev-file-read.h"
#include "lev-json.h"
#include "lev-scenario-io.h"
#include "lev-number-text.h"
#include "lev-snapshot.h"

#define MAX_NAME_CHARS  256
#define MAX_NOTES_CHARS 16384
#define MAX_ID_CHARS    64
#define MAX_UNIT_CHARS  32
#define MAX_MONEY       1e15
#define MAX_CORRELATIONS 1000

/* Folder of the file being read, for empirical distributions' CSV files
 * named relative to it; per thread, as files may load on any thread. */
static _Thread_local const char *reading_base_dir;

static const LevNumberRange money_range = { 0, MAX_MONEY, FALSE };
static const LevNumberRange quantity_range = { 0, 1e15, FALSE };
static const LevNumberRange rate_range = { 0, 1, FALSE };
static const LevNumberRange share_range = { 0, 1000, FALSE };
static const LevNumberRange month_range = { 0, LEV_SCENARIO_MAX_MONTHS, TRUE };
static const LevNumberRange duration_range = { 1, LEV_SCENARIO_MAX_MONTHS, TRUE };
static const LevNumberRange parameters_range = { 0, 1e16, FALSE };
static const LevNumberRange tokens_range = { 0, 1e18, FALSE };
static const LevNumberRange peak_range = { 1, 1e21, FALSE };
static const LevNumberRange mfu_range = { 1e-6, 1, FALSE };

/* ------------------------------------------------------------------ */
/* Typed member access with paths. */

static gboolean
check_members (JsonObject        *obj,
               const char        *path,
               const char *const *allowed,
               GError           **error)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                     _("%s.%s: unknown field"), path, (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

static JsonNode *
get_member (JsonObject *obj,
            const char *path,
            const char *name,
            gboolean    required,
            GError    **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL && required)
    g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING,
                 _("%s.%s: required field is missing"), path, name);
  return node;
}

static JsonObject *
get_object (JsonObject *obj,
            const char *path,
            const char *name,
            gboolean    required,
            GError    **error)
{
  JsonNode *node = get_member (obj, path, name, required, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s.%s: expected an object"), path, name);
      return NULL;
    }
  return json_node_get_object (node);
}

/* Whether @s has more than @max_chars characters, counting no further.
 * (g_utf8_strlen's bound is in bytes, which let a CJK name three times
 * the limit through.) */
static gboolean
longer_than (const char *s,
             gsize       max_chars)
{
  for (gsize n = 0; *s != '\0'; n++, s = g_utf8_next_char (s))
    if (n == max_chars)
      return TRUE;
  return FALSE;
}

/* Returns FALSE on error; *out stays NULL when absent and optional. */
static gboolean
get_string (JsonObject  *obj,
            const char  *path,
            const char  *name,
            gboolean     required,
            gsize        max_chars,
            const char **out,
            GError     **error)
{
  JsonNode *node = get_member (obj, path, name, required, error);
  const char *s;

  *out = NULL;
  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s.%s: expected a string"), path, name);
      return FALSE;
    }
  s = json_node_get_string (node);
  if (longer_than (s, max_chars))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT,
                   _("%s.%s: text longer than %zu characters"), path, name, max_chars);
      return FALSE;
    }
  *out = s;
  return TRUE;
}

static gboolean
get_number (JsonObject           *obj,
            const char           *path,
            const char           *name,
            gboolean              required,
            const LevNumberRange *range,
            LevNumber            *out,
            GError              **error)
{
  JsonNode *node = get_member (obj, path, name, required, error);
  g_autofree char *child = NULL;

  lev_number_clear (out);
  if (node == NULL)
    return !required;
  child = g_strdup_printf ("%s.%s", path, name);
  return lev_number_from_json_in (node, child, range, reading_base_dir, out, error);
}

static gboolean
get_integer (JsonObject *obj,
             const char *path,
             const char *name,
             gboolean    required,
             double      min,
             double      max,
             double     *out,
             GError    **error)
{
  JsonNode *node = get_member (obj, path, name, required, error);
  g_autofree char *child = NULL;
  LevNumberRange range = { min, max, TRUE };
  double v;

  if (node == NULL)
    return !required;
  child = g_strdup_printf ("%s.%s", path, name);
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: expected a whole number"), child);
      return FALSE;
    }
  v = json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                      : json_node_get_double (node);
  if (!lev_number_check_value (v, child, &range, error))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
valid_id (const char *id)
{
  if (*id == '\0')
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Reading. */

typedef struct {
  LevScenario *scenario;
  GHashTable  *ids;      /* id → path of the item that has it */
  GPtrArray   *subsidies; /* LevItem (borrowed) to resolve covers after all items */
  GPtrArray   *subsidy_paths;
  GPtrArray   *plan_items;
  GPtrArray   *plan_item_paths;
  guint        n_items;
} Reader;

static gboolean
read_cost (Reader     *r,
           LevItem    *item,
           JsonObject *cost,
           const char *path,
           GError    **error)
{
  static const char *const amount_keys[] = { "form", "amount", NULL };
  static const char *const unit_keys[] = { "form", "unit_price", NULL };
  static const char *const subsidy_keys[] = { "form", "rate", "cap", "covers", NULL };
  static const char *const plan_keys[] = { "form", "share", NULL };
  const char *form_id;
  LevCostForm form;
  g_auto(LevNumber) n = { 0 };

  if (!get_string (cost, path, "form", TRUE, 32, &form_id, error))
    return FALSE;
  if (!lev_cost_form_from_id (form_id, &form))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                   _("%s.form: unknown cost form \"%s\" (expected amount, unit_price, subsidy or plan)"),
                   path, form_id);
      return FALSE;
    }
  lev_item_set_cost_form (item, form);

  switch (form)
    {
    case LEV_COST_AMOUNT:
      if (!check_members (cost, path, amount_keys, error) ||
          !get_number (cost, path, "amount", TRUE, &money_range, &n, error))
        return FALSE;
      lev_item_set_number (item, LEV_ITEM_AMOUNT, &n);
      break;

    case LEV_COST_UNIT_PRICE:
      if (!check_members (cost, path, unit_keys, error) ||
          !get_number (cost, path, "unit_price", TRUE, &money_range, &n, error))
        return FALSE;
      lev_item_set_number (item, LEV_ITEM_UNIT_PRICE, &n);
      break;

    case LEV_COST_SUBSIDY:
      {
        JsonNode *covers_node;
        JsonArray *covers;
        g_autoptr(GPtrArray) ids = g_ptr_array_new ();

        if (!check_members (cost, path, subsidy_keys, error) ||
            !get_number (cost, path, "rate", TRUE, &rate_range, &n, error))
          return FALSE;
        lev_item_set_number (item, LEV_ITEM_RATE, &n);
        if (!get_number (cost, path, "cap", FALSE, &money_range, &n, error))
          return FALSE;
        lev_item_set_number (item, LEV_ITEM_CAP, &n);

        covers_node = get_member (cost, path, "covers", TRUE, error);
        if (covers_node == NULL)
          return FALSE;
        if (!JSON_NODE_HOLDS_ARRAY (covers_node))
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE,
                         _("%s.covers: expected an array of item ids"), path);
            return FALSE;
          }
        covers = json_node_get_array (covers_node);
        if (json_array_get_length (covers) == 0)
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                         _("%s.covers: a subsidy must cover at least one item"), path);
            return FALSE;
          }
        for (guint i = 0; i < json_array_get_length (covers); i++)
          {
            JsonNode *e = json_array_get_element (covers, i);
            if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
              {
                g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE,
                             _("%s.covers[%u]: expected an item id (string)"), path, i);
                return FALSE;
              }
            g_ptr_array_add (ids, (gpointer) json_node_get_string (e));
          }
        g_ptr_array_add (ids, NULL);
        lev_item_set_covers (item, (const char *const *) ids->pdata);
        g_ptr_array_add (r->subsidies, item);
        g_ptr_array_add (r->subsidy_paths, g_strdup_printf ("%s.covers", path));
      }
      break;

    case LEV_COST_PLAN:
      if (!check_members (cost, path, plan_keys, error) ||
          !get_number (cost, path, "share", FALSE, &share_range, &n, error))
        return FALSE;
      if (!lev_number_is_set (&n))
        n = lev_number_point (1.0);
      lev_item_set_number (item, LEV_ITEM_SHARE, &n);
      g_ptr_array_add (r->plan_items, item);
      g_ptr_array_add (r->plan_item_paths, g_strdup (path));
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static LevItem *
read_item (Reader     *r,
           JsonNode   *node,
           const char *path,
           GError    **error)
{
  static const char *const item_keys[] = {
    "id", "name", "channel", "quantity", "cost", "baseline", "timing", "notes", NULL
  };
  static const char *const timing_keys[] = { "start_month", "schedule", "duration_months", NULL };
  g_autoptr(LevItem) item = NULL;
  JsonObject *obj, *cost, *timing;
  const char *id, *name, *channel_id, *notes;
  g_autofree char *cost_path = NULL;
  LevChannel channel;
  g_auto(LevNumber) n = { 0 };

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: expected an item object"), path);
      return NULL;
    }
  obj = json_node_get_object (node);
  if (!check_members (obj, path, item_keys, error) ||
      !get_string (obj, path, "id", TRUE, MAX_ID_CHARS, &id, error) ||
      !get_string (obj, path, "name", TRUE, MAX_NAME_CHARS, &name, error) ||
      !get_string (obj, path, "channel", TRUE, 64, &channel_id, error) ||
      !get_string (obj, path, "notes", FALSE, MAX_NOTES_CHARS, &notes, error))
    return NULL;

  if (!valid_id (id))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("%s.id: \"%s\" is not a valid id (letters, digits, '-', '_' and '.')"), path, id);
      return NULL;
    }
  if (g_hash_table_contains (r->ids, id))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_REFERENCE,
                   _("%s.id: duplicate item id \"%s\" (first used at %s)"), path, id,
                   (const char *) g_hash_table_lookup (r->ids, id));
      return NULL;
    }
  if (!lev_channel_from_id (channel_id, &channel))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                   _("%s.channel: unknown channel \"%s\""), path, channel_id);
      return NULL;
    }
  if (++r->n_items > LEV_SCENARIO_MAX_ITEMS)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT,
                   _("%s: more than %d items in one scenario"), path, LEV_SCENARIO_MAX_ITEMS);
      return NULL;
    }
  g_hash_table_insert (r->ids, g_strdup (id), g_strdup (path));

  item = lev_item_new (id, name);
  lev_item_set_channel (item, channel);
  lev_item_set_notes (item, notes);

  if (!get_number (obj, path, "quantity", FALSE, &quantity_range, &n, error))
    return NULL;
  lev_item_set_number (item, LEV_ITEM_QUANTITY, &n);
  if (!get_number (obj, path, "baseline", FALSE, &money_range, &n, error))
    return NULL;
  lev_item_set_number (item, LEV_ITEM_BASELINE, &n);

  if (!(cost = get_object (obj, path, "cost", TRUE, error)))
    return NULL;
  cost_path = g_strdup_printf ("%s.cost", path);
  if (!read_cost (r, item, cost, cost_path, error))
    return NULL;

  if (lev_item_get_cost_form (item) == LEV_COST_UNIT_PRICE &&
      !lev_number_is_set (lev_item_get_number (item, LEV_ITEM_QUANTITY)))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING,
                   _("%s.quantity: a unit_price cost needs the item's quantity"), path);
      return NULL;
    }

  timing = get_object (obj, path, "timing", FALSE, error);
  if (timing == NULL && error && *error)
    return NULL;
  if (timing != NULL)
    {
      g_autofree char *tpath = g_strdup_printf ("%s.timing", path);
      const char *schedule_id;
      LevSchedule schedule = LEV_SCHEDULE_ONCE;

      if (!check_members (timing, tpath, timing_keys, error) ||
          !get_string (timing, tpath, "schedule", FALSE, 16, &schedule_id, error))
        return NULL;
      if (schedule_id != NULL && !lev_schedule_from_id (schedule_id, &schedule))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                       _("%s.schedule: unknown schedule \"%s\" (expected once or monthly)"),
                       tpath, schedule_id);
          return NULL;
        }
      lev_item_set_schedule (item, schedule);
      if (!get_number (timing, tpath, "start_month", FALSE, &month_range, &n, error))
        return NULL;
      if (lev_number_is_set (&n))
        lev_item_set_number (item, LEV_ITEM_START_MONTH, &n);
      if (!get_number (timing, tpath, "duration_months", schedule == LEV_SCHEDULE_MONTHLY,
                       &duration_range, &n, error))
        return NULL;
      if (lev_number_is_set (&n))
        {
          if (schedule == LEV_SCHEDULE_ONCE)
            {
              g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                           _("%s.duration_months: only a monthly schedule has a duration"), tpath);
              return NULL;
            }
          lev_item_set_number (item, LEV_ITEM_DURATION_MONTHS, &n);
        }
    }

  return g_steal_pointer (&item);
}

static LevComputePlan *
read_plan (JsonObject *obj,
           const char *path,
           GError    **error)
{
  static const char *const plan_keys[] = {
    "accelerator", "parameters", "tokens", "peak_flops", "mfu", "price_per_hour", "notes", NULL
  };
  static const LevNumberRange *ranges[LEV_PLAN_N_NUMBERS] = {
    &parameters_range, &tokens_range, &peak_range, &mfu_range, &money_range,
  };
  g_autoptr(LevComputePlan) plan = lev_compute_plan_new ();
  const char *accelerator, *notes;
  const LevAcceleratorPreset *preset = NULL;

  if (!check_members (obj, path, plan_keys, error) ||
      !get_string (obj, path, "accelerator", FALSE, MAX_NAME_CHARS, &accelerator, error) ||
      !get_string (obj, path, "notes", FALSE, MAX_NOTES_CHARS, &notes, error))
    return NULL;
  lev_compute_plan_set_accelerator (plan, accelerator);
  lev_compute_plan_set_notes (plan, notes);
  if (accelerator != NULL)
    preset = lev_accelerator_preset_lookup (accelerator);

  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    {
      g_auto(LevNumber) n = { 0 };
      /* peak_flops may come from the accelerator preset. */
      gboolean required = !(i == LEV_PLAN_PEAK_FLOPS && preset != NULL);

      if (!get_number (obj, path, lev_compute_plan_number_id (i), required, ranges[i], &n, error))
        return NULL;
      lev_compute_plan_set_number (plan, i, &n);
    }
  return g_steal_pointer (&plan);
}

static gboolean
read_area (Reader      *r,
           LevArea     *area,
           JsonObject  *obj,
           const char  *path,
           GError     **error)
{
  static const char *const area_keys[] = { "requirement", "plan", "items", NULL };
  static const char *const req_keys[] = { "quantity", "unit", NULL };
  JsonObject *req, *plan_obj;
  JsonNode *items_node;
  JsonArray *items;

  if (!check_members (obj, path, area_keys, error))
    return FALSE;

  req = get_object (obj, path, "requirement", FALSE, error);
  if (req == NULL && *error)
    return FALSE;
  if (req != NULL)
    {
      g_autofree char *rpath = g_strdup_printf ("%s.requirement", path);
      const char *unit;
      g_auto(LevNumber) n = { 0 };

      if (!check_members (req, rpath, req_keys, error) ||
          !get_number (req, rpath, "quantity", TRUE, &quantity_range, &n, error) ||
          !get_string (req, rpath, "unit", TRUE, MAX_UNIT_CHARS, &unit, error))
        return FALSE;
      lev_area_set_requirement (area, &n);
      lev_area_set_requirement_unit (area, unit);
    }

  plan_obj = get_object (obj, path, "plan", FALSE, error);
  if (plan_obj == NULL && *error)
    return FALSE;
  if (plan_obj != NULL)
    {
      g_autofree char *ppath = g_strdup_printf ("%s.plan", path);
      g_autoptr(LevComputePlan) plan = NULL;

      if (lev_area_get_kind (area) != LEV_AREA_COMPUTE)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                       _("%s: only the compute area has a plan"), ppath);
          return FALSE;
        }
      if (!(plan = read_plan (plan_obj, ppath, error)))
        return FALSE;
      lev_area_set_plan (area, plan);
    }

  items_node = get_member (obj, path, "items", TRUE, error);
  if (items_node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (items_node))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s.items: expected an array"), path);
      return FALSE;
    }
  items = json_node_get_array (items_node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autofree char *ipath = g_strdup_printf ("%s.items[%u]", path, i);
      g_autoptr(LevItem) item = read_item (r, json_array_get_element (items, i), ipath, error);

      if (item == NULL)
        return FALSE;
      lev_area_append_item (area, item);
    }
  return TRUE;
}

static gboolean
resolve_references (Reader  *r,
                    GError **error)
{
  LevComputePlan *plan = lev_area_get_plan (lev_scenario_get_area (r->scenario, LEV_AREA_COMPUTE));

  for (guint i = 0; i < r->subsidies->len; i++)
    {
      LevItem *subsidy = g_ptr_array_index (r->subsidies, i);
      const char *path = g_ptr_array_index (r->subsidy_paths, i);
      const char *const *covers = lev_item_get_covers (subsidy);

      for (guint k = 0; covers[k] != NULL; k++)
        {
          LevItem *target = lev_scenario_find_item (r->scenario, covers[k], NULL);

          if (target == NULL)
            {
              g_set_error (error, LEV_ERROR, LEV_ERROR_REFERENCE,
                           _("%s[%u]: no item has the id \"%s\""), path, k, covers[k]);
              return FALSE;
            }
          if (lev_item_get_cost_form (target) == LEV_COST_SUBSIDY)
            {
              g_set_error (error, LEV_ERROR, LEV_ERROR_REFERENCE,
                           _("%s[%u]: \"%s\" is itself a subsidy; a subsidy covers costs, not subsidies"),
                           path, k, covers[k]);
              return FALSE;
            }
          for (guint j = 0; j < k; j++)
            if (g_str_equal (covers[j], covers[k]))
              {
                g_set_error (error, LEV_ERROR, LEV_ERROR_REFERENCE,
                             _("%s[%u]: \"%s\" is listed twice"), path, k, covers[k]);
                return FALSE;
              }
        }
    }

  if (r->plan_items->len > 0 && plan == NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_REFERENCE,
                   _("%s.form: a \"plan\" cost needs $.areas.compute.plan"),
                   (const char *) g_ptr_array_index (r->plan_item_paths, 0));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_correlations (Reader   *r,
                   JsonNode *node,
                   GError  **error)
{
  static const char *const keys[] = { "a", "b", "rank", NULL };
  g_autoptr(GArray) list = NULL;
  g_autoptr(LevSnapshot) check = NULL;
  JsonArray *arr;
  guint n;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("$.correlations: expected an array"));
      return FALSE;
    }
  arr = json_node_get_array (node);
  n = json_array_get_length (arr);
  if (n > MAX_CORRELATIONS)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT,
                   _("$.correlations: more than %d correlations"), MAX_CORRELATIONS);
      return FALSE;
    }
  list = g_array_sized_new (FALSE, TRUE, sizeof (LevCorrelation), n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("$.correlations[%u]", i);
      JsonNode *e = json_array_get_element (arr, i);
      JsonObject *o;
      LevCorrelation c = { 0 };
      const char *a, *b;
      double rank = 0;
      LevNumberRange range = { -1, 1, FALSE };
      JsonNode *rn;
      g_autofree char *rpath = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE,
                       _("%s: expected an object {\"a\": …, \"b\": …, \"rank\": …}"), path);
          return FALSE;
        }
      o = json_node_get_object (e);
      if (!check_members (o, path, keys, error) ||
          !get_string (o, path, "a", TRUE, 512, &a, error) ||
          !get_string (o, path, "b", TRUE, 512, &b, error) ||
          !(rn = get_member (o, path, "rank", TRUE, error)))
        return FALSE;
      rpath = g_strdup_printf ("%s.rank", path);
      if (!JSON_NODE_HOLDS_VALUE (rn) ||
          (json_node_get_value_type (rn) != G_TYPE_INT64 &&
           json_node_get_value_type (rn) != G_TYPE_DOUBLE))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: expected a number"), rpath);
          return FALSE;
        }
      rank = json_node_get_value_type (rn) == G_TYPE_INT64 ? (double) json_node_get_int (rn)
                                                           : json_node_get_double (rn);
      if (!lev_number_check_value (rank, rpath, &range, error))
        return FALSE;
      /* Borrowed from the parser; the scenario copies them. */
      c.a = (char *) a;
      c.b = (char *) b;
      c.rank = rank;
      g_array_append_val (list, c);
    }
  lev_scenario_set_correlations (r->scenario, (LevCorrelation *) list->data, list->len);
  /* Compiling resolves every name and checks the matrix can hold. */
  check = lev_snapshot_new (r->scenario, error);
  return check != NULL;
}

static gboolean
read_scenario (Reader     *r,
               JsonNode   *root,
               GError    **error)
{
  static const char *const top_keys[] = {
    "format", "version", "name", "currency", "start", "horizon_months", "budget",
    "seed", "samples", "notes", "areas", "correlations", NULL
  };
  JsonObject *obj, *areas;
  const char *format, *name, *currency_id, *start, *notes;
  LevCurrency currency;
  double version, horizon, value;
  g_auto(LevNumber) budget = { 0 };

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_FORMAT,
                   _("$: not a Leverage scenario (the file must hold one JSON object)"));
      return FALSE;
    }
  obj = json_node_get_object (root);

  /* Identify the file before judging its contents. */
  if (!get_string (obj, "$", "format", TRUE, 64, &format, error))
    {
      if ((*error)->code == LEV_ERROR_MISSING)
        (*error)->code = LEV_ERROR_FORMAT;
      return FALSE;
    }
  if (!g_str_equal (format, LEV_SCENARIO_FORMAT))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_FORMAT,
                   _("$.format: \"%s\" is not a Leverage scenario (expected \"%s\")"),
                   format, LEV_SCENARIO_FORMAT);
      return FALSE;
    }
  if (!get_integer (obj, "$", "version", TRUE, 1, G_MAXINT32, &version, error))
    return FALSE;
  if (version > LEV_SCENARIO_VERSION)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VERSION,
                   _("$.version: this file was written in format version %.0f; this version "
                   "of Leverage reads version %d and older. Update Leverage to open it."),
                   version, LEV_SCENARIO_VERSION);
      return FALSE;
    }

  if (!check_members (obj, "$", top_keys, error) ||
      !get_string (obj, "$", "name", TRUE, MAX_NAME_CHARS, &name, error) ||
      !get_string (obj, "$", "currency", TRUE, 8, &currency_id, error) ||
      !get_string (obj, "$", "start", TRUE, 16, &start, error) ||
      !get_string (obj, "$", "notes", FALSE, MAX_NOTES_CHARS, &notes, error) ||
      !get_integer (obj, "$", "horizon_months", TRUE, 1, LEV_SCENARIO_MAX_MONTHS, &horizon, error) ||
      !get_number (obj, "$", "budget", TRUE, &money_range, &budget, error))
    return FALSE;

  if (!lev_currency_from_id (currency_id, &currency))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                   _("$.currency: unknown currency \"%s\" (expected CNY or USD)"), currency_id);
      return FALSE;
    }
  if (!lev_start_is_valid (start))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("$.start: \"%s\" is not a month in the form YYYY-MM"), start);
      return FALSE;
    }

  lev_scenario_set_name (r->scenario, name);
  lev_scenario_set_currency (r->scenario, currency);
  lev_scenario_set_start (r->scenario, start);
  lev_scenario_set_notes (r->scenario, notes);
  lev_scenario_set_horizon_months (r->scenario, (guint) horizon);
  lev_scenario_set_budget (r->scenario, &budget);

  if (json_object_has_member (obj, "seed"))
    {
      if (!get_integer (obj, "$", "seed", TRUE, 0, 9007199254740991.0, &value, error))
        return FALSE;
      lev_scenario_set_seed (r->scenario, (guint64) value);
    }
  if (json_object_has_member (obj, "samples"))
    {
      if (!get_integer (obj, "$", "samples", TRUE, 1, 100000000, &value, error))
        return FALSE;
      lev_scenario_set_samples (r->scenario, (guint) value);
    }

  if (!(areas = get_object (obj, "$", "areas", TRUE, error)))
    return FALSE;
  {
    static const char *const area_names[] = { "data", "compute", "talent", "market", NULL };
    if (!check_members (areas, "$.areas", area_names, error))
      return FALSE;
  }
  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      const char *id = lev_area_kind_to_id (a);
      g_autofree char *apath = g_strdup_printf ("$.areas.%s", id);
      JsonObject *area = get_object (areas, "$.areas", id, TRUE, error);

      if (area == NULL)
        return FALSE;
      if (!read_area (r, lev_scenario_get_area (r->scenario, a), area, apath, error))
        return FALSE;
    }
  if (!resolve_references (r, error))
    return FALSE;
  return read_correlations (r, json_object_get_member (obj, "correlations"), error);
}

static void
clear_reader (Reader *r)
{
  g_clear_pointer (&r->ids, g_hash_table_unref);
  g_clear_pointer (&r->subsidies, g_ptr_array_unref);
  g_clear_pointer (&r->subsidy_paths, g_ptr_array_unref);
  g_clear_pointer (&r->plan_items, g_ptr_array_unref);
  g_clear_pointer (&r->plan_item_paths, g_ptr_array_unref);
  g_clear_object (&r->scenario);
}

LevScenario *
lev_scenario_load_data (const char  *data,
                        gsize        length,
                        const char  *display_name,
                        GError     **error)
{
  return lev_scenario_load_data_in (data, length, display_name, NULL, error);
}

LevScenario *
lev_scenario_load_data_in (const char  *data,
                           gsize        length,
                           const char  *display_name,
                           const char  *base_dir,
                           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  Reader r = { 0 };
  LevScenario *result = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  if (display_name == NULL)
    display_name = "<scenario>";

  if (length == 0)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, _("%s:1:1: the file is empty"), display_name);
      return NULL;
    }
  if (length > LEV_SCENARIO_MAX_BYTES)
    {
      g_set_error (&local_error, LEV_ERROR, LEV_ERROR_LIMIT,
                   _("file is %zu bytes; scenarios are limited to %d MiB"),
                   length, LEV_SCENARIO_MAX_BYTES / (1024 * 1024));
      goto fail;
    }
  if (!(root = lev_json_parse (data, length, LEV_SCENARIO_MAX_DEPTH, &local_error)))
    goto fail;

  r.scenario = lev_scenario_new ();
  r.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r.subsidies = g_ptr_array_new ();
  r.subsidy_paths = g_ptr_array_new_with_free_func (g_free);
  r.plan_items = g_ptr_array_new ();
  r.plan_item_paths = g_ptr_array_new_with_free_func (g_free);

  reading_base_dir = base_dir;
  if (!read_scenario (&r, root, &local_error))
    {
      reading_base_dir = NULL;
      goto fail;
    }
  reading_base_dir = NULL;

  result = g_steal_pointer (&r.scenario);
  clear_reader (&r);
  return result;

fail:
  clear_reader (&r);
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display_name);
  return NULL;
}

LevScenario *
lev_scenario_load_file (const char  *filename,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  gsize length;

  g_return_val_if_fail (filename != NULL, NULL);

  if (!lev_file_read (filename, LEV_SCENARIO_MAX_BYTES, &contents, &length, error))
    return NULL;
  dir = g_path_get_dirname (filename);
  return lev_scenario_load_data_in (contents, length, filename, dir, error);
}

/* ------------------------------------------------------------------ */
/* Writing: one canonical layout, so saved files diff well. */

static void
add_number (JsonObject      *obj,
            const char      *name,
            const LevNumber *n)
{
  if (lev_number_is_set (n))
    json_object_set_member (obj, name, lev_number_to_json (n));
}

static void
add_string_if (JsonObject *obj,
               const char *name,
               const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (obj, name, value);
}

static JsonNode *
item_to_json (LevItem *item)
{
  JsonObject *obj = json_object_new ();
  JsonObject *cost = json_object_new ();
  LevCostForm form = lev_item_get_cost_form (item);
  JsonNode *node;

  json_object_set_string_member (obj, "id", lev_item_get_id (item));
  json_object_set_string_member (obj, "name", lev_item_get_name (item));
  json_object_set_string_member (obj, "channel", lev_channel_to_id (lev_item_get_channel (item)));
  add_number (obj, "quantity", lev_item_get_number (item, LEV_ITEM_QUANTITY));

  json_object_set_string_member (cost, "form", lev_cost_form_to_id (form));
  switch (form)
    {
    case LEV_COST_AMOUNT:
      add_number (cost, "amount", lev_item_get_number (item, LEV_ITEM_AMOUNT));
      break;
    case LEV_COST_UNIT_PRICE:
      add_number (cost, "unit_price", lev_item_get_number (item, LEV_ITEM_UNIT_PRICE));
      break;
    case LEV_COST_SUBSIDY:
      {
        JsonArray *covers = json_array_new ();
        const char *const *ids = lev_item_get_covers (item);

        add_number (cost, "rate", lev_item_get_number (item, LEV_ITEM_RATE));
        add_number (cost, "cap", lev_item_get_number (item, LEV_ITEM_CAP));
        for (guint i = 0; ids[i] != NULL; i++)
          json_array_add_string_element (covers, ids[i]);
        json_object_set_array_member (cost, "covers", covers);
      }
      break;
    case LEV_COST_PLAN:
      add_number (cost, "share", lev_item_get_number (item, LEV_ITEM_SHARE));
      break;
    default:
      g_assert_not_reached ();
    }
  json_object_set_object_member (obj, "cost", cost);
  add_number (obj, "baseline", lev_item_get_number (item, LEV_ITEM_BASELINE));

  if (form != LEV_COST_SUBSIDY)
    {
      JsonObject *timing = json_object_new ();
      LevSchedule schedule = lev_item_get_schedule (item);

      add_number (timing, "start_month", lev_item_get_number (item, LEV_ITEM_START_MONTH));
      json_object_set_string_member (timing, "schedule", lev_schedule_to_id (schedule));
      if (schedule == LEV_SCHEDULE_MONTHLY)
        add_number (timing, "duration_months", lev_item_get_number (item, LEV_ITEM_DURATION_MONTHS));
      json_object_set_object_member (obj, "timing", timing);
    }
  add_string_if (obj, "notes", lev_item_get_notes (item));

  node = json_node_alloc ();
  json_node_init_object (node, obj);
  json_object_unref (obj);
  return node;
}

static JsonObject *
area_to_json (LevArea *area)
{
  JsonObject *obj = json_object_new ();
  JsonArray *items = json_array_new ();
  LevComputePlan *plan = lev_area_get_plan (area);

  if (lev_number_is_set (lev_area_get_requirement (area)))
    {
      JsonObject *req = json_object_new ();
      add_number (req, "quantity", lev_area_get_requirement (area));
      json_object_set_string_member (req, "unit", lev_area_get_requirement_unit (area));
      json_object_set_object_member (obj, "requirement", req);
    }
  if (plan != NULL)
    {
      JsonObject *p = json_object_new ();
      add_string_if (p, "accelerator", lev_compute_plan_get_accelerator (plan));
      for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
        add_number (p, lev_compute_plan_number_id (i), lev_compute_plan_get_number (plan, i));
      add_string_if (p, "notes", lev_compute_plan_get_notes (plan));
      json_object_set_object_member (obj, "plan", p);
    }
  for (guint i = 0; i < lev_area_get_n_items (area); i++)
    json_array_add_element (items, item_to_json (lev_area_get_item (area, i)));
  json_object_set_array_member (obj, "items", items);
  return obj;
}

char *
lev_scenario_to_data (LevScenario *self,
                      gsize       *length)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_alloc ();
  JsonObject *obj = json_object_new ();
  JsonObject *areas = json_object_new ();
  g_autofree char *raw = NULL, *text = NULL;
  gsize len;

  g_return_val_if_fail (LEV_IS_SCENARIO (self), NULL);

  json_object_set_string_member (obj, "format", LEV_SCENARIO_FORMAT);
  json_object_set_int_member (obj, "version", LEV_SCENARIO_VERSION);
  json_object_set_string_member (obj, "name", lev_scenario_get_name (self));
  json_object_set_string_member (obj, "currency",
                                 lev_currency_to_id (lev_scenario_get_currency (self)));
  json_object_set_string_member (obj, "start", lev_scenario_get_start (self));
  json_object_set_int_member (obj, "horizon_months", lev_scenario_get_horizon_months (self));
  add_number (obj, "budget", lev_scenario_get_budget (self));
  json_object_set_int_member (obj, "seed", (gint64) lev_scenario_get_seed (self));
  json_object_set_int_member (obj, "samples", lev_scenario_get_samples (self));
  add_string_if (obj, "notes", lev_scenario_get_notes (self));
  for (guint a = 0; a < LEV_N_AREAS; a++)
    json_object_set_object_member (areas, lev_area_kind_to_id (a),
                                   area_to_json (lev_scenario_get_area (self, a)));
  json_object_set_object_member (obj, "areas", areas);
  if (lev_scenario_get_n_correlations (self) > 0)
    {
      JsonArray *corr = json_array_new ();

      for (guint i = 0; i < lev_scenario_get_n_correlations (self); i++)
        {
          const LevCorrelation *c = lev_scenario_get_correlation (self, i);
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "a", c->a);
          json_object_set_string_member (o, "b", c->b);
          json_object_set_double_member (o, "rank", c->rank);
          json_array_add_object_element (corr, o);
        }
      json_object_set_array_member (obj, "correlations", corr);
    }

  json_node_init_object (root, obj);
  json_object_unref (obj);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  raw = json_generator_to_data (gen, NULL);
  /* What the founder typed (30% is 0.3) reads the same in the file. */
  text = lev_json_shortest_numbers (raw);
  len = strlen (text);

  if (length)
    *length = len + 1;
  return g_strconcat (text, "\n", NULL);
}

gboolean
lev_scenario_save_file (LevScenario  *self,
                        const char   *filename,
                        GError      **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (LEV_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  data = lev_scenario_to_data (self, &length);
  /* A temporary file, fsync'ed, then renamed over the old one; the
   * debris of earlier interrupted saves goes (lev-file.c). */
  return lev_file_replace (filename, data, length, error);
}
