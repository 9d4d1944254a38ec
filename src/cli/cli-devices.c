/* cli-devices.c: `leverage-cli devices` (what OpenCL sees, which device
 * training would use) and `leverage-cli bench-device` (measured GEMM and
 * training throughput, for the compute plan). */
#define G_LOG_DOMAIN "leverage-cli"
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cli-common.h"
#include "lev-backend.h"
#include "lev-backend-bench.h"
#include "lev-cpu-backend.h"

#ifdef HAVE_OPENCL_BACKEND
static JsonNode *
devices_to_json (const char *loader,
                 const char *problem)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *chosen = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "loader");
  if (loader != NULL)
    json_builder_add_string_value (b, loader);
  else
    json_builder_add_null_value (b);
  if (problem != NULL)
    {
      json_builder_set_member_name (b, "problem");
      json_builder_add_string_value (b, problem);
    }
  for (guint i = 0; i < lev_backend_device_count (); i++)
    {
      LevBackendDeviceProps d;

      lev_backend_device_props (lev_backend_device_get (i), &d);
      if (d.is_default)
        chosen = d.id;
    }
  json_builder_set_member_name (b, "default");
  json_builder_add_string_value (b, chosen != NULL ? chosen : "cpu");
  json_builder_set_member_name (b, "devices");
  json_builder_begin_array (b);
  for (guint i = 0; i < lev_backend_device_count (); i++)
    {
      LevBackendDeviceProps props;
      const LevBackendDeviceProps *d = &props;

      lev_backend_device_props (lev_backend_device_get (i), &props);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "index");
      json_builder_add_int_value (b, i);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, d->id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, d->name);
      json_builder_set_member_name (b, "vendor");
      json_builder_add_string_value (b, d->vendor);
      json_builder_set_member_name (b, "driver");
      json_builder_add_string_value (b, d->driver_version);
      json_builder_set_member_name (b, "platform");
      json_builder_add_string_value (b, d->platform_name);
      json_builder_set_member_name (b, "platform_version");
      json_builder_add_string_value (b, d->platform_version);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, d->kind);
      json_builder_set_member_name (b, "compute_units");
      json_builder_add_int_value (b, d->compute_units);
      json_builder_set_member_name (b, "global_memory_bytes");
      json_builder_add_int_value (b, (gint64) d->memory_bytes);
      json_builder_set_member_name (b, "fp64");
      json_builder_add_boolean_value (b, d->fp64);
      json_builder_set_member_name (b, "available");
      json_builder_add_boolean_value (b, d->available);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
#endif

int
cli_cmd_devices (int argc, char **argv)
{
  gboolean clear_cache = FALSE;
  GOptionEntry entries[] = {
    { "clear-cache", 0, 0, G_OPTION_ARG_NONE, &clear_cache,
      N_("Delete the compiled OpenCL kernels kept on disk"), NULL },
    { NULL }
  };
  CliFormat format;
  int status;

  if ((status = cli_command_open ("devices", NULL, entries, &argc, &argv, &format)) >= 0)
    return status;

#ifdef HAVE_OPENCL_BACKEND
  {
    g_autoptr(GError) error = NULL;
    const char *chosen = NULL, *problem = NULL, *loader;

    if (clear_cache)
      {
        g_autofree char *dir = NULL;
        guint n = 0;

        if (!lev_backend_clear_kernel_cache (&dir, &n, &error))
          return cli_report_error (error);
        g_printerr (_("Removed %u cached kernel file(s) from %s\n"), n, dir);
      }

    loader = lev_backend_device_source (&problem);
    if (format == CLI_FORMAT_JSON)
      {
        g_autoptr(JsonNode) node = devices_to_json (loader, problem);
        cli_print_json (node);
        return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
      }

    /* No loader is a normal machine, not a failure: say so and exit 0. */
    if (problem != NULL)
      {
        printf (_("OpenCL: not available (%s)\n"), problem);
        printf (_("Default: the CPU backend\n"));
        return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
      }
    printf (_("OpenCL loader: %s\n"), loader);
    if (lev_backend_device_count () == 0)
      printf (_("No OpenCL devices (no platform driver installed).\n"));
    for (guint i = 0; i < lev_backend_device_count (); i++)
      {
        LevBackendDeviceProps d;

        lev_backend_device_props (lev_backend_device_get (i), &d);
        if (d.is_default)
          chosen = d.id;
        printf ("%s%u: %s\n", d.is_default ? "* " : "  ", i, d.id);
        printf (_("     %s, %s; platform %s (%s)\n"), d.kind, d.vendor, d.platform_name,
                d.platform_version);
        printf (_("     %u compute units, %.1f GiB memory, fp64 %s%s\n"), d.compute_units,
                d.memory_bytes / (1024.0 * 1024.0 * 1024.0), d.fp64 ? _("yes") : _("no"),
                d.available ? "" : _(", NOT AVAILABLE"));
      }
    if (chosen != NULL)
      printf (_("Default: %s (marked *)\n"), chosen);
    else
      printf (_("Default: the CPU backend (no GPU; an OpenCL CPU device is used only when "
                "asked for with --device)\n"));
  }
#else
  if (clear_cache)
    g_printerr (_("This build has no OpenCL backend; nothing is cached\n"));
  if (format == CLI_FORMAT_JSON)
    printf ("{\n  \"loader\" : null,\n  \"default\" : \"cpu\",\n  \"devices\" : []\n}\n");
  else
    printf (_("OpenCL: not in this build\nDefault: the CPU backend\n"));
#endif
  return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

#ifdef HAVE_OPENCL_BACKEND
typedef struct {
  const char *name;
  gsize       inputs;
  gsize       hidden[2];
  gsize       batch;
} NetCase;

static const NetCase nets[] = {
  { "article (30→64→32→1, batch 32)", 30, { 64, 32 }, 32 },
  { "wide (30→1024→1024→1, batch 1024)", 30, { 1024, 1024 }, 1024 },
};

static const gsize gemm_sizes[] = { 256, 512, 1024 };
static const char * const orient_names[] = { "NN", "NT", "TN" };

/* Runs every measurement on @be into @results (a JSON object builder). */
static gboolean
bench_backend (LevBackend   *be,
               guint         steps_scale,
               JsonBuilder  *b,
               GError      **error)
{
  json_builder_set_member_name (b, "gemm_gflops");
  json_builder_begin_object (b);
  for (guint s = 0; s < G_N_ELEMENTS (gemm_sizes); s++)
    for (guint o = 0; o < 3; o++)
      {
        gsize n = gemm_sizes[s];
        g_autofree char *key = g_strdup_printf ("%s %" G_GSIZE_FORMAT, orient_names[o], n);
        /* About the same work per size, at least three products. */
        guint reps = MAX (3, (guint) (8 * 1024.0 * 1024 * 1024 / (2.0 * n * n * n)));
        double g = lev_bench_gemm (be, (LevGemmOrientation) o, n, n, n,
                                   MAX (1, reps * steps_scale / 4), error);
        if (g < 0)
          return FALSE;
        json_builder_set_member_name (b, key);
        json_builder_add_double_value (b, g);
      }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "samples_per_s");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (nets); i++)
    {
      guint steps = (nets[i].batch >= 1024 ? 10 : 400) * steps_scale / 4;
      double sps = lev_bench_mlp (be, nets[i].inputs, nets[i].hidden, 2, nets[i].batch,
                                  MAX (steps, 2), error);
      if (sps < 0)
        return FALSE;
      json_builder_set_member_name (b, i == 0 ? "article" : "wide");
      json_builder_add_double_value (b, sps);
    }
  json_builder_end_object (b);
  return TRUE;
}

/* "NN:1024x1024x30,TN:…" → triples; FALSE on a malformed item. */
static gboolean
parse_gemm_list (const char  *text,
                 GArray      *out)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char orient[3] = { 0 };
      guint64 dims[3];
      g_auto(GStrv) parts = NULL;
      g_auto(GStrv) sizes = NULL;
      guint o;

      parts = g_strsplit (g_strstrip (items[i]), ":", 2);
      if (parts[0] == NULL || parts[1] == NULL || strlen (parts[0]) != 2)
        return FALSE;
      orient[0] = g_ascii_toupper (parts[0][0]);
      orient[1] = g_ascii_toupper (parts[0][1]);
      for (o = 0; o < 3 && !g_str_equal (orient, orient_names[o]); o++)
        ;
      sizes = g_strsplit (parts[1], "x", -1);
      if (o == 3 || g_strv_length (sizes) != 3)
        return FALSE;
      for (guint d = 0; d < 3; d++)
        if (!g_ascii_string_to_unsigned (sizes[d], 10, 1, 65536, &dims[d], NULL))
          return FALSE;
      {
        gsize v[4] = { o, dims[0], dims[1], dims[2] };
        g_array_append_vals (out, v, 4);
      }
    }
  return out->len > 0;
}

static double
member_double (JsonObject *o,
               const char *group,
               const char *key)
{
  JsonObject *g = json_object_get_object_member (o, group);
  return g != NULL && json_object_has_member (g, key) ? json_object_get_double_member (g, key)
                                                      : -1;
}
#endif

int
cli_cmd_bench_device (int argc, char **argv)
{
  g_autofree char *device = NULL;
  gboolean no_cpu = FALSE;
  g_autofree char *gemm_list = NULL;
  int scale = 4;
  GOptionEntry entries[] = {
    { "device", 'd', 0, G_OPTION_ARG_STRING, &device,
      N_("OpenCL device id or index from “leverage-cli devices” (default: auto, else the "
         "first device)"), N_("ID") },
    { "no-cpu", 0, 0, G_OPTION_ARG_NONE, &no_cpu,
      N_("Do not measure the CPU backend for comparison"), NULL },
    { "scale", 0, 0, G_OPTION_ARG_INT, &scale,
      N_("Length of each measurement, 1 (short) to 40 (default 4)"), N_("N") },
    { "gemm", 0, 0, G_OPTION_ARG_STRING, &gemm_list,
      N_("Only these products, e.g. NN:1024x1024x30,TN:30x1024x1024 (M×N×K), on the OpenCL "
         "device"), N_("LIST") },
    { NULL }
  };
  CliFormat format;
  int status;

  if ((status = cli_command_open ("bench-device", NULL, entries, &argc, &argv, &format)) >= 0)
    return status;
  if (scale < 1 || scale > 40)
    return cli_usage_error ("bench-device", _("--scale must be between 1 and 40"));

#ifdef HAVE_OPENCL_BACKEND
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LevBackend) cl = lev_backend_new_by_name ("opencl", device, &error);
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;
    JsonObject *top;
    LevBackendCaps caps;
    gboolean cached = FALSE;
    double build_s = 0;

    if (cl == NULL)
      {
        g_printerr ("leverage-cli bench-device: %s\n", error->message);
        return error->code == LEV_BACKEND_ERROR_INVALID ? CLI_EXIT_BAD_INPUT : CLI_EXIT_FAILURE;
      }
    lev_backend_get_caps (cl, &caps);
    lev_backend_get_build_stats (cl, &cached, &build_s);

    if (gemm_list != NULL)
      {
        g_autoptr(GArray) shapes = g_array_new (FALSE, FALSE, sizeof (gsize));

        if (!parse_gemm_list (gemm_list, shapes))
          return cli_usage_error ("bench-device", _("bad --gemm list “%s” (expected e.g. "
                                                    "NN:1024x1024x30,TN:30x1024x1024)"), gemm_list);
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "device");
        json_builder_add_string_value (b, caps.device_name);
        json_builder_set_member_name (b, "gemm");
        json_builder_begin_array (b);
        if (format != CLI_FORMAT_JSON)
          printf ("%-24s %14s %18s\n", _("product (M×N×K)"), "GFLOP/s", _("GFLOP/CPU-s"));
        for (guint i = 0; i < shapes->len; i += 4)
          {
            const gsize *v = &g_array_index (shapes, gsize, i);
            double flop = 2.0 * v[1] * v[2] * v[3], wall = 0, cpu = 0;
            guint reps = (guint) CLAMP (4e9 * scale / 4 / flop, 3, 100000);

            if (!lev_bench_gemm_full (cl, (LevGemmOrientation) v[0], v[1], v[2], v[3], reps, &wall,
                                      &cpu, &error))
              {
                g_printerr ("leverage-cli bench-device: %s\n", error->message);
                return CLI_EXIT_FAILURE;
              }
            json_builder_begin_object (b);
            json_builder_set_member_name (b, "orient");
            json_builder_add_string_value (b, orient_names[v[0]]);
            json_builder_set_member_name (b, "m");
            json_builder_add_int_value (b, v[1]);
            json_builder_set_member_name (b, "n");
            json_builder_add_int_value (b, v[2]);
            json_builder_set_member_name (b, "k");
            json_builder_add_int_value (b, v[3]);
            json_builder_set_member_name (b, "gflops");
            json_builder_add_double_value (b, wall);
            json_builder_set_member_name (b, "gflops_per_cpu_second");
            json_builder_add_double_value (b, cpu);
            json_builder_end_object (b);
            if (format != CLI_FORMAT_JSON)
              {
                g_autofree char *dims = g_strdup_printf ("%zu×%zu×%zu", v[1], v[2], v[3]);
                printf ("%s %-21s %14.1f %18.1f\n", orient_names[v[0]], dims, wall, cpu);
              }
          }
        json_builder_end_array (b);
        json_builder_end_object (b);
        if (format == CLI_FORMAT_JSON)
          {
            g_autoptr(JsonNode) node = json_builder_get_root (b);
            cli_print_json (node);
          }
        return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
      }

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "device");
    json_builder_add_string_value (b, caps.device_name);
    json_builder_set_member_name (b, "device_id");
    json_builder_add_string_value (b, caps.device_id);
    json_builder_set_member_name (b, "program_seconds");
    json_builder_add_double_value (b, build_s);
    json_builder_set_member_name (b, "program_cached");
    json_builder_add_boolean_value (b, cached);
    json_builder_set_member_name (b, "opencl");
    json_builder_begin_object (b);
    if (!bench_backend (cl, (guint) scale, b, &error))
      {
        g_printerr ("leverage-cli bench-device: %s\n", error->message);
        return CLI_EXIT_FAILURE;
      }
    json_builder_end_object (b);
    if (!no_cpu)
      {
        g_autoptr(LevBackend) cpu = lev_cpu_backend_new (0);
        json_builder_set_member_name (b, "cpu");
        json_builder_begin_object (b);
        if (!bench_backend (cpu, (guint) MAX (1, scale / 4), b, &error))
          {
            g_printerr ("leverage-cli bench-device: %s\n", error->message);
            return CLI_EXIT_FAILURE;
          }
        json_builder_end_object (b);
      }
    json_builder_end_object (b);
    root = json_builder_get_root (b);

    if (format == CLI_FORMAT_JSON)
      {
        cli_print_json (root);
        return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
      }
    top = json_node_get_object (root);
    printf (_("Device: %s\n  id: %s\n  kernels: %s in %.2f s\n"), caps.device_name,
            caps.device_id, cached ? _("from the cache") : _("compiled"), build_s);
    printf ("%-40s %12s %12s %8s\n", _("measure"), "opencl", no_cpu ? "" : "cpu",
            no_cpu ? "" : _("ratio"));
    for (guint s = 0; s < G_N_ELEMENTS (gemm_sizes); s++)
      for (guint o = 0; o < 3; o++)
        {
          g_autofree char *key = g_strdup_printf ("%s %" G_GSIZE_FORMAT, orient_names[o],
                                                  gemm_sizes[s]);
          g_autofree char *label = g_strdup_printf (_("GEMM %s %zu³ GFLOP/s"), orient_names[o],
                                                    gemm_sizes[s]);
          double g = member_double (json_object_get_object_member (top, "opencl"), "gemm_gflops",
                                    key);
          double c = no_cpu ? -1 : member_double (json_object_get_object_member (top, "cpu"),
                                                  "gemm_gflops", key);
          if (c > 0)
            printf ("%-40s %12.1f %12.1f %7.2f×\n", label, g, c, g / c);
          else
            printf ("%-40s %12.1f\n", label, g);
        }
    for (guint i = 0; i < G_N_ELEMENTS (nets); i++)
      {
        const char *key = i == 0 ? "article" : "wide";
        g_autofree char *label = g_strdup_printf (_("train %s samples/s"), nets[i].name);
        double g = member_double (json_object_get_object_member (top, "opencl"), "samples_per_s",
                                  key);
        double c = no_cpu ? -1 : member_double (json_object_get_object_member (top, "cpu"),
                                                "samples_per_s", key);
        if (c > 0)
          printf ("%-40s %12.0f %12.0f %7.2f×\n", label, g, c, g / c);
        else
          printf ("%-40s %12.0f\n", label, g);
      }
  }
  return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
#else
  g_printerr (_("leverage-cli bench-device: this build has no OpenCL backend\n"));
  return CLI_EXIT_FAILURE;
#endif
}
