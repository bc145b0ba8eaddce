// SPDX-License-Identifier: GPL-2.0
/*
 * Reading firmware inputs: a plain ELF or Qualcomm .mbn is mapped as it is;
 * a Qualcomm split image (.mdt with .bNN siblings) is reassembled into the
 * single ELF it was split from (docs/bundle-format.md, "Split images");
 * a bundle is recognised by its magic. Output files are written to a
 * temporary name and renamed into place, so a failed run leaves no partial
 * file behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <gelf.h>
#include <libelf.h>

#include "ampfw.h"

const char *ampfw_kind_name(enum ampfw_kind kind)
{
	switch (kind) {
	case AMPFW_KIND_ELF: return "elf";
	case AMPFW_KIND_MBN: return "mbn";
	case AMPFW_KIND_MDT: return "mdt";
	case AMPFW_KIND_BUNDLE: return "bundle";
	}
	return "unknown";
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

static int map_file(const char *path, void **map, size_t *size)
{
	struct stat st;
	int fd;

	*map = NULL;
	*size = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		ampfw_err(path, "cannot open: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		ampfw_err(path, "not a regular file");
		close(fd);
		return -1;
	}
	if (st.st_size > 0) {
		*map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (*map == MAP_FAILED) {
			*map = NULL;
			ampfw_err(path, "cannot map: %s", strerror(errno));
			close(fd);
			return -1;
		}
		madvise(*map, (size_t)st.st_size, MADV_SEQUENTIAL);
	}
	*size = (size_t)st.st_size;
	close(fd);
	return 0;
}

/*
 * Copy the .bNN file of segment i into the reassembled image. A part file,
 * when present, provides the segment's bytes; the .mdt's own bytes in that
 * range (zero padding, or a copy of the hash segment) are replaced.
 */
static int mdt_part(const char *mdt_path, unsigned int i, const GElf_Phdr *ph,
		    uint8_t *out, size_t mdt_size, unsigned int *nr_parts)
{
	size_t n = strlen(mdt_path);
	char *part = malloc(n + 8);
	void *map;
	size_t size;
	int ret = -1;

	if (!part) {
		ampfw_err(mdt_path, "out of memory");
		return -1;
	}
	memcpy(part, mdt_path, n - 4);
	snprintf(part + n - 4, 12, ".b%02u", i);
	if (access(part, F_OK)) {
		/* No sibling: the segment must be inside the .mdt itself. */
		if (ph->p_offset + ph->p_filesz <= mdt_size) {
			ret = 0;
		} else {
			ampfw_err(part, "missing: program header %u (p_offset %#llx, p_filesz %#llx) is not inside the .mdt",
				  i, (unsigned long long)ph->p_offset,
				  (unsigned long long)ph->p_filesz);
		}
		goto out;
	}
	if (map_file(part, &map, &size))
		goto out;
	if (size != ph->p_filesz) {
		ampfw_err(part, "size %zu differs from p_filesz %#llx of program header %u",
			  size, (unsigned long long)ph->p_filesz, i);
	} else {
		memcpy(out + ph->p_offset, map, size);
		(*nr_parts)++;
		ret = 0;
	}
	if (map)
		munmap(map, size);
out:
	free(part);
	return ret;
}

/*
 * Reassemble a split image: the .mdt holds the ELF header, the program
 * headers and the hash segment; segment i's file bytes come from <name>.bNN
 * and go to their p_offset. Bytes no file provides stay zero.
 */
static int mdt_reassemble(struct ampfw_image *img)
{
	Elf *e = NULL;
	GElf_Ehdr eh;
	GElf_Phdr ph;
	size_t phnum, i, total = img->map_size;
	int ret = -1;

	if (elf_version(EV_CURRENT) != EV_NONE)
		e = elf_memory((char *)img->map, img->map_size);
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh) ||
	    elf_getphdrnum(e, &phnum)) {
		ampfw_err(img->path, "not a split ELF image: %s", elf_errmsg(-1));
		goto out;
	}
	if (phnum > AMP_FW_MAX_PHNUM) {
		ampfw_err(img->path, "e_phnum %zu exceeds %u", phnum, AMP_FW_MAX_PHNUM);
		goto out;
	}
	for (i = 0; i < phnum; i++) {
		if (!gelf_getphdr(e, (int)i, &ph)) {
			ampfw_err(img->path, "program header %zu: %s", i, elf_errmsg(-1));
			goto out;
		}
		if (!ph.p_filesz)
			continue;
		if (ph.p_offset > SIZE_MAX - ph.p_filesz ||
		    ph.p_offset + ph.p_filesz > ((size_t)1 << 40)) {
			ampfw_err(img->path, "program header %zu: p_offset + p_filesz too large", i);
			goto out;
		}
		if (ph.p_offset + ph.p_filesz > total)
			total = ph.p_offset + ph.p_filesz;
	}
	img->owned = calloc(1, total);
	if (!img->owned) {
		ampfw_err(img->path, "out of memory reassembling %zu bytes", total);
		goto out;
	}
	memcpy(img->owned, img->map, img->map_size);
	for (i = 0; i < phnum; i++) {
		gelf_getphdr(e, (int)i, &ph);
		if (ph.p_filesz &&
		    mdt_part(img->path, (unsigned int)i, &ph, img->owned,
			     img->map_size, &img->nr_parts))
			goto out;
	}
	img->data = img->owned;
	img->size = total;
	ret = 0;
out:
	if (e)
		elf_end(e);
	return ret;
}

/**
 * ampfw_image_open() - map an input and work out what it is
 * Returns 0, or -1 after printing why.
 */
int ampfw_image_open(struct ampfw_image *img, const char *path)
{
	memset(img, 0, sizeof(*img));
	img->path = path;
	if (map_file(path, &img->map, &img->map_size))
		return -1;
	img->data = img->map;
	img->size = img->map_size;
	if (amp_bundle_is_bundle(img->data, img->size))
		img->kind = AMPFW_KIND_BUNDLE;
	else if (has_suffix(path, ".mdt"))
		img->kind = AMPFW_KIND_MDT;
	else if (has_suffix(path, ".mbn"))
		img->kind = AMPFW_KIND_MBN;
	else
		img->kind = AMPFW_KIND_ELF;
	if (img->kind == AMPFW_KIND_MDT && mdt_reassemble(img)) {
		ampfw_image_close(img);
		return -1;
	}
	return 0;
}

void ampfw_image_close(struct ampfw_image *img)
{
	if (img->map)
		munmap(img->map, img->map_size);
	free(img->owned);
	memset(img, 0, sizeof(*img));
}

/**
 * ampfw_bundle_open() - map an input that must be a well-formed bundle
 * @img: the image, for ampfw_image_close() once the call succeeded
 * @path: the file
 * @b: the parsed bundle (pointing into @img)
 * @not_bundle: what to say when the file is not a bundle
 * Returns AMPFW_EXIT_OK, or AMPFW_EXIT_IO or AMPFW_EXIT_INVALID after
 * printing why (the image is then closed already).
 */
int ampfw_bundle_open(struct ampfw_image *img, const char *path,
		      struct amp_bundle *b, const char *not_bundle)
{
	struct amp_bundle_diag diag;

	if (ampfw_image_open(img, path))
		return AMPFW_EXIT_IO;
	if (img->kind != AMPFW_KIND_BUNDLE) {
		ampfw_err(img->path, "magic: %s", not_bundle);
		ampfw_image_close(img);
		return AMPFW_EXIT_INVALID;
	}
	if (amp_bundle_parse(b, img->data, img->size, NULL, &diag)) {
		ampfw_report_bundle(img->path, &diag);
		ampfw_image_close(img);
		return AMPFW_EXIT_INVALID;
	}
	return AMPFW_EXIT_OK;
}

/* Validate an ELF with the shared parser (no machine list, no cap). */
int ampfw_elf_check(const char *path, const uint8_t *data, size_t size,
		    struct amp_fw_elf *elf)
{
	static const struct amp_fw_limits lim = { .machines = NULL };
	struct amp_fw_diag d;

	if (!amp_fw_elf_parse(elf, data, size, &lim, &d))
		return 0;
	ampfw_err(path, "%s (index %u, value %#llx)", amp_fw_status_str(d.status),
		  d.index, (unsigned long long)d.value);
	return -1;
}

void ampfw_report_bundle(const char *path, const struct amp_bundle_diag *d)
{
	if (d->status == AMP_BUNDLE_E_ELF)
		ampfw_err(path, "%s: %s (index %u, value %#llx)",
			  amp_bundle_status_str(d->status),
			  amp_fw_status_str(d->elf.status), d->elf.index,
			  (unsigned long long)d->elf.value);
	else
		ampfw_err(path, "%s (entry %u, value %#llx)",
			  amp_bundle_status_str(d->status), d->index,
			  (unsigned long long)d->value);
}

static int write_all(int fd, const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len) {
		ssize_t n = write(fd, b, len > (1U << 30) ? (1U << 30) : len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

void ampfw_put_le(uint8_t *p, unsigned int width, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* What a bundle may name as its target: 1..63 printable ASCII bytes. */
bool ampfw_target_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n >= AMP_BUNDLE_TARGET_MAX)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

/* Write the buffers to path, atomically (temporary file, then rename). */
int ampfw_write_file(const char *path, const struct iovec *iov, int nr)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	int fd, i, ret = -1, werr = 0;

	if (!tmp) {
		ampfw_err(path, "out of memory");
		return -1;
	}
	snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		ampfw_err(path, "cannot create: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	for (i = 0; i < nr && !werr; i++)
		werr = write_all(fd, iov[i].iov_base, iov[i].iov_len);
	if (werr || fchmod(fd, 0644)) {
		ampfw_err(path, "cannot write: %s", strerror(errno));
		close(fd);
	} else if (close(fd)) {
		ampfw_err(path, "cannot write: %s", strerror(errno));
	} else if (rename(tmp, path)) {
		ampfw_err(path, "cannot rename into place: %s", strerror(errno));
	} else {
		ret = 0;
	}
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}
