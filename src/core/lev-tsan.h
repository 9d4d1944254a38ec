/* lev-tsan.h: happens-before annotations for ThreadSanitizer, empty in
 * every other build.
 *
 * Debian's GLib is not built with ThreadSanitizer, and on Linux it builds
 * GMutex, GCond, GAsyncQueue (the GThreadPool hand-off) and GTask's
 * completion on raw futexes and uninstrumented atomics, so ThreadSanitizer
 * sees none of the ordering they give and reports the data they protect as
 * races. Where the engine relies on such a GLib sync point it says so with
 * these macros, at exactly that point: LEV_TSAN_RELEASE (addr) just before
 * the thread hands over (pushes a job, unlocks, returns a task result),
 * LEV_TSAN_ACQUIRE (addr) just after the other thread takes it over (pops
 * the job, has locked or woken, propagates the result). They describe what
 * GLib does; they add no ordering of their own to a non-TSan build, so they
 * cannot hide a race that the real program has, provided each pair sits at
 * a real GLib sync point (each use says which). */
#pragma once

#if defined(__SANITIZE_THREAD__)
#define LEV_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LEV_TSAN 1
#endif
#endif

#ifdef LEV_TSAN
#include <sanitizer/tsan_interface.h>
#define LEV_TSAN_ACQUIRE(addr) __tsan_acquire ((void *) (addr))
#define LEV_TSAN_RELEASE(addr) __tsan_release ((void *) (addr))
#else
#define LEV_TSAN_ACQUIRE(addr) ((void) 0)
#define LEV_TSAN_RELEASE(addr) ((void) 0)
#endif
