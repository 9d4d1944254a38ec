/* fuzz-number-text.c: libFuzzer target for the number and range syntax
 * founders type (lev_number_parse_text): any text parses or gives a
 * LEV_ERROR, and what parses prints back to text that parses again. */
#define G_LOG_DOMAIN "fuzz-number-text"
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "lev-error.h"
#include "lev-number-text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  LevNumber n;

  /* The entry widget hands over a NUL-terminated string; text past a NUL
   * can never reach the parser. */
  if (size > 4096)
    return 0;
  text = g_strndup ((const char *) data, size);
  memset (&n, 0, sizeof n);
  if (!lev_number_parse_text (text, &n, &error))
    {
      g_assert (error != NULL && error->domain == LEV_ERROR);
      lev_number_clear (&n);
      return 0;
    }
  g_assert (error == NULL);
  for (int chinese = 0; chinese < 2; chinese++)
    {
      g_autofree char *back = lev_number_to_text (&n, chinese);
      LevNumber again;

      g_assert (back != NULL);
      memset (&again, 0, sizeof again);
      /* Empirical numbers are only described, never typed back. */
      if (n.kind != LEV_DIST_EMPIRICAL && !lev_number_parse_text (back, &again, &error))
        g_error ("\"%s\" parsed, but its text \"%s\" did not: %s", text, back, error->message);
      if (n.kind != LEV_DIST_EMPIRICAL && again.kind != n.kind)
        g_error ("\"%s\" is a %s, its text \"%s\" a %s", text, lev_dist_kind_to_id (n.kind),
                 back, lev_dist_kind_to_id (again.kind));
      lev_number_clear (&again);
    }
  lev_number_clear (&n);
  return 0;
}
