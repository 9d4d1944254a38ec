/* lev-dist.c: CDFs, inverse CDFs and the compiled samplers. The samplers
 * run hundreds of millions of times per simulation, so everything that
 * can be computed once (log-space parameters, truncation probabilities,
 * the PERT knot table) is computed in lev_dist_sampler_init(). */
#define G_LOG_DOMAIN "lev-dist"
#include "config.h"

#include <math.h>
#include <string.h>

#include "lev-dist.h"

/* z of the 95th percentile: a 90% interval is ±1.6449 σ. */
#define Z95 1.6448536269514722

double
lev_normal_cdf (double x)
{
  return 0.5 * erfc (-x * M_SQRT1_2);
}

/* Wichura, "Algorithm AS 241: The percentage points of the normal
 * distribution", Applied Statistics 37 (1988), PPND16. */
double
lev_normal_quantile (double p)
{
  double q = p - 0.5, r, val;

  if (!(p > 0.0))
    return p == 0.0 ? -INFINITY : NAN;
  if (!(p < 1.0))
    return p == 1.0 ? INFINITY : NAN;

  if (fabs (q) <= 0.425)
    {
      r = 0.180625 - q * q;
      return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r +
                       67265.770927008700853) * r + 45921.953931549871457) * r +
                     13731.693765509461125) * r + 1971.5909503065514427) * r +
                   133.14166789178437745) * r + 3.387132872796366608) /
             (((((((r * 5226.495278852545925 + 28729.085735721942674) * r +
                   39307.89580009271061) * r + 21213.794301586595867) * r +
                 5394.1960214247511077) * r + 687.1870074920579083) * r +
               42.313330701600911252) * r + 1.0);
    }
  r = q < 0 ? p : 1.0 - p;
  r = sqrt (-log (r));
  if (r <= 5.0)
    {
      r -= 1.6;
      val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r +
                  0.24178072517745061177) * r + 1.27045825245236838258) * r +
                3.64784832476320460504) * r + 5.7694972214606914055) * r +
              4.6303378461565452959) * r + 1.42343711074968357734) /
            (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r +
                  0.0151986665636164571966) * r + 0.14810397642748007459) * r +
                0.68976733498510000455) * r + 1.6763848301838038494) * r +
              2.05319162663775882187) * r + 1.0);
    }
  else
    {
      r -= 5.0;
      val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r +
                  0.0012426609473880784386) * r + 0.026532189526576123093) * r +
                0.29656057182850489123) * r + 1.7848265399172913358) * r +
              5.4637849111180144464) * r + 6.6579046435011037772) /
            (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r +
                  1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
                0.0148753612908506148525) * r + 0.13692988092273580531) * r +
              0.59983220655588793769) * r + 1.0);
    }
  return q < 0.0 ? -val : val;
}

/* Continued fraction of the incomplete beta (modified Lentz). */
static double
beta_cf (double a, double b, double x)
{
  const double tiny = 1e-300;
  double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap, h;

  if (fabs (d) < tiny)
    d = tiny;
  d = 1.0 / d;
  h = d;
  for (int m = 1; m <= 500; m++)
    {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2)), del;

      d = 1.0 + aa * d;
      if (fabs (d) < tiny)
        d = tiny;
      c = 1.0 + aa / c;
      if (fabs (c) < tiny)
        c = tiny;
      d = 1.0 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1.0 + aa * d;
      if (fabs (d) < tiny)
        d = tiny;
      c = 1.0 + aa / c;
      if (fabs (c) < tiny)
        c = tiny;
      d = 1.0 / d;
      del = d * c;
      h *= del;
      if (fabs (del - 1.0) < 1e-16)
        break;
    }
  return h;
}

static double
log_beta (double a, double b)
{
  int sign;

  return lgamma_r (a, &sign) + lgamma_r (b, &sign) - lgamma_r (a + b, &sign);
}

static double
beta_cdf_l (double x, double a, double b, double lbeta)
{
  double front;

  if (x <= 0.0)
    return 0.0;
  if (x >= 1.0)
    return 1.0;
  front = exp (a * log (x) + b * log1p (-x) - lbeta);
  if (x < (a + 1.0) / (a + b + 2.0))
    return front * beta_cf (a, b, x) / a;
  return 1.0 - front * beta_cf (b, a, 1.0 - x) / b;
}

double
lev_beta_cdf (double x, double a, double b)
{
  return beta_cdf_l (x, a, b, log_beta (a, b));
}

/* @lo: a known lower bound of the answer, @x: a first guess above it. */
static double
beta_quantile_from (double p, double a, double b, double lbeta, double lo, double x)
{
  double hi = 1.0;

  if (p <= 0.0)
    return 0.0;
  if (p >= 1.0)
    return 1.0;
  if (!(x > lo && x < hi))
    x = 0.5 * (lo + hi);
  /* Newton where it behaves, bisection where it would leave the bracket. */
  for (int it = 0; it < 200; it++)
    {
      double f = beta_cdf_l (x, a, b, lbeta) - p;
      double pdf, next;

      if (f == 0.0)
        return x;
      if (f < 0)
        lo = x;
      else
        hi = x;
      pdf = exp ((a - 1.0) * log (x) + (b - 1.0) * log1p (-x) - lbeta);
      next = pdf > 0 ? x - f / pdf : NAN;
      if (!(next > lo && next < hi))
        next = 0.5 * (lo + hi);
      if (fabs (next - x) <= 1e-16 * MAX (x, 1e-300) || hi - lo <= 1e-17)
        return next;
      x = next;
    }
  return x;
}

static double
beta_quantile_l (double p, double a, double b, double lbeta)
{
  return beta_quantile_from (p, a, b, lbeta, 0.0, a / (a + b));
}

double
lev_beta_quantile (double p, double a, double b)
{
  return beta_quantile_l (p, a, b, log_beta (a, b));
}

static double
type7 (const double *sorted, gsize n, double p)
{
  double h = (n - 1) * p;
  gsize i = (gsize) floor (h);

  if (n == 0)
    return NAN;
  if (i + 1 >= n)
    return sorted[n - 1];
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}

void
lev_dist_sampler_init (LevDistSampler  *self,
                       const LevNumber *number,
                       double           lo,
                       double           hi)
{
  const double *p = number->p;

  memset (self, 0, sizeof *self);
  self->kind = number->kind;
  self->lo = lo;
  self->hi = hi;

  switch (number->kind)
    {
    case LEV_DIST_UNIFORM:
    case LEV_DIST_TRIANGULAR:
    case LEV_DIST_PERT:
      self->a = p[0];
      if (number->kind == LEV_DIST_UNIFORM)
        {
          self->c = p[1];
          self->b = 0.5 * (p[0] + p[1]);
        }
      else
        {
          self->b = p[1];
          self->c = p[2];
        }
      self->lo = self->a;
      self->hi = self->c;
      if (number->kind == LEV_DIST_PERT)
        {
          double range = self->c - self->a;

          self->alpha = 1.0 + 4.0 * (self->b - self->a) / range;
          self->beta = 1.0 + 4.0 * (self->c - self->b) / range;
        }
      break;

    case LEV_DIST_NORMAL:
    case LEV_DIST_LOGNORMAL:
      {
        double zlo, zhi;

        if (number->kind == LEV_DIST_NORMAL)
          {
            self->a = p[0];
            self->b = p[1];
            zlo = (lo - self->a) / self->b;
            zhi = (hi - self->a) / self->b;
          }
        else
          {
            self->a = 0.5 * (log (p[0]) + log (p[1]));
            self->b = (log (p[1]) - log (p[0])) / (2.0 * Z95);
            zlo = lo > 0 ? (log (lo) - self->a) / self->b : -INFINITY;
            zhi = isfinite (hi) ? (log (hi) - self->a) / self->b : INFINITY;
          }
        self->u_lo = lev_normal_cdf (zlo);
        self->u_span = lev_normal_cdf (zhi) - self->u_lo;
      }
      break;

    case LEV_DIST_EMPIRICAL:
      self->empirical = lev_empirical_ref (number->empirical);
      break;

    case LEV_DIST_POINT:
      self->a = self->lo = self->hi = p[0];
      break;

    case LEV_DIST_NONE:
    default:
      self->kind = LEV_DIST_NONE;
      self->lo = self->hi = 0;
      break;
    }
}

void
lev_dist_sampler_prepare (LevDistSampler *self)
{
  if (self->kind != LEV_DIST_PERT)
    return;
  if (g_once_init_enter (&self->table))
    {
      double lbeta = log_beta (self->alpha, self->beta);
      double *t = g_new (double, LEV_PERT_TABLE + 1);

      t[0] = 0.0;
      t[LEV_PERT_TABLE] = 1.0;
      /* Each knot starts from the last one, extrapolated: two or three
       * Newton steps instead of a search from the mean. */
      for (guint i = 1; i < LEV_PERT_TABLE; i++)
        {
          double guess = i >= 2 ? 2 * t[i - 1] - t[i - 2] : 0.5 / LEV_PERT_TABLE;

          t[i] = beta_quantile_from ((double) i / LEV_PERT_TABLE, self->alpha, self->beta,
                                     lbeta, t[i - 1], guess);
        }
      g_once_init_leave (&self->table, t);
    }
}

void
lev_dist_sampler_clear (LevDistSampler *self)
{
  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->empirical, lev_empirical_unref);
}

static inline double
clamp (double x, double lo, double hi)
{
  return x < lo ? lo : (x > hi ? hi : x);
}

static inline double
triangular (const LevDistSampler *s, double u)
{
  double range = s->c - s->a;

  if (u * range < s->b - s->a)
    return s->a + sqrt (u * range * (s->b - s->a));
  return s->c - sqrt ((1.0 - u) * range * (s->c - s->b));
}

double
lev_dist_sampler_draw (const LevDistSampler *self,
                       double                u)
{
  switch (self->kind)
    {
    case LEV_DIST_UNIFORM:
      return self->a + u * (self->c - self->a);
    case LEV_DIST_TRIANGULAR:
      return triangular (self, u);
    case LEV_DIST_PERT:
      {
        double pos = u * LEV_PERT_TABLE, x;
        int i = (int) pos;
        double f = pos - i;

        /* Near the ends the quantile behaves like u^(1/α) and (1-u)^(1/β);
         * follow that power law in the end cells instead of a chord. */
        if (i <= 0)
          x = self->table[1] * pow (f, 1.0 / self->alpha);
        else if (i >= LEV_PERT_TABLE - 1)
          x = 1.0 - (1.0 - self->table[LEV_PERT_TABLE - 1]) *
                    pow (1.0 - (i >= LEV_PERT_TABLE ? 1.0 : f), 1.0 / self->beta);
        else
          x = self->table[i] + f * (self->table[i + 1] - self->table[i]);
        return self->a + x * (self->c - self->a);
      }
    case LEV_DIST_NORMAL:
      return clamp (self->a + self->b * lev_normal_quantile (self->u_lo + u * self->u_span),
                    self->lo, self->hi);
    case LEV_DIST_LOGNORMAL:
      return clamp (exp (self->a + self->b * lev_normal_quantile (self->u_lo + u * self->u_span)),
                    self->lo, self->hi);
    case LEV_DIST_EMPIRICAL:
      {
        gsize n;
        const double *sorted = lev_empirical_get_sorted (self->empirical, &n);
        gsize i = (gsize) (u * n);

        return sorted[MIN (i, n - 1)];
      }
    case LEV_DIST_POINT:
      return self->a;
    case LEV_DIST_NONE:
    default:
      return 0.0;
    }
}

double
lev_dist_sampler_quantile (const LevDistSampler *self,
                           double                p)
{
  p = clamp (p, 0.0, 1.0);
  switch (self->kind)
    {
    case LEV_DIST_UNIFORM:
      return self->a + p * (self->c - self->a);
    case LEV_DIST_TRIANGULAR:
      return triangular (self, p);
    case LEV_DIST_PERT:
      return self->a + (self->c - self->a) * lev_beta_quantile (p, self->alpha, self->beta);
    case LEV_DIST_NORMAL:
      if (p == 0.0 || p == 1.0)
        return p == 0.0 ? self->lo : self->hi;
      return clamp (self->a + self->b * lev_normal_quantile (self->u_lo + p * self->u_span),
                    self->lo, self->hi);
    case LEV_DIST_LOGNORMAL:
      if (p == 0.0 || p == 1.0)
        return p == 0.0 ? self->lo : self->hi;
      return clamp (exp (self->a + self->b * lev_normal_quantile (self->u_lo + p * self->u_span)),
                    self->lo, self->hi);
    case LEV_DIST_EMPIRICAL:
      {
        gsize n;
        const double *sorted = lev_empirical_get_sorted (self->empirical, &n);

        return type7 (sorted, n, p);
      }
    case LEV_DIST_POINT:
      return self->a;
    case LEV_DIST_NONE:
    default:
      return 0.0;
    }
}
