/* fuzz-scenario.c: libFuzzer target for the scenario reader
 * (lev_scenario_load_data_in): any bytes must give a scenario or a
 * LEV_ERROR that names the file, never a crash, leak or hang. A scenario
 * that loads is also compiled and written back, since a file that loads
 * must be one the rest of the app can use. */
#define G_LOG_DOMAIN "fuzz-scenario"
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "lev-error.h"
#include "lev-scenario-io.h"
#include "lev-snapshot.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) scenario = NULL;

  /* Empirical distributions name CSV files relative to the scenario; a
   * directory that does not exist keeps the fuzzer off the real disk. */
  scenario = lev_scenario_load_data_in ((const char *) data, size, "fuzz.json",
                                        "/nonexistent-fuzz-dir", &error);
  if (scenario == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == LEV_ERROR);
      g_assert (strstr (error->message, "fuzz.json") != NULL);
      return 0;
    }
  g_assert (error == NULL);
  {
    gsize length = 0;
    g_autofree char *text = lev_scenario_to_data (scenario, &length);
    g_autoptr(LevScenario) again = NULL;

    g_assert (text != NULL && length > 0);
    /* What we write we must read back. */
    again = lev_scenario_load_data_in (text, length, "fuzz-rewritten.json",
                                       "/nonexistent-fuzz-dir", &error);
    if (again == NULL)
      g_error ("a loaded scenario did not load after saving: %s", error->message);
  }
  return 0;
}
