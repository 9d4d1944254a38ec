/* lev-philox.h: Philox4x32-10, the counter-based generator of Salmon et
 * al., "Parallel random numbers: as easy as 1, 2, 3" (SC 2011; Random123).
 * A block of output is a pure function of (counter, key), so any sample of
 * any chunk can be drawn by any thread in any order: this is what makes a
 * simulation's bytes independent of the thread count. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LEV_PHILOX_M0 0xD2511F53u
#define LEV_PHILOX_M1 0xCD9E8D57u
#define LEV_PHILOX_W0 0x9E3779B9u /* golden ratio */
#define LEV_PHILOX_W1 0xBB67AE85u /* sqrt(3) − 1 */

static inline void
lev_philox_round (guint32 ctr[4],
                  const guint32 key[2])
{
  guint64 p0 = (guint64) LEV_PHILOX_M0 * ctr[0];
  guint64 p1 = (guint64) LEV_PHILOX_M1 * ctr[2];
  guint32 c1 = ctr[1], c3 = ctr[3];

  ctr[0] = (guint32) (p1 >> 32) ^ c1 ^ key[0];
  ctr[1] = (guint32) p1;
  ctr[2] = (guint32) (p0 >> 32) ^ c3 ^ key[1];
  ctr[3] = (guint32) p0;
}

/* Ten rounds, the key bumped by the Weyl constants between rounds. */
static inline void
lev_philox4x32_10 (const guint32 counter[4],
                   const guint32 key_in[2],
                   guint32       out[4])
{
  guint32 key[2] = { key_in[0], key_in[1] };
  guint32 c[4] = { counter[0], counter[1], counter[2], counter[3] };

  for (int r = 0; r < 10; r++)
    {
      if (r > 0)
        {
          key[0] += LEV_PHILOX_W0;
          key[1] += LEV_PHILOX_W1;
        }
      lev_philox_round (c, key);
    }
  out[0] = c[0];
  out[1] = c[1];
  out[2] = c[2];
  out[3] = c[3];
}

/* A double strictly inside (0, 1) from 64 random bits: 52 bits and a
 * half-step offset, so inverse CDFs never see 0 or 1 (with 53 bits the
 * top value would round to 1.0). */
static inline double
lev_philox_uniform (guint32 hi,
                    guint32 lo)
{
  guint64 bits = ((guint64) hi << 32 | lo) >> 12;

  return ((double) bits + 0.5) * (1.0 / 4503599627370496.0);
}

G_END_DECLS
