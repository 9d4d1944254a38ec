/* lev-common.cl: helpers every Leverage kernel shares: the activation
 * functions of lev-backend.h and the dropout hash, bit for bit the same as
 * the host's. OpenCL C 1.2, built without fast-math: results must agree with
 * the CPU backend to float32 rounding. */

#define LEV_ACT_LINEAR  0
#define LEV_ACT_RELU    1
#define LEV_ACT_TANH    2
#define LEV_ACT_SIGMOID 3
#define LEV_ACT_GELU    4

inline float
lev_act (int act, float z)
{
  switch (act)
    {
    case LEV_ACT_RELU: return z > 0.0f ? z : 0.0f;
    case LEV_ACT_TANH: return tanh (z);
    case LEV_ACT_SIGMOID: return 1.0f / (1.0f + exp (-z));
    case LEV_ACT_GELU: return 0.5f * z * (1.0f + erf (z * 0.70710678118654752f));
    default: return z;
    }
}

/* f'(z); ReLU's derivative at 0 is 0, as TensorFlow's. */
inline float
lev_act_grad (int act, float z)
{
  switch (act)
    {
    case LEV_ACT_RELU: return z > 0.0f ? 1.0f : 0.0f;
    case LEV_ACT_TANH:
      {
        float t = tanh (z);
        return 1.0f - t * t;
      }
    case LEV_ACT_SIGMOID:
      {
        float s = 1.0f / (1.0f + exp (-z));
        return s * (1.0f - s);
      }
    case LEV_ACT_GELU:
      {
        float cdf = 0.5f * (1.0f + erf (z * 0.70710678118654752f));
        float pdf = 0.39894228040143268f * exp (-0.5f * z * z);
        return cdf + z * pdf;
      }
    default: return 1.0f;
    }
}

/* lev_dropout_hash of lev-backend.h, in 32-bit unsigned arithmetic. */
inline uint
lev_dropout_hash (uint seed, uint counter, uint index)
{
  uint h = seed ^ (counter * 0x9E3779B9u) ^ (index * 0x85EBCA6Bu);

  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  h *= 0xC2B2AE35u;
  h ^= h >> 16;
  h ^= index + 0x632BE5ABu;
  h *= 0x27D4EB2Fu;
  h ^= h >> 15;
  return h;
}
