/* lev-opencl-private.h: the OpenCL backend's state and the helpers its
 * files share (private to src/train/opencl): lev-opencl-backend.c (the
 * operations and setup), lev-cl-queue.c (launches, markers, the watchdog,
 * the pending error) and lev-cl-faults.c (the fault-injection hook). */
#pragma once

#include "lev-backend-impl.h"
#include "lev-cl-program.h"
#include "lev-opencl-backend.h"

G_BEGIN_DECLS

enum {
  K_GEMM_NN_TILED,
  K_GEMM_NT_TILED,
  K_GEMM_TN_TILED,
  K_GEMM_NN_VEC,
  K_GEMM_NT_VEC,
  K_GEMM_TN_VEC,
  K_ACT_BACKWARD,
  K_BIAS_PARTIAL,
  K_BIAS_FINAL,
  K_LOSS_ROWS,
  K_LOSS_REDUCE,
  K_ADAM,
  K_SGD,
  K_AXPY,
  K_MUL,
  K_FILL,
  K_GATHER,
  K_DROPOUT,
  K_SPIN,
  N_KERNELS
};

extern const char * const lev_cl_kernel_names[N_KERNELS];

#define TILE_M 64
#define TILE_N 64
#define TILE_THREADS_X 16
#define TILE_THREADS_Y 16
#define VEC_ROWS 8
#define NT_BLOCK 4
#define BIAS_CHUNK 64
#define LOSS_WG 64
#define LINEAR_WG 64

/* A marker every so many launches lets the watchdog tell a long queue
 * that is still moving from a device that stopped. */
#define PROGRESS_EVERY 32

/* Uploads are copied and queued without waiting; past this many bytes in
 * flight the next upload waits, so host memory stays bounded. */
#define MAX_UPLOAD_BYTES_IN_FLIGHT (256u * 1024 * 1024)

typedef enum {
  FAIL_NONE,
  FAIL_NO_LOADER,
  FAIL_NO_DEVICE,
  FAIL_BUILD,
  FAIL_OOM,
  FAIL_LOST,
  FAIL_TIMEOUT,
} FailKind;

typedef struct {
  LevBackend        parent;
  const LevClApi   *cl;
  LevClDevice      *device;
  char             *device_name;
  cl_context        context;
  cl_command_queue  queue;
  cl_program        program;
  cl_kernel         kernels[N_KERNELS];
  cl_mem            dummy;          /* stands in for an absent operand */
  cl_mem            scratch;        /* bias partials, per-row losses */
  gsize             scratch_words;
  float            *staging;        /* downloads land here first */
  gsize             staging_words;
  GPtrArray        *uploads;        /* host copies of queued uploads */
  gsize             upload_bytes;
  GQueue            progress;       /* markers queued every PROGRESS_EVERY launches */
  guint             since_marker;
  GError           *pending;        /* the first failure, LEV_BACKEND_ERROR */
  gboolean          hung;           /* the queue may never drain again */
  gboolean          injected_hang;  /* ...except the test hook's finite spin */
  gboolean          vec_gemm;
  guint             vector_width;
  double            timeout_s;
  FailKind          fail;
  guint64           fail_step;
  guint64           step;
  LevClBuildInfo    build;
} LevOpenclBackend;

/* One kernel argument, as clSetKernelArg takes it. */
typedef struct {
  size_t      size;
  const void *value;
} Arg;

#define A_MEM(m) ((Arg) { sizeof (cl_mem), &(cl_mem) { (m) } })
#define A_U32(x) ((Arg) { sizeof (cl_uint), &(cl_uint) { (cl_uint) (x) } })
#define A_I32(x) ((Arg) { sizeof (cl_int), &(cl_int) { (cl_int) (x) } })
#define A_F32(x) ((Arg) { sizeof (cl_float), &(cl_float) { (cl_float) (x) } })
#define A_VIEW(self, v) A_MEM (lev_cl_vmem ((self), (v))), A_U32 ((v).offset)

static inline size_t
lev_cl_round_up (size_t n,
                 size_t to)
{
  return (n + to - 1) / to * to;
}

/* lev-cl-queue.c: errors. The first failure is kept as the pending error
 * (LEV_BACKEND_ERROR) and every later operation is skipped. */
void     lev_cl_propagate_as_backend  (GError           **dest,
                                       GError            *src);
void     lev_cl_set_pending           (LevOpenclBackend  *self,
                                       GError            *error);
void     lev_cl_fail_status           (LevOpenclBackend  *self,
                                       cl_int             status,
                                       const char        *what);
void     lev_cl_fail_invalid          (LevOpenclBackend  *self,
                                       const char        *what);
gboolean lev_cl_take_pending          (LevOpenclBackend  *self,
                                       GError           **error);

/* lev-cl-queue.c: views and launches. */
gboolean lev_cl_view_ok               (LevOpenclBackend  *self,
                                       LevView            v,
                                       gsize              n,
                                       const char        *what);
gboolean lev_cl_optional_ok           (LevOpenclBackend  *self,
                                       LevView            v,
                                       gsize              n,
                                       const char        *what);
cl_mem   lev_cl_vmem                  (LevOpenclBackend  *self,
                                       LevView            v);
void     lev_cl_launch                (LevOpenclBackend  *self,
                                       guint              kernel_id,
                                       cl_uint            dims,
                                       const size_t      *global,
                                       const size_t      *local,
                                       guint              n_args,
                                       const Arg         *args);
void     lev_cl_launch_linear         (LevOpenclBackend  *self,
                                       guint              kernel_id,
                                       gsize              n,
                                       guint              n_args,
                                       const Arg         *args);
void     lev_cl_drop_progress_markers (LevOpenclBackend  *self);
gboolean lev_cl_wait_queue            (LevOpenclBackend  *self);
gboolean lev_cl_ensure_scratch        (LevOpenclBackend  *self,
                                       gsize              words);

#define LAUNCH(self, id, dims, global, local, ...) \
  G_STMT_START { \
    const Arg args_[] = { __VA_ARGS__ }; \
    lev_cl_launch ((self), (id), (dims), (global), (local), G_N_ELEMENTS (args_), args_); \
  } G_STMT_END

#define LAUNCH_LINEAR(self, id, n, ...) \
  G_STMT_START { \
    const Arg args_[] = { __VA_ARGS__ }; \
    lev_cl_launch_linear ((self), (id), (n), G_N_ELEMENTS (args_), args_); \
  } G_STMT_END

/* lev-cl-faults.c: the failures LEVERAGE_OPENCL_FAIL (or
 * lev_opencl_backend_set_fail_hook) asks for, read once at creation and
 * fired at the chosen optimiser step. */
void     lev_cl_parse_fail_hook       (LevOpenclBackend  *self);
void     lev_cl_step_hook             (LevOpenclBackend  *self);

G_END_DECLS
