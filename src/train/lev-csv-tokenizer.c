/* lev-csv-tokenizer.c: the streaming CSV reader's input side. The file is
 * read in 1 MiB chunks (a large one by several threads, a block each, see
 * lev-csv-blocks.c) and tokenised by libcsv, or, for text without quotes,
 * by a fast path that hands the same fields to the same callbacks; so the
 * only large allocation is the matrix itself (grown with realloc, which
 * glibc does with mremap for large blocks, without a copy). */
#define G_LOG_DOMAIN "lev-dataset"
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lev-csv-reader.h"
#include "lev-error.h"
#include "lev-parse-float.h"

static int
is_space (unsigned char c)
{
  return c == ' ';
}

/* The delimiter among , ; and tab that appears most often in the first
 * line (outside quotes); a comma on a tie. */
char
lev_csv_detect_delimiter (const char *buf,
                          gsize       len)
{
  gsize counts[3] = { 0, 0, 0 };
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char ch = buf[i];

      if (ch == '"')
        quoted = !quoted;
      else if (!quoted && (ch == '\n' || ch == '\r'))
        break;
      else if (!quoted)
        counts[0] += ch == ',', counts[1] += ch == ';', counts[2] += ch == '\t';
    }
  if (counts[1] > counts[0] && counts[1] >= counts[2])
    return ';';
  if (counts[2] > counts[0] && counts[2] > counts[1])
    return '\t';
  return ',';
}

static void
feed (Reader            *r,
      struct csv_parser *parser,
      const char        *p,
      gsize              n)
{
  if (csv_parse (parser, p, n, lev_csv_on_field, lev_csv_on_row, r) != n && r->error == NULL)
    {
      int err = csv_error (parser);

      if (err == CSV_ETOOBIG || err == CSV_ENOMEM)
        lev_csv_reader_fail (r, LEV_ERROR_LIMIT, r->row, r->col, _("a field too large to read"));
      else
        lev_csv_reader_fail (r, LEV_ERROR_PARSE, r->row, r->col,
                     _("malformed quoting (a quote inside an unquoted field, or text "
                       "after a closing quote)"));
    }
  if (r->error == NULL && csv_get_buffer_size (parser) > r->opt.max_field_bytes)
    lev_csv_reader_fail (r, LEV_ERROR_LIMIT, r->row, r->row == 1 ? r->col : MIN (r->col, r->n_cols - 1),
                 _("a field longer than %zu bytes"), r->opt.max_field_bytes);
}

/* The tokeniser: libcsv, with a fast path for text without quotes. libcsv
 * copies every byte through a per-character state machine (about 330 MB/s
 * here); a chunk with no quote character at all needs none of that, so its
 * complete lines are split with memchr and handed to the same callbacks,
 * with libcsv's rules for unquoted fields: CR, LF and CRLF end a record,
 * blank lines are skipped, blanks around a field are trimmed (spaces and
 * tabs, only spaces when tab is the delimiter), an empty field is NULL. The
 * first chunk holding a quote (or a line longer than a field may be) hands
 * the stream to libcsv for good, at a record boundary.
 * tests/train/test-dataset.c checks both give the same on random text. */

void
lev_csv_tok_init (Tok     *t,
                  char     delim,
                  gboolean libcsv_only)
{
  memset (t, 0, sizeof *t);
  if (csv_init (&t->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0)
    g_error ("csv_init failed: out of memory");
  t->delim = delim;
  t->libcsv = libcsv_only;
  csv_set_delim (&t->parser, (unsigned char) delim);
  /* libcsv's own space test (inlined, fast) also skips tabs, which would
   * swallow empty fields of a tab-separated file; a callback per character
   * is only paid there. */
  if (delim == '\t')
    csv_set_space_func (&t->parser, is_space);
}

void
lev_csv_tok_clear (Tok *t)
{
  csv_free (&t->parser);
  g_clear_pointer (&t->carry, g_free);
}

static void
carry_append (Tok        *t,
              const char *p,
              gsize       n)
{
  /* memcpy from or to NULL is undefined even for 0 bytes (UBSan). */
  if (n == 0)
    return;
  if (t->carry_len + n + PAD_BYTES > t->carry_cap)
    {
      t->carry_cap = MAX (t->carry_len + n + PAD_BYTES, 2 * t->carry_cap);
      t->carry = g_realloc (t->carry, t->carry_cap);
    }
  memcpy (t->carry + t->carry_len, p, n);
  t->carry_len += n;
  memset (t->carry + t->carry_len, 0, PAD_BYTES);
}

static void
to_libcsv (Reader *r,
           Tok    *t)
{
  t->libcsv = TRUE;
  if (t->carry_len > 0)
    feed (r, &t->parser, t->carry, t->carry_len);
  t->carry_len = 0;
}

static inline gboolean
is_blank (char     c,
          gboolean tab_delim)
{
  return c == ' ' || (c == '\t' && !tab_delim);
}

/* The common field: a number in a numeric feature column of a row already
 * open, stored without lev_csv_on_field's general checks. FALSE leaves it to
 * lev_csv_on_field (which then sees the field exactly as libcsv would give it). */
static inline gboolean
fast_number (Reader     *r,
             const char *s,
             gsize       n)
{
  int role;
  float v;

  if (n == 0 || !r->row_open || r->col >= r->n_cols || r->error != NULL)
    return FALSE;
  role = r->role[r->col];
  if (role < 0 || r->raw[role].is_text || !r->raw[role].seen_number ||
      lev_parse_float (s, n, &v) != LEV_PARSE_FLOAT_OK)
    return FALSE;
  r->x[r->n_rows * r->n_raw + (guint) role] = v;
  r->col++;
  return TRUE;
}

/* One record without its terminator. */
static void
fast_line (Reader     *r,
           Tok        *t,
           const char *line,
           gsize       len)
{
  const char *p = line, *end = line + len, *q = line;
  gboolean tab_delim = t->delim == '\t';

  while (q < end && is_blank (*q, tab_delim))
    q++;
  if (q == end)
    return;  /* libcsv never begins a record on a blank line */
  for (;;)
    {
      const char *d = memchr (p, t->delim, (gsize) (end - p));
      const char *fs = p, *fe = d != NULL ? d : end;

      while (fs < fe && is_blank (*fs, tab_delim))
        fs++;
      while (fe > fs && is_blank (fe[-1], tab_delim))
        fe--;
      if (!fast_number (r, fs, (gsize) (fe - fs)))
        lev_csv_on_field (fe > fs ? (void *) fs : NULL, (size_t) (fe - fs), r);
      if (d == NULL)
        break;
      p = d + 1;
    }
  lev_csv_on_row ('\n', r);
}

/* The label of a plain row: the last few values are known by their text,
 * anything else takes lev_csv_label_field's way. */
static inline gboolean
plain_label (Reader     *r,
             guint       col,
             const char *s,
             gsize       n)
{
  for (guint k = 0; k < r->n_label_cache; k++)
    if (r->label_cache[k].len == n)
      {
        gsize i = 0;

        /* a byte or two: no call to memcmp */
        while (i < n && r->label_cache[k].text[i] == s[i])
          i++;
        if (i < n)
          continue;
        r->y_num[r->n_rows] = r->label_cache[k].value;
        r->y_code[r->n_rows] = r->label_cache[k].code;
        return TRUE;
      }
  r->col = col;
  lev_csv_label_field (r, s, n);
  r->col = 0;
  return r->error == NULL;
}

/* Bit i set where base[i] (0 ≤ i < 64) is the delimiter, CR or LF. */
static inline guint64
separators64 (const char *base,
              char        delim)
{
  guint64 mask = 0;
#ifdef __SSE2__
  const __m128i d = _mm_set1_epi8 (delim), lf = _mm_set1_epi8 ('\n'), cr = _mm_set1_epi8 ('\r');

  for (int i = 0; i < 4; i++)
    {
      __m128i b = _mm_loadu_si128 ((const __m128i *) (const void *) (base + 16 * i));
      __m128i m = _mm_or_si128 (_mm_cmpeq_epi8 (b, d), _mm_or_si128 (_mm_cmpeq_epi8 (b, lf), _mm_cmpeq_epi8 (b, cr)));

      mask |= (guint64) (guint32) _mm_movemask_epi8 (m) << (16 * i);
    }
#else
  for (int i = 0; i < 64; i++)
    mask |= (guint64) (base[i] == delim || base[i] == '\n' || base[i] == '\r') << i;
#endif
  return mask;
}

/* The common records, once every feature column has shown a number: plain
 * decimals only, exactly one per column, no blanks, no empty field. Where
 * fields end comes from a bitmap of separators, 64 bytes at a time, so
 * finding the next field never waits for parsing this one; each number
 * goes straight into its place. Takes records from @p while they are
 * plain and returns where the first other one starts (the caller takes it
 * the general way, which overwrites whatever was stored for it here), or
 * @end. [p, end) holds complete records, PAD_BYTES readable after it. */
static const char *
plain_rows (Reader     *r,
            char        delim,
            const char *p,
            const char *end)
{
  const int *role = r->role;
  const guint last = r->n_cols - 1;
  const char *base = p;
  guint64 mask = separators64 (base, delim);

  while (p < end)
    {
      const char *rec = p, *e;
      float *row;

      if (r->n_rows >= r->cap_rows && !lev_csv_grow_rows (r))
        return rec;
      row = r->x + r->n_rows * r->n_raw;
      for (guint c = 0;; c++)
        {
          int k = role[c];
          float v;

          /* [end - 1] is a separator, so this stops before end */
          while (mask == 0)
            {
              base += 64;
              mask = separators64 (base, delim);
            }
          e = base + __builtin_ctzll (mask);
          mask &= mask - 1;
          if (G_LIKELY (k >= 0))
            {
              if (!lev_parse_float_short (p, e, &v) && G_UNLIKELY (lev_parse_float_plain (p, &v) != e))
                return rec;
              row[k] = v;
            }
          else if (k == ROLE_LABEL)
            {
              /* the whole field, at its place, before lev_csv_label_field learns it */
              if (lev_parse_float_plain (p, &v) != e || (c == last) == (*e == delim) ||
                  !plain_label (r, c, p, (gsize) (e - p)))
                return rec;
            }
          else if (memchr (p, '"', (gsize) (e - p)) != NULL)
            return rec;  /* an ignored field, but a quote may hide a delimiter */
          if (c == last)
            break;
          if (G_UNLIKELY (*e != delim))
            return rec;
          p = e + 1;
        }
      if (*e == delim)
        return rec;
      r->n_rows++;
      r->row++;
      p = e + 1;
      if (*e == '\r' && p < end && *p == '\n')
        {
          /* the LF of a CRLF: the next separator */
          while (mask == 0)
            {
              base += 64;
              mask = separators64 (base, delim);
            }
          mask &= mask - 1;
          p++;
        }
    }
  return p;
}

/* Complete records in [p, end), which ends just after a terminator and
 * has PAD_BYTES readable after it. */
void
lev_csv_fast_lines (Reader     *r,
                    Tok        *t,
                    const char *p,
                    const char *end,
                    gboolean    has_cr)
{
  while (p < end && r->error == NULL)
    {
      const char *le, *cr;

      if (r->n_not_plain == 0 && r->n_cols > 0)
        {
          p = plain_rows (r, t->delim, p, end);
          if (p == end || r->error != NULL)
            break;
        }
      /* one record, up to the first of LF and CR */
      le = memchr (p, '\n', (gsize) (end - p));
      if (le == NULL)
        le = end;
      if (has_cr && (cr = memchr (p, '\r', (gsize) (le - p))) != NULL)
        le = cr;
      if (r->worker && memchr (p, '"', (gsize) (le - p)) != NULL)
        {
          /* a block is only read without quotes; the main reader takes it */
          lev_csv_reader_fail (r, LEV_ERROR_PARSE, r->row, G_MAXUINT, "quote");
          break;
        }
      fast_line (r, t, p, (gsize) (le - p));
      p = le + 1;
    }
}

void
lev_csv_tok_feed (Reader     *r,
                  Tok        *t,
                  const char *p,
                  gsize       n)
{
  const char *end = p + n, *last = NULL;
  gboolean has_cr;

  if (!t->libcsv && memchr (p, '"', n) != NULL)
    to_libcsv (r, t);
  if (t->libcsv)
    {
      feed (r, &t->parser, p, n);
      return;
    }
  has_cr = memchr (p, '\r', n) != NULL;
  for (const char *q = end; q > p; q--)
    if (q[-1] == '\n' || q[-1] == '\r')
      {
        last = q;
        break;
      }
  if (last == NULL)
    {
      carry_append (t, p, n);
      /* A line this long holds a field too long to read: libcsv says so
       * with the row and column. */
      if (t->carry_len > r->opt.max_field_bytes)
        to_libcsv (r, t);
      return;
    }
  if (t->carry_len > 0)
    {
      const char *nl = memchr (p, '\n', (gsize) (last - p));
      const char *cr = has_cr ? memchr (p, '\r', (gsize) (last - p)) : NULL;
      const char *first = nl == NULL ? cr : cr == NULL ? nl : MIN (nl, cr);

      /* with its terminator, so it is a complete record */
      carry_append (t, p, (gsize) (first + 1 - p));
      lev_csv_fast_lines (r, t, t->carry, t->carry + t->carry_len, has_cr);
      t->carry_len = 0;
      p = first + 1;
    }
  lev_csv_fast_lines (r, t, p, last, has_cr);
  if (r->error == NULL)
    carry_append (t, last, (gsize) (end - last));
}

/* End of input: the last line, or libcsv's end-of-data checks. */
void
lev_csv_tok_finish (Reader *r,
                    Tok    *t)
{
  if (r->error != NULL)
    return;
  if (!t->libcsv)
    {
      if (t->carry_len > 0)
        {
          carry_append (t, "\n", 1);
          lev_csv_fast_lines (r, t, t->carry, t->carry + t->carry_len, memchr (t->carry, '\r', t->carry_len) != NULL);
        }
      t->carry_len = 0;
      return;
    }
  if (csv_fini (&t->parser, lev_csv_on_field, lev_csv_on_row, r) != 0 && r->error == NULL)
    lev_csv_reader_fail (r, LEV_ERROR_PARSE, r->row, r->col, _("a quoted field is never closed"));
}

/* Reads and parses until EOF. */
void
lev_csv_read_loop (Reader *r,
                   Tok    *tok,
                   FILE   *file,
                   char   *buf,
                   gsize  *total)
{
  for (;;)
    {
      gsize n = fread (buf, 1, r->opt.chunk_bytes, file);

      if (n == 0)
        {
          if (ferror (file))
            {
              int saved = errno;
              lev_csv_reader_fail (r, LEV_ERROR_IO, r->row, G_MAXUINT, _("read error: %s"), g_strerror (saved));
            }
          return;
        }
      *total += n;
      memset (buf + n, 0, PAD_BYTES);
      lev_csv_tok_feed (r, tok, buf, n);
      if (r->error != NULL)
        return;
    }
}

/* A large regular file of plain numbers is read in blocks (1 MiB or so)
 * by several threads (libcsv alone runs near 330 MB/s on one core). Each
 * worker claims the next block, reads it with pread, parses the records
 * that begin in it with a reader of its own that shares the main reader's
 * layout, then waits for its turn and appends its rows to the main
 * reader's matrix, so rows keep their file order and nothing is copied
 * twice. A block is only taken in the plain case (no quotes, no text, no
 * error); at the first block that is not, the workers stop, and the main
 * reader reads on from there itself, so errors keep their rows. */

gboolean
lev_csv_parse_file (Reader  *r,
                    GError **error)
{
  Tok tok;
  g_autofree char *buf = g_malloc (r->opt.chunk_bytes + PAD_BYTES);
  FILE *file;
  gboolean is_stdin = g_str_equal (r->path, "-");
  gsize total = 0;
  GStatBuf st;
  char delim;

  file = is_stdin ? stdin : fopen (r->path, "rb");
  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, LEV_ERROR, LEV_ERROR_IO, _("%s: cannot open: %s"), r->path, g_strerror (saved));
      return FALSE;
    }

  /* The first chunk: BOM, delimiter, header and the first rows. */
  {
    gsize n = fread (buf, 1, r->opt.chunk_bytes, file);
    const char *p = buf;

    if (n == 0 && ferror (file))
      {
        int saved = errno;
        lev_csv_reader_fail (r, LEV_ERROR_IO, r->row, G_MAXUINT, _("read error: %s"), g_strerror (saved));
      }
    total = n;
    memset (buf + n, 0, PAD_BYTES);
    if (n >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
      p += 3, n -= 3;
    delim = r->opt.delimiter ? r->opt.delimiter : lev_csv_detect_delimiter (p, n);
    lev_csv_tok_init (&tok, delim, r->opt.libcsv_only);
    if (n > 0)
      lev_csv_tok_feed (r, &tok, p, n);
  }

  /* A large regular file of plain numbers is read in blocks by several
   * threads, from the first record the first chunk left incomplete. */
  if (r->error == NULL && !is_stdin && !tok.libcsv && g_stat (r->path, &st) == 0 && S_ISREG (st.st_mode) &&
      st.st_size >= (goffset) (16u << 20) && g_get_num_processors () > 1 && total == r->opt.chunk_bytes &&
      lev_csv_can_split (r))
    {
      goffset start = (goffset) total - (goffset) tok.carry_len;
      goffset next = lev_csv_read_parallel (r, fileno (file), start, st.st_size, delim,
                                    (guint) MIN (g_get_num_processors (), MAX_WORKERS));

      /* The rest, if a block was not plain, is this reader's again. */
      tok.carry_len = 0;
      if (fseeko (file, next, SEEK_SET) != 0)
        {
          int saved = errno;
          lev_csv_reader_fail (r, LEV_ERROR_IO, r->row, G_MAXUINT, _("read error: %s"), g_strerror (saved));
        }
    }
  if (r->error == NULL)
    lev_csv_read_loop (r, &tok, file, buf, &total);
  lev_csv_tok_finish (r, &tok);
  lev_csv_tok_clear (&tok);
  if (!is_stdin)
    fclose (file);

  if (r->error == NULL && (total == 0 || r->n_cols == 0))
    g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, _("%s: row 1, column 1: the file is empty (no header row)"),
                 r->path);
  else if (r->error == NULL && r->n_rows == 0)
    g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE,
                 r->n_dropped > 0 ? _("%s: row 2, column 1: every data row has a missing value")
                                  : _("%s: row 2, column 1: no data rows after the header"), r->path);
  else if (r->error != NULL)
    {
      g_propagate_error (error, r->error);
      r->error = NULL;
    }
  else
    return TRUE;
  return FALSE;
}
