/* lev-gemm.cl: the fused dense-layer product of lev-backend.h,
 *   Z = alpha·op(A)·op(B) + beta·C + bias,  C = act(Z),  Z stored on request,
 * in the three orientations training needs (NN forward, NT input gradient,
 * TN weight gradient), in two shapes of the same arithmetic:
 *   - "tiled": local-memory tiles and a register block per work-item, the
 *     classic form for GPUs (64×64 tiles, 16×16 work-items, 4×4 each);
 *   - "vec": no local memory, each work-item walks K with explicit vectors
 *     over a row block, the form CPU devices (PoCL) vectorise well.
 * Both accumulate in float32 in increasing k, one fma per term. Every
 * output element inside M×N is written, nothing outside. */

/* Operands are addressed by offsets in floats into one buffer (a layer is an
 * offset into a flat parameter arena), never by sub-buffers, whose alignment
 * rules differ between drivers. */
#define LEV_GEMM_ARGS \
  const uint M, const uint N, const uint K, const float alpha, \
  __global const float *A, const uint offA, \
  __global const float *B, const uint offB, \
  const float beta, __global float *C, const uint offC, \
  __global const float *bias, const uint offBias, const int hasBias, \
  const int act, __global float *Z, const uint offZ, const int hasZ

inline void
lev_gemm_store (const uint M, const uint N, const uint i, const uint j, const float sum,
                const float alpha, const float beta, __global float *C, const uint offC,
                __global const float *bias, const uint offBias, const int hasBias,
                const int act, __global float *Z, const uint offZ, const int hasZ)
{
  const uint at = i * N + j;
  float z = alpha * sum;

  /* beta == 0 must not read C: it may hold NaN (lev-backend.h). */
  if (beta != 0.0f)
    z += beta * C[offC + at];
  if (hasBias)
    z += bias[offBias + j];
  if (hasZ)
    Z[offZ + at] = z;
  C[offC + at] = lev_act (act, z);
}

/* ---- tiled (GPU) ---------------------------------------------------- */

#ifndef LEV_TSM
#define LEV_TSM 64
#endif
#ifndef LEV_TSN
#define LEV_TSN 64
#endif
#ifndef LEV_TSK
#define LEV_TSK 16
#endif
#ifndef LEV_WPTM
#define LEV_WPTM 4
#endif
#ifndef LEV_WPTN
#define LEV_WPTN 4
#endif
#define LEV_RTSM (LEV_TSM / LEV_WPTM)
#define LEV_RTSN (LEV_TSN / LEV_WPTN)
#define LEV_NT_THREADS (LEV_RTSM * LEV_RTSN)
#define LEV_LPTA ((LEV_TSK * LEV_TSM) / LEV_NT_THREADS)
#define LEV_LPTB ((LEV_TSK * LEV_TSN) / LEV_NT_THREADS)

/* A_KFAST: A's elements are consecutive along k (NN, NT), else along i (TN).
 * B_JFAST: B's elements are consecutive along j (NN, TN), else along k (NT).
 * Loads follow the memory order so that neighbouring work-items read
 * neighbouring words. */
#define LEV_GEMM_TILED(NAME, A_AT, A_KFAST, B_AT, B_JFAST) \
__kernel __attribute__ ((reqd_work_group_size (LEV_RTSN, LEV_RTSM, 1))) \
void NAME (LEV_GEMM_ARGS) \
{ \
  __local float As[LEV_TSK][LEV_TSM + 1]; \
  __local float Bs[LEV_TSK][LEV_TSN + 1]; \
  const uint tx = get_local_id (0), ty = get_local_id (1); \
  const uint tid = ty * LEV_RTSN + tx; \
  const uint col0 = get_group_id (0) * LEV_TSN, row0 = get_group_id (1) * LEV_TSM; \
  float acc[LEV_WPTM][LEV_WPTN]; \
  for (uint wm = 0; wm < LEV_WPTM; wm++) \
    for (uint wn = 0; wn < LEV_WPTN; wn++) \
      acc[wm][wn] = 0.0f; \
  for (uint t = 0; t < K; t += LEV_TSK) \
    { \
      for (uint l = 0; l < LEV_LPTA; l++) \
        { \
          const uint idx = tid + l * LEV_NT_THREADS; \
          const uint kk = A_KFAST ? idx % LEV_TSK : idx / LEV_TSM; \
          const uint ii = A_KFAST ? idx / LEV_TSK : idx % LEV_TSM; \
          const uint i = row0 + ii, k = t + kk; \
          As[kk][ii] = (i < M && k < K) ? A[offA + (A_AT)] : 0.0f; \
        } \
      for (uint l = 0; l < LEV_LPTB; l++) \
        { \
          const uint idx = tid + l * LEV_NT_THREADS; \
          const uint kk = B_JFAST ? idx / LEV_TSN : idx % LEV_TSK; \
          const uint jj = B_JFAST ? idx % LEV_TSN : idx / LEV_TSK; \
          const uint j = col0 + jj, k = t + kk; \
          Bs[kk][jj] = (j < N && k < K) ? B[offB + (B_AT)] : 0.0f; \
        } \
      barrier (CLK_LOCAL_MEM_FENCE); \
      for (uint kk = 0; kk < LEV_TSK; kk++) \
        { \
          float breg[LEV_WPTN]; \
          for (uint wn = 0; wn < LEV_WPTN; wn++) \
            breg[wn] = Bs[kk][tx + wn * LEV_RTSN]; \
          for (uint wm = 0; wm < LEV_WPTM; wm++) \
            { \
              const float a = As[kk][ty + wm * LEV_RTSM]; \
              for (uint wn = 0; wn < LEV_WPTN; wn++) \
                acc[wm][wn] = fma (a, breg[wn], acc[wm][wn]); \
            } \
        } \
      barrier (CLK_LOCAL_MEM_FENCE); \
    } \
  for (uint wm = 0; wm < LEV_WPTM; wm++) \
    for (uint wn = 0; wn < LEV_WPTN; wn++) \
      { \
        const uint i = row0 + ty + wm * LEV_RTSM, j = col0 + tx + wn * LEV_RTSN; \
        if (i < M && j < N) \
          lev_gemm_store (M, N, i, j, acc[wm][wn], alpha, beta, C, offC, bias, offBias, \
                          hasBias, act, Z, offZ, hasZ); \
      } \
}

LEV_GEMM_TILED (lev_gemm_nn_tiled, i * K + k, 1, k * N + j, 1)
LEV_GEMM_TILED (lev_gemm_nt_tiled, i * K + k, 1, j * K + k, 0)
LEV_GEMM_TILED (lev_gemm_tn_tiled, k * M + i, 0, k * N + j, 1)

/* ---- vec (CPU devices) ---------------------------------------------- */

/* LEV_VW floats per vector: 16 for AVX-512, 8 for AVX2 (the device's
 * preferred float vector width, passed by the host). */
#ifndef LEV_VW
#define LEV_VW 8
#endif
#if LEV_VW == 16
#define floatV float16
#define vloadV vload16
#define vstoreV vstore16
#else
#define floatV float8
#define vloadV vload8
#define vstoreV vstore8
#endif
#define LEV_VRM 8   /* rows per work-item in NN/TN */
/* Vectors per row in NN/TN: 8×2 zmm accumulators fit AVX-512's 32
 * registers; AVX2's 16 hold 8×1. */
#if LEV_VW == 16
#define LEV_VNV 2
#else
#define LEV_VNV 1
#endif
#define LEV_VCOLS (LEV_VW * LEV_VNV)

/* The loops over the register block must be unrolled for the accumulators
 * to live in registers: PoCL's compiler keeps them on the stack otherwise,
 * twenty times slower. */

/* NN and TN as outer products: work-item (jb, ib) owns rows
 * ib·LEV_VRM … +LEV_VRM and columns jb·LEV_VCOLS … +LEV_VCOLS; per k it
 * loads LEV_VNV vectors of B's row k and broadcasts LEV_VRM elements of A's
 * column k. A ragged right edge (N not a multiple of the block) goes through
 * scalars. */
#define LEV_GEMM_VEC_OUTER(NAME, A_AT) \
__kernel void NAME (LEV_GEMM_ARGS) \
{ \
  const uint j0 = get_global_id (0) * LEV_VCOLS; \
  const uint i0 = get_global_id (1) * LEV_VRM; \
  if (j0 >= N || i0 >= M) \
    return; \
  const uint rows = min ((uint) LEV_VRM, M - i0); \
  if (j0 + LEV_VCOLS <= N) \
    { \
      /* A ragged last row block (M = 30) stays on the vector path: rows \
       * past M repeat row M−1 and are not stored. */ \
      floatV acc[LEV_VRM][LEV_VNV]; \
      uint ii[LEV_VRM]; \
      _Pragma ("unroll") \
      for (uint r = 0; r < LEV_VRM; r++) \
        { \
          ii[r] = min (i0 + r, M - 1); \
          _Pragma ("unroll") \
          for (uint v = 0; v < LEV_VNV; v++) \
            acc[r][v] = (floatV) (0.0f); \
        } \
      for (uint k = 0; k < K; k++) \
        { \
          floatV b[LEV_VNV]; \
          _Pragma ("unroll") \
          for (uint v = 0; v < LEV_VNV; v++) \
            b[v] = vloadV (0, B + offB + k * N + j0 + v * LEV_VW); \
          _Pragma ("unroll") \
          for (uint r = 0; r < LEV_VRM; r++) \
            { \
              const uint i = ii[r]; \
              const floatV a = (floatV) (A[offA + (A_AT)]); \
              _Pragma ("unroll") \
              for (uint v = 0; v < LEV_VNV; v++) \
                acc[r][v] = fma (a, b[v], acc[r][v]); \
            } \
        } \
      _Pragma ("unroll") \
      for (uint r = 0; r < LEV_VRM; r++) \
        _Pragma ("unroll") \
        for (uint v = 0; v < LEV_VNV; v++) \
          if (r < rows) \
            { \
              float out[LEV_VW]; \
              vstoreV (acc[r][v], 0, out); \
              for (uint c = 0; c < LEV_VW; c++) \
                lev_gemm_store (M, N, i0 + r, j0 + v * LEV_VW + c, out[c], alpha, beta, C, \
                                offC, bias, offBias, hasBias, act, Z, offZ, hasZ); \
            } \
    } \
  else \
    { \
      const uint cols = min ((uint) LEV_VCOLS, N - j0); \
      for (uint r = 0; r < rows; r++) \
        for (uint c = 0; c < cols; c++) \
          { \
            const uint i = i0 + r, j = j0 + c; \
            float sum = 0.0f; \
            for (uint k = 0; k < K; k++) \
              sum = fma (A[offA + (A_AT)], B[offB + k * N + j], sum); \
            lev_gemm_store (M, N, i, j, sum, alpha, beta, C, offC, bias, offBias, \
                            hasBias, act, Z, offZ, hasZ); \
          } \
    } \
}

LEV_GEMM_VEC_OUTER (lev_gemm_nn_vec, i * K + k)
LEV_GEMM_VEC_OUTER (lev_gemm_tn_vec, k * M + i)

/* NT as dot products of rows of A and rows of B (both contiguous along k):
 * work-item (jb, ib) owns a 4×4 block, accumulating vectors along k and
 * summing each vector's lanes in a fixed order at the end. */
#define LEV_NT_R 4
__kernel void
lev_gemm_nt_vec (LEV_GEMM_ARGS)
{
  const uint j0 = get_global_id (0) * LEV_NT_R;
  const uint i0 = get_global_id (1) * LEV_NT_R;
  if (j0 >= N || i0 >= M)
    return;
  const uint rows = min ((uint) LEV_NT_R, M - i0);
  const uint cols = min ((uint) LEV_NT_R, N - j0);
  const uint kv = K - K % LEV_VW;
  floatV acc[LEV_NT_R][LEV_NT_R];
  uint ia[LEV_NT_R], jb[LEV_NT_R];

  /* Clamp the rows and columns past the edge onto the last real one: their
   * sums are computed and thrown away, which keeps the loop branch-free. */
  _Pragma ("unroll")
  for (uint r = 0; r < LEV_NT_R; r++)
    {
      ia[r] = offA + min (i0 + r, M - 1) * K;
      jb[r] = offB + min (j0 + r, N - 1) * K;
      _Pragma ("unroll")
      for (uint c = 0; c < LEV_NT_R; c++)
        acc[r][c] = (floatV) (0.0f);
    }
  for (uint k = 0; k < kv; k += LEV_VW)
    {
      floatV a[LEV_NT_R], b[LEV_NT_R];
      _Pragma ("unroll")
      for (uint r = 0; r < LEV_NT_R; r++)
        {
          a[r] = vloadV (0, A + ia[r] + k);
          b[r] = vloadV (0, B + jb[r] + k);
        }
      _Pragma ("unroll")
      for (uint r = 0; r < LEV_NT_R; r++)
        _Pragma ("unroll")
        for (uint c = 0; c < LEV_NT_R; c++)
          acc[r][c] = fma (a[r], b[c], acc[r][c]);
    }
  /* Constant indices into acc (the guard inside), or the compiler moves
   * the whole block to memory. */
  _Pragma ("unroll")
  for (uint r = 0; r < LEV_NT_R; r++)
    _Pragma ("unroll")
    for (uint c = 0; c < LEV_NT_R; c++)
      if (r < rows && c < cols)
      {
        float lanes[LEV_VW];
        float sum = 0.0f;

        vstoreV (acc[r][c], 0, lanes);
        for (uint l = 0; l < LEV_VW; l++)
          sum += lanes[l];
        for (uint k = kv; k < K; k++)
          sum = fma (A[ia[r] + k], B[jb[c] + k], sum);
        lev_gemm_store (M, N, i0 + r, j0 + c, sum, alpha, beta, C, offC, bias, offBias,
                        hasBias, act, Z, offZ, hasZ);
      }
}
