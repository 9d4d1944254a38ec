/* hardening-util.h: helpers shared by the hardening tests: large scenario
 * documents built in memory, and a child's peak memory. */
#pragma once

#include <glib.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* A valid scenario with @n_items amount items spread over the four areas,
 * named @name; the amounts depend on @variant so two documents differ in
 * every item, not only in their names. */
static inline GString *
hardening_scenario_json (guint       n_items,
                         const char *name,
                         guint       variant)
{
  static const char *const areas[] = { "data", "compute", "talent", "market" };
  GString *s = g_string_sized_new (n_items * 190 + 512);

  g_string_append_printf (s,
                          "{\"format\":\"leverage-scenario\",\"version\":1,\"name\":\"%s\","
                          "\"currency\":\"CNY\",\"start\":\"2026-01\",\"horizon_months\":24,"
                          "\"budget\":100000000,\"areas\":{",
                          name);
  for (guint a = 0; a < 4; a++)
    {
      gboolean first = TRUE;

      g_string_append_printf (s, "%s\"%s\":{\"items\":[", a ? "," : "", areas[a]);
      for (guint i = a; i < n_items; i += 4)
        {
          g_string_append_printf (s,
                                  "%s{\"id\":\"i%u\",\"name\":\"Item %u of %s\",\"channel\":\"purchase\","
                                  "\"cost\":{\"form\":\"amount\",\"amount\":%u},"
                                  "\"timing\":{\"start_month\":%u,\"schedule\":\"once\"}}",
                                  first ? "" : ",", i, i, name, 1000 + i * 7 + variant, i % 12);
          first = FALSE;
        }
      g_string_append (s, "]}");
    }
  g_string_append (s, "}}");
  return s;
}

/* Waits for @pid; *max_rss_kib is the child's peak resident set. */
static inline int
hardening_wait (pid_t  pid,
                long  *max_rss_kib)
{
  struct rusage ru;
  int status = 0;

  while (wait4 (pid, &status, 0, &ru) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  if (max_rss_kib != NULL)
    *max_rss_kib = ru.ru_maxrss;
  return status;
}
