/* lev-ops.cl: every training operation of lev-backend.h other than the
 * product: activation backward, bias-gradient column sums, fused output
 * losses, the optimisers over one flat parameter arena, and the small
 * element-wise helpers. Reductions go through per-chunk partials summed in
 * a fixed order, never atomics, so results are bitwise reproducible. */

__kernel void
lev_act_backward (const uint n, const int act,
                  __global const float *z, const uint offZ,
                  __global const float *da, const uint offDa,
                  __global float *dz, const uint offDz)
{
  const uint i = get_global_id (0);
  if (i < n)
    dz[offDz + i] = da[offDa + i] * lev_act_grad (act, z[offZ + i]);
}

/* Pass 1 of the bias gradient: partial[c·N + j] = Σ dZ[i, j] over the rows
 * i of chunk c (LEV_BIAS_CHUNK rows, a constant so that the result does not
 * depend on the device), in increasing i. */
#define LEV_BIAS_CHUNK 64
__kernel void
lev_bias_grad_partial (const uint M, const uint N,
                       __global const float *dz, const uint offDz,
                       __global float *partial)
{
  const uint j = get_global_id (0), c = get_global_id (1);
  if (j >= N)
    return;
  const uint end = min (M, (c + 1) * LEV_BIAS_CHUNK);
  float sum = 0.0f;
  for (uint i = c * LEV_BIAS_CHUNK; i < end; i++)
    sum += dz[offDz + i * N + j];
  partial[c * N + j] = sum;
}

/* Pass 2: db[j] = beta·db[j] + Σ_c partial[c·N + j], c increasing. */
__kernel void
lev_bias_grad_final (const uint N, const uint chunks,
                     __global const float *partial, const float beta,
                     __global float *db, const uint offDb)
{
  const uint j = get_global_id (0);
  if (j >= N)
    return;
  float sum = 0.0f;
  for (uint c = 0; c < chunks; c++)
    sum += partial[c * N + j];
  db[offDb + j] = beta != 0.0f ? beta * db[offDb + j] + sum : sum;
}

#define LEV_LOSS_SIGMOID_BCE 0
#define LEV_LOSS_SOFTMAX_CE  1
#define LEV_LOSS_MSE         2

/* One work-item per row: the row's probabilities, gradient and loss, and
 * whether it is classified correctly, into rows[2i], rows[2i+1]. @dlogits
 * may be @logits: each element is read before it is written, by the same
 * work-item. */
__kernel void
lev_loss_rows (const int kind, const uint M, const uint N,
               __global const float *logits, const uint offL,
               __global const float *targets, const uint offT,
               const float scale,
               __global float *probs, const uint offP, const int hasProbs,
               __global float *dlogits, const uint offD, const int hasD,
               __global float *rows)
{
  const uint i = get_global_id (0);
  if (i >= M)
    return;
  const uint base = i * N;
  float loss = 0.0f, correct = 0.0f;

  if (kind == LEV_LOSS_SIGMOID_BCE)
    {
      uint right = 0;
      for (uint j = 0; j < N; j++)
        {
          const float z = logits[offL + base + j], y = targets[offT + base + j];
          const float p = 1.0f / (1.0f + exp (-z));
          loss += fmax (z, 0.0f) - z * y + log1p (exp (-fabs (z)));
          right += (p > 0.5f) == (y > 0.5f);
          if (hasProbs)
            probs[offP + base + j] = p;
          if (hasD)
            dlogits[offD + base + j] = scale * (p - y);
        }
      /* A row counts as correct when every output is. */
      correct = right == N ? 1.0f : 0.0f;
    }
  else if (kind == LEV_LOSS_SOFTMAX_CE)
    {
      const float yf = targets[offT + i];
      const int y = (yf >= 0.0f && yf < (float) N) ? (int) yf : -1;
      float zmax = -INFINITY, sum = 0.0f, zy = 0.0f;
      uint arg = 0;
      for (uint j = 0; j < N; j++)
        {
          const float z = logits[offL + base + j];
          if (z > zmax)
            {
              zmax = z;
              arg = j;
            }
        }
      for (uint j = 0; j < N; j++)
        sum += exp (logits[offL + base + j] - zmax);
      if (y >= 0)
        zy = logits[offL + base + y];
      loss = (log (sum) + zmax) - zy;
      correct = (int) arg == y ? 1.0f : 0.0f;
      for (uint j = 0; j < N; j++)
        {
          const float p = exp (logits[offL + base + j] - zmax) / sum;
          if (hasProbs)
            probs[offP + base + j] = p;
          if (hasD)
            dlogits[offD + base + j] = scale * (p - ((int) j == y ? 1.0f : 0.0f));
        }
    }
  else
    {
      for (uint j = 0; j < N; j++)
        {
          const float z = logits[offL + base + j], y = targets[offT + base + j];
          const float d = z - y;
          loss += d * d;
          if (hasProbs)
            probs[offP + base + j] = z;
          if (hasD)
            dlogits[offD + base + j] = scale * 2.0f * d / (float) N;
        }
      loss /= (float) N;
    }
  rows[2 * i] = loss;
  rows[2 * i + 1] = correct;
}

/* Pass 2: one work-group of LEV_LOSS_WG items; item t sums rows t, t+WG, …
 * in order, then a fixed tree. result[0] = Σ loss, result[1] = Σ correct. */
#define LEV_LOSS_WG 64
__kernel __attribute__ ((reqd_work_group_size (LEV_LOSS_WG, 1, 1))) void
lev_loss_reduce (const uint M, __global const float *rows,
                 __global float *result, const uint offR)
{
  __local float loss[LEV_LOSS_WG], right[LEV_LOSS_WG];
  const uint t = get_local_id (0);
  float l = 0.0f, r = 0.0f;

  for (uint i = t; i < M; i += LEV_LOSS_WG)
    {
      l += rows[2 * i];
      r += rows[2 * i + 1];
    }
  loss[t] = l;
  right[t] = r;
  barrier (CLK_LOCAL_MEM_FENCE);
  for (uint s = LEV_LOSS_WG / 2; s > 0; s >>= 1)
    {
      if (t < s)
        {
          loss[t] += loss[t + s];
          right[t] += right[t + s];
        }
      barrier (CLK_LOCAL_MEM_FENCE);
    }
  if (t == 0)
    {
      result[offR] = loss[0];
      result[offR + 1] = right[0];
    }
}

/* Keras's Adam with the bias correction folded into alpha by the caller. */
__kernel void
lev_adam (const uint n,
          __global float *p, const uint offP,
          __global const float *g, const uint offG,
          __global float *m, const uint offM,
          __global float *v, const uint offV,
          const float alpha, const float beta1, const float beta2, const float epsilon)
{
  const uint i = get_global_id (0);
  if (i >= n)
    return;
  const float gi = g[offG + i];
  float mi = m[offM + i], vi = v[offV + i];
  mi += (gi - mi) * (1.0f - beta1);
  vi += (gi * gi - vi) * (1.0f - beta2);
  m[offM + i] = mi;
  v[offV + i] = vi;
  p[offP + i] -= alpha * mi / (sqrt (vi) + epsilon);
}

__kernel void
lev_sgd (const uint n,
         __global float *p, const uint offP,
         __global const float *g, const uint offG,
         __global float *vel, const uint offV,
         const float lr, const float momentum, const int nesterov)
{
  const uint i = get_global_id (0);
  if (i >= n)
    return;
  const float gi = g[offG + i];
  const float v = momentum * vel[offV + i] - lr * gi;
  vel[offV + i] = v;
  p[offP + i] += nesterov ? momentum * v - lr * gi : v;
}

__kernel void
lev_axpy (const uint n, const float a,
          __global const float *x, const uint offX,
          __global float *y, const uint offY)
{
  const uint i = get_global_id (0);
  if (i < n)
    y[offY + i] += a * x[offX + i];
}

__kernel void
lev_mul (const uint n,
         __global const float *x, const uint offX,
         __global float *y, const uint offY)
{
  const uint i = get_global_id (0);
  if (i < n)
    y[offY + i] *= x[offX + i];
}

__kernel void
lev_fill (const uint n, const float value, __global float *dst, const uint offD)
{
  const uint i = get_global_id (0);
  if (i < n)
    dst[offD + i] = value;
}

/* dst row i = src row index[i]. An index past the source (a caller's bug)
 * yields a row of NaN rather than a read out of bounds. */
__kernel void
lev_gather_rows (const uint n_rows, const uint n_cols,
                 __global const float *src, const uint offS, const uint src_rows,
                 __global const uint *index, const uint offI,
                 __global float *dst, const uint offD)
{
  const uint c = get_global_id (0), r = get_global_id (1);
  if (c >= n_cols || r >= n_rows)
    return;
  const uint from = index[offI + r];
  dst[offD + r * n_cols + c] = from < src_rows ? src[offS + from * n_cols + c] : NAN;
}

__kernel void
lev_dropout (const uint n,
             __global float *x, const uint offX,
             __global float *mask, const uint offM,
             const float rate, const uint seed, const uint counter)
{
  const uint i = get_global_id (0);
  if (i >= n)
    return;
  const float u = (float) (lev_dropout_hash (seed, counter, i) >> 8) * (1.0f / 16777216.0f);
  const float keep = u >= rate ? 1.0f / (1.0f - rate) : 0.0f;
  mask[offM + i] = keep;
  x[offX + i] *= keep;
}

/* Only burns time: the test hook LEVERAGE_OPENCL_FAIL=timeout uses it to
 * make the host's watchdog see a kernel that does not finish in time. */
__kernel void
lev_spin (const uint n, __global float *sink, const uint offS)
{
  float x = 0.0f;
  for (uint i = 0; i < n; i++)
    x = x * 0.999999f + 1.0f;
  sink[offS] = x;
}
