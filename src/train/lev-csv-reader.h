/* lev-csv-reader.h: the CSV reader's state, shared by the files that make
 * it up (private to src/train): lev-dataset.c (columns, labels, the
 * finished dataset), lev-csv-tokenizer.c (libcsv and its fast path) and
 * lev-csv-blocks.c (large files read in blocks by several threads). */
#pragma once

#include <stdio.h>
#include <csv.h>

#include "lev-dataset.h"

G_BEGIN_DECLS

#define CHUNK_BYTES (1u << 20)
/* Readable bytes after every buffer the tokeniser scans, for the inline
 * number parser's 8-byte loads. */
#define PAD_BYTES 64
#define MAX_LABEL_VALUES 1024
#define MISSING_CODE G_MAXUINT32
#define ROLE_IGNORE (-1)
#define ROLE_LABEL (-2)

typedef struct {
  gboolean    is_text;      /* one-hot column */
  gboolean    seen_number;
  gsize       first_number_row;
  GHashTable *categories;   /* value → GUINT_TO_POINTER (code + 1) */
  GPtrArray  *category_names;
  guint32    *codes;        /* per row, text columns only */
  guint32    *remap;        /* code → index among the sorted categories */
  gboolean    frozen;       /* categories come from a schema */
  gboolean    any_missing;
  float       fill;         /* schema mode */
  gboolean    has_fill;
  guint       file_col;
} RawCol;

typedef struct {
  const char          *path;
  LevCsvOptions        opt;
  const LevSchema     *schema;

  gsize                row;          /* 1-based record number being read */
  guint                col;          /* 0-based field within the record */
  GError              *error;

  GPtrArray           *header;
  guint                n_cols;
  int                 *role;         /* per file column: raw index, ROLE_LABEL, ROLE_IGNORE */
  int                  label_col;

  RawCol              *raw;
  guint                n_raw;
  guint                n_not_plain;  /* columns that are text or have shown no number yet */
  gboolean             worker;       /* a block's reader: a quote ends its part */
  float               *x;
  gsize                cap_rows;
  gsize                n_rows;
  gboolean             row_open;
  gboolean             row_missing;
  gboolean             label_missing;

  /* the label */
  float               *y_num;
  guint32             *y_code;
  GHashTable          *label_codes;  /* string → code + 1 */
  GPtrArray           *label_names;
  gboolean             label_all_numeric;
  gsize                first_text_label_row;
  gboolean             too_many_labels;
  /* The last few label strings seen, so the usual "0"/"1" costs a
   * memcmp per row rather than a copy and a hash lookup. */
  struct {
    char    text[16];
    gsize   len;
    float   value;
    guint32 code;
  }                    label_cache[4];
  guint                n_label_cache;
  gsize                n_dropped;
} Reader;

/* The tokeniser's state: libcsv's, or the fast path's incomplete line. */
typedef struct {
  struct csv_parser parser;
  gboolean          libcsv;
  char              delim;
  char             *carry;       /* the incomplete last line */
  gsize             carry_len;
  gsize             carry_cap;
} Tok;

/* At most this many threads read blocks (lev-csv-blocks.c). */
#define MAX_WORKERS 4

/* lev-dataset.c: the reader's callbacks and its one way to fail. */
G_GNUC_PRINTF (5, 6)
void        lev_csv_reader_fail      (Reader            *r,
                                      int                code,
                                      gsize              row,
                                      guint              col,
                                      const char        *format,
                                      ...);
void        lev_csv_reader_clear     (Reader            *r);
gboolean    lev_csv_grow_rows        (Reader            *r);
void        lev_csv_label_field      (Reader            *r,
                                      const char        *s,
                                      gsize              n);
void        lev_csv_on_field         (void              *data,
                                      size_t             n,
                                      void              *user_data);
void        lev_csv_on_row           (int                c,
                                      void              *user_data);
void        lev_csv_column_spec_free (gpointer           data);

/* lev-csv-tokenizer.c */
char        lev_csv_detect_delimiter (const char        *buf,
                                      gsize              n);
void        lev_csv_tok_init         (Tok               *t,
                                      char               delim,
                                      gboolean           libcsv_only);
void        lev_csv_tok_clear        (Tok               *t);
void        lev_csv_tok_feed         (Reader            *r,
                                      Tok               *t,
                                      const char        *p,
                                      gsize              n);
void        lev_csv_tok_finish       (Reader            *r,
                                      Tok               *t);
void        lev_csv_fast_lines       (Reader            *r,
                                      Tok               *t,
                                      const char        *p,
                                      const char        *end,
                                      gboolean           has_cr);
void        lev_csv_read_loop        (Reader            *r,
                                      Tok               *tok,
                                      FILE              *file,
                                      char              *buf,
                                      gsize             *total);
/* Opens r->path ("-": standard input) and reads it all into @r. */
gboolean    lev_csv_parse_file       (Reader            *r,
                                      GError           **error);

/* lev-csv-blocks.c */
gboolean    lev_csv_can_split        (Reader            *r);
goffset     lev_csv_read_parallel    (Reader            *r,
                                      int                fd,
                                      goffset            start,
                                      goffset            size,
                                      char               delim,
                                      guint              n_threads);

G_END_DECLS
