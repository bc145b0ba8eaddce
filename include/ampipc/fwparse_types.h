/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Type shim for the freestanding firmware parsers.
 *
 * The parsers in rproc_core/fwparse/ and the image builder in tests/common/
 * are compiled unchanged into kernel modules and into host programs. They use
 * only the fixed-width kernel type names, bool, size_t, NULL and the errno
 * constants, all of which this header provides in both environments.
 */
#ifndef AMPIPC_FWPARSE_TYPES_H
#define AMPIPC_FWPARSE_TYPES_H

#ifdef __KERNEL__

#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/types.h>

#else /* host */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

/*
 * Wire structures are declared with the kernel's little-endian annotations.
 * On the host they are plain integers; code never reads them directly but
 * goes through explicit byte-order helpers.
 */
#if defined(__linux__) && defined(__has_include)
#if __has_include("linux/types.h")
/* Take libc's (glibc's <sys/stat.h> includes it); a second typedef clashes. */
#include <linux/types.h>
#define AMP_HOST_HAVE_LE_TYPES
#endif
#endif
#ifndef AMP_HOST_HAVE_LE_TYPES
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef uint64_t __le64;
#endif

/* The kernel's names for the attributes the shared headers use. */
#define AMP_HOST_ATTRIBUTE(attr) __attribute__((attr))
#ifndef __packed
#define __packed AMP_HOST_ATTRIBUTE(__packed__)
#endif
#ifndef __must_check
#define __must_check AMP_HOST_ATTRIBUTE(__warn_unused_result__)
#endif

#endif /* __KERNEL__ */

#endif /* AMPIPC_FWPARSE_TYPES_H */
