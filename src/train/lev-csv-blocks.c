/* lev-csv-blocks.c: a large file of plain numbers read in blocks by
 * several threads, its rows appended in file order. */
#define G_LOG_DOMAIN "lev-dataset"
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lev-csv-reader.h"
#include "lev-error.h"
#include "lev-parse-float.h"
#include "lev-tsan.h"

#define BLOCK_BYTES (1u << 20)
#define BLOCK_EXTRA (64u << 10)   /* how far the last record of a block may run past it */
#define BLOCK_MAX_BYTES (8u << 20)

typedef struct {
  Reader   *r;                    /* the main reader */
  int       fd;
  goffset   start;                /* where the first block's first record starts */
  goffset   size;
  guint     n_blocks;
  gsize     block_bytes;          /* BLOCK_BYTES, more for wide rows */
  gsize     block_extra;
  char      delim;
  gboolean  label_text_allowed;
  gsize     estimate_rows;        /* what the main matrix is first grown to */

  GMutex    lock;
  GCond     turn;
  guint     next_claim;
  guint     next_commit;          /* the block whose rows go in next */
  guint     failed;               /* the first block not taken (G_MAXUINT: none) */
  goffset   committed_end;        /* where the rows appended so far end in the file */
} Par;

typedef struct {
  Par      *par;
  Reader    r;
  Tok       tok;
  char     *buf;
} Worker;

gboolean
lev_csv_can_split (Reader *r)
{
  if (r->error != NULL || r->n_cols == 0 || r->n_rows == 0 || r->row_open)
    return FALSE;
  for (guint i = 0; i < r->n_raw; i++)
    if (r->raw[i].is_text || !r->raw[i].seen_number)
      return FALSE;
  return TRUE;
}

/* A worker's reader starts as a copy of the main one's layout after the
 * header, with empty storage. */
static void
worker_init (Worker *w,
             Par    *par)
{
  Reader *r = par->r, *b = &w->r;

  memset (w, 0, sizeof *w);
  w->par = par;
  w->buf = g_malloc (par->block_bytes + par->block_extra + 2 + PAD_BYTES);
  lev_csv_tok_init (&w->tok, par->delim, FALSE);
  b->path = r->path;
  b->opt = r->opt;
  b->schema = r->schema;
  b->row = 2;
  b->header = g_ptr_array_ref (r->header);
  b->n_cols = r->n_cols;
  b->role = g_memdup2 (r->role, r->n_cols * sizeof (int));
  b->label_col = r->label_col;
  b->n_raw = r->n_raw;
  b->raw = g_new0 (RawCol, r->n_raw);
  for (guint i = 0; i < r->n_raw; i++)
    {
      b->raw[i].seen_number = TRUE;
      b->raw[i].fill = r->raw[i].fill;
      b->raw[i].has_fill = r->raw[i].has_fill;
      b->raw[i].file_col = r->raw[i].file_col;
    }
  b->label_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->label_names = g_ptr_array_new_with_free_func (g_free);
  b->label_all_numeric = TRUE;
  b->n_not_plain = 0;
  b->worker = TRUE;
}

static void
worker_clear (Worker *w)
{
  lev_csv_reader_clear (&w->r);
  lev_csv_tok_clear (&w->tok);
  g_free (w->buf);
}

static const char *
find_terminator (const char *p,
                 const char *end)
{
  for (; p < end; p++)
    if (*p == '\n' || *p == '\r')
      return p;
  return NULL;
}

/* Parses the records that begin in block @i into the worker's reader;
 * FALSE when the block is not plain (or cannot be read). *@rec_end is the
 * file offset where the next block's records begin. */
static gboolean
block_parse (Worker  *w,
             guint    i,
             goffset *rec_end)
{
  Par *par = w->par;
  Reader *b = &w->r;
  goffset a = par->start + (goffset) i * (goffset) par->block_bytes;
  goffset z = MIN (a + (goffset) par->block_bytes, par->size);
  goffset from = i == 0 ? a : a - 1;
  gsize want = (gsize) (MIN (z + (goffset) par->block_extra, par->size) - from), got = 0;
  const char *s, *e, *t;

  b->row = 2;  /* records in this block counted from here, also for none */
  while (got < want)
    {
      gssize n = pread (par->fd, w->buf + got, want - got, from + (goffset) got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;  /* the main reader will say what went wrong */
      got += (gsize) n;
    }
  memset (w->buf + got, 0, PAD_BYTES + 1);
  /* The first record begins after the first terminator at or after byte
   * a - 1; the last one ends at the first terminator at or after z - 1,
   * where the next block's first record begins. */
  s = w->buf;
  if (i > 0)
    {
      if ((t = find_terminator (s, w->buf + got)) == NULL)
        return FALSE;
      s = t + 1;
    }
  if (z == par->size)
    e = w->buf + got;
  else
    {
      const char *zp = w->buf + (z - 1 - from), *lo = i > 0 ? s - 1 : s;

      if ((t = find_terminator (MAX (zp, lo), w->buf + got)) == NULL)
        return FALSE;
      e = MAX (t + 1, s);
    }
  *rec_end = from + (goffset) (e - w->buf);
  if (e == s)
    return TRUE;
  /* Quotes and CRs are looked for record by record, only in records that
   * are not plain (lev_csv_fast_lines). */
  {
    const char *end = e;
    char *tail = (char *) e;

    /* the file's last record may lack its terminator */
    if (e[-1] != '\n' && e[-1] != '\r')
      *tail = '\n', end++;
    lev_csv_fast_lines (b, &w->tok, s, end, TRUE);
  }
  return b->error == NULL && !b->row_open && (par->label_text_allowed || b->label_all_numeric);
}

/* Appends the worker's rows to the main reader's (in turn, under the
 * lock), and empties the worker's storage for its next block. */
static gboolean
block_commit (Par    *par,
              Reader *b)
{
  Reader *r = par->r;
  gsize row_words = MAX (r->n_raw, 1), total = r->n_rows + b->n_rows;
  g_autofree guint32 *remap = NULL;

  if (total > r->cap_rows)
    {
      gsize cap = MAX (total + total / 4, par->estimate_rows);
      float *nx = cap > G_MAXSIZE / sizeof (float) / row_words ? NULL
                                                               : g_try_realloc (r->x, cap * row_words * sizeof (float));

      if (nx == NULL)
        return FALSE;  /* the main reader reads on and says so */
      r->x = nx;
#ifdef MADV_HUGEPAGE
      /* only where the part of a 2 MiB page left unused is a small share */
      if (cap * row_words * sizeof (float) >= (64u << 20))
        {
          guintptr lo = ((guintptr) nx + (2u << 20) - 1) & ~(guintptr) ((2u << 20) - 1);
          guintptr hi = ((guintptr) nx + cap * row_words * sizeof (float)) & ~(guintptr) ((2u << 20) - 1);

          if (hi > lo)
            madvise ((void *) lo, hi - lo, MADV_HUGEPAGE);
        }
#endif
      if (r->label_col >= 0)
        {
          r->y_num = g_realloc (r->y_num, cap * sizeof (float));
          r->y_code = g_realloc (r->y_code, cap * sizeof (guint32));
        }
      r->cap_rows = cap;
    }
  memcpy (r->x + r->n_rows * row_words, b->x, b->n_rows * row_words * sizeof (float));
  if (r->label_col >= 0)
    {
      remap = g_new (guint32, MAX (b->label_names->len, 1));
      for (guint k = 0; k < b->label_names->len; k++)
        {
          const char *name = g_ptr_array_index (b->label_names, k);
          gpointer code = g_hash_table_lookup (r->label_codes, name);

          if (code == NULL)
            {
              if (r->label_names->len >= MAX_LABEL_VALUES)
                {
                  r->too_many_labels = TRUE;
                  remap[k] = MISSING_CODE;
                  continue;
                }
              g_ptr_array_add (r->label_names, g_strdup (name));
              code = GUINT_TO_POINTER (r->label_names->len);
              g_hash_table_insert (r->label_codes, g_strdup (name), code);
            }
          remap[k] = GPOINTER_TO_UINT (code) - 1;
        }
      memcpy (r->y_num + r->n_rows, b->y_num, b->n_rows * sizeof (float));
      for (gsize i = 0; i < b->n_rows; i++)
        r->y_code[r->n_rows + i] = b->y_code[i] == MISSING_CODE ? MISSING_CODE : remap[b->y_code[i]];
      r->too_many_labels |= b->too_many_labels;
    }
  for (guint i = 0; i < r->n_raw; i++)
    r->raw[i].any_missing |= b->raw[i].any_missing;
  r->n_rows = total;
  r->n_dropped += b->n_dropped;
  r->row += b->row - 2;
  b->n_rows = 0;
  b->n_dropped = 0;
  return TRUE;
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  Par *par = w->par;

  for (;;)
    {
      guint i;
      goffset rec_end = 0;
      gboolean ok, done;

      /* LEV_TSAN_*: par->lock for ThreadSanitizer (lev-tsan.h). */
      g_mutex_lock (&par->lock);
      LEV_TSAN_ACQUIRE (&par->lock);
      i = par->next_claim++;
      done = i >= par->n_blocks || i > par->failed;
      LEV_TSAN_RELEASE (&par->lock);
      g_mutex_unlock (&par->lock);
      if (done)
        break;
      ok = block_parse (w, i, &rec_end);

      g_mutex_lock (&par->lock);
      LEV_TSAN_ACQUIRE (&par->lock);
      if (!ok && i < par->failed)
        {
          par->failed = i;
          g_cond_broadcast (&par->turn);
        }
      while (par->next_commit != i && i < par->failed)
        {
          LEV_TSAN_RELEASE (&par->lock);
          g_cond_wait (&par->turn, &par->lock);
          LEV_TSAN_ACQUIRE (&par->lock);
        }
      if (i < par->failed && !block_commit (par, &w->r))
        par->failed = i;
      if (i < par->failed)
        {
          par->committed_end = rec_end;
          par->next_commit++;
        }
      done = i >= par->failed;
      g_cond_broadcast (&par->turn);
      LEV_TSAN_RELEASE (&par->lock);
      g_mutex_unlock (&par->lock);
      if (done)
        break;
    }
  return NULL;
}

/* Reads the file from @start (a record start) on with the workers; the
 * main reader takes the rest from the returned offset, if any is left. */
goffset
lev_csv_read_parallel (Reader *r,
                       int     fd,
                       goffset start,
                       goffset size,
                       char    delim,
                       guint   n_threads)
{
  Par par = { 0 };
  Worker workers[MAX_WORKERS];
  GThread *threads[MAX_WORKERS];
  double bytes_per_row = (double) start / (double) MAX (r->row - 1, 1);

  par.r = r;
  par.fd = fd;
  par.start = start;
  par.size = size;
  /* Rows as wide as the first chunk's take many to a block, and the last
   * one may run a few rows' width past it. */
  par.block_bytes = (gsize) CLAMP (16 * bytes_per_row, BLOCK_BYTES, BLOCK_MAX_BYTES);
  par.block_extra = (gsize) CLAMP (4 * bytes_per_row, BLOCK_EXTRA, BLOCK_MAX_BYTES / 4);
  par.n_blocks = (guint) ((size - start + (goffset) par.block_bytes - 1) / (goffset) par.block_bytes);
  par.delim = delim;
  par.label_text_allowed = !r->label_all_numeric;
  par.estimate_rows = r->n_rows + (gsize) ((double) (size - start) / bytes_per_row * 1.05) + 1024;
  par.failed = G_MAXUINT;
  par.committed_end = start;
  g_mutex_init (&par.lock);
  g_cond_init (&par.turn);
  for (guint t = 0; t < n_threads; t++)
    worker_init (&workers[t], &par);
  for (guint t = 1; t < n_threads; t++)
    threads[t] = g_thread_new ("lev-csv-block", worker_main, &workers[t]);
  worker_main (&workers[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
  for (guint t = 0; t < n_threads; t++)
    worker_clear (&workers[t]);
  g_mutex_clear (&par.lock);
  g_cond_clear (&par.turn);
  g_debug ("%s: %u of %u blocks read in parallel", r->path, MIN (par.failed, par.n_blocks), par.n_blocks);
  return par.committed_end;
}

