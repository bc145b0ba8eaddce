// SPDX-License-Identifier: GPL-2.0
/*
 * ampfw inspect: describe an ELF, .mbn, .mdt split image or bundle. ELF
 * facts come from libelf; the resource table is located and decoded with
 * the shared parser, which must accept the image first, so inspect shows
 * only what the kernel would also accept. Output is indented text, or JSON
 * with --json.
 */
#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include <gelf.h>
#include <libelf.h>

#include "ampfw.h"

static const char help[] =
	"usage: ampfw inspect FILE [--json]\n"
	"\n"
	"Describe FILE: an ELF, a Qualcomm .mbn, a Qualcomm .mdt (with its .bNN parts\n"
	"beside it) or a bundle. Shows class, machine, entry, the segments with their\n"
	"device addresses, the decoded resource table, the Qualcomm hash segment when\n"
	"present, and for a bundle the target, security version, signer and manifest.\n"
	"The signature is not checked; run 'ampfw verify' for that.\n"
	"\n"
	"exit codes: 0 ok, 1 malformed input, 2 usage, 3 I/O\n";

/* Text or JSON, through one set of calls. */
struct out {
	bool json;
	struct ampfw_json j;
	unsigned int depth;
};

static void t_indent(struct out *o)
{
	printf("%*s", (int)(2 * o->depth), "");
}

static void o_str(struct out *o, const char *k, const char *v)
{
	if (o->json) {
		ampfw_json_str(&o->j, k, v);
		return;
	}
	t_indent(o);
	printf("%s: %s\n", k, v);
}

static void o_strn(struct out *o, const char *k, const char *v, size_t n)
{
	if (o->json) {
		ampfw_json_strn(&o->j, k, v, n);
		return;
	}
	t_indent(o);
	printf("%s: %.*s\n", k, (int)n, v);
}

static void o_u64(struct out *o, const char *k, uint64_t v)
{
	if (o->json) {
		ampfw_json_u64(&o->j, k, v);
		return;
	}
	t_indent(o);
	printf("%s: %" PRIu64 "\n", k, v);
}

static void o_hex(struct out *o, const char *k, uint64_t v)
{
	if (o->json) {
		ampfw_json_hex(&o->j, k, v);
		return;
	}
	t_indent(o);
	printf("%s: %#" PRIx64 "\n", k, v);
}

static void o_bool(struct out *o, const char *k, bool v)
{
	if (o->json) {
		ampfw_json_bool(&o->j, k, v);
		return;
	}
	t_indent(o);
	printf("%s: %s\n", k, v ? "yes" : "no");
}

static void o_bytes(struct out *o, const char *k, const uint8_t *p, size_t n)
{
	size_t i;

	if (o->json) {
		ampfw_json_bytes(&o->j, k, p, n);
		return;
	}
	t_indent(o);
	printf("%s: ", k);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('\n');
}

static void o_open(struct out *o, const char *k, bool array)
{
	if (o->json) {
		if (array)
			ampfw_json_arr(&o->j, k);
		else
			ampfw_json_obj(&o->j, k);
		return;
	}
	if (k) {
		t_indent(o);
		printf("%s:\n", k);
	}
	o->depth++;
}

static void o_close(struct out *o, bool array)
{
	if (o->json) {
		if (array)
			ampfw_json_close_arr(&o->j);
		else
			ampfw_json_close_obj(&o->j);
		return;
	}
	o->depth--;
}

static const char *machine_name(unsigned int m)
{
	switch (m) {
	case AMP_EM_ARM: return "ARM";
	case AMP_EM_TI_C6000: return "TI C6000";
	case AMP_EM_QDSP6: return "QDSP6 (Hexagon)";
	case AMP_EM_AARCH64: return "AArch64";
	case AMP_EM_RISCV: return "RISC-V";
	}
	return "other";
}

static const char *rsc_type_name(uint32_t t)
{
	switch (t) {
	case AMP_RSC_CARVEOUT: return "carveout";
	case AMP_RSC_DEVMEM: return "devmem";
	case AMP_RSC_TRACE: return "trace";
	case AMP_RSC_VDEV: return "vdev";
	}
	return "vendor";
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void name32(struct out *o, const uint8_t *p)
{
	o_strn(o, "name", (const char *)p, strnlen((const char *)p, AMP_RSC_NAME_LEN));
}

/* Decode the entries amp_fw_rsc_check() accepted. */
static void show_rsc(struct out *o, const struct amp_fw_elf *elf)
{
	const uint8_t *t = elf->data + elf->rsc_offset;
	struct amp_fw_rsc_entry ent;
	unsigned int cursor = 0, v;

	o_open(o, "resource_table", false);
	o_hex(o, "da", elf->rsc_da);
	o_hex(o, "file_offset", elf->rsc_offset);
	o_u64(o, "size", elf->rsc_size);
	o_u64(o, "version", le32(t));
	o_open(o, "entries", true);
	while (amp_fw_rsc_next(t, elf->rsc_size, &cursor, &ent)) {
		const uint8_t *e = t + ent.offset + 4;

		o_open(o, o->json ? NULL : "-", false);
		o_u64(o, "index", ent.index);
		o_str(o, "type", rsc_type_name(ent.type));
		o_u64(o, "type_id", ent.type);
		switch (ent.type) {
		case AMP_RSC_CARVEOUT:
		case AMP_RSC_DEVMEM:
			o_hex(o, "da", le32(e));
			o_hex(o, "pa", le32(e + 4));
			o_hex(o, "len", le32(e + 8));
			o_hex(o, "flags", le32(e + 12));
			name32(o, e + 20);
			break;
		case AMP_RSC_TRACE:
			o_hex(o, "da", le32(e));
			o_hex(o, "len", le32(e + 4));
			name32(o, e + 12);
			break;
		case AMP_RSC_VDEV:
			o_u64(o, "id", le32(e));
			o_u64(o, "notifyid", le32(e + 4));
			o_hex(o, "dfeatures", le32(e + 8));
			o_hex(o, "gfeatures", le32(e + 12));
			o_u64(o, "config_len", le32(e + 16));
			o_u64(o, "status", e[20]);
			o_open(o, "vrings", true);
			for (v = 0; v < e[21]; v++) {
				const uint8_t *r = e + 24 + 20 * v;

				o_open(o, o->json ? NULL : "-", false);
				o_hex(o, "da", le32(r));
				o_u64(o, "align", le32(r + 4));
				o_u64(o, "num", le32(r + 8));
				o_u64(o, "notifyid", le32(r + 12));
				o_hex(o, "pa", le32(r + 16));
				o_close(o, false);
			}
			o_close(o, true);
			break;
		default:
			o_u64(o, "payload_bytes", ent.len - 4);
			break;
		}
		o_close(o, false);
	}
	o_close(o, true);
	o_close(o, false);
}

static void seg_type(char *buf, size_t cap, uint32_t type)
{
	switch (type) {
	case PT_NULL:
		snprintf(buf, cap, "NULL");
		break;
	case PT_LOAD:
		snprintf(buf, cap, "LOAD");
		break;
	case PT_NOTE:
		snprintf(buf, cap, "NOTE");
		break;
	default:
		snprintf(buf, cap, "%#x", type);
		break;
	}
}

/* ELF facts through libelf; the shared parser has already accepted it. */
static int show_elf(struct out *o, const char *path, const uint8_t *data,
		    size_t size, const struct amp_fw_elf *elf)
{
	Elf *e;
	GElf_Ehdr eh;
	GElf_Phdr ph;
	size_t i, phnum;
	char type[16];

	e = elf_version(EV_CURRENT) != EV_NONE ?
	    elf_memory((char *)data, size) : NULL;
	if (!e || !gelf_getehdr(e, &eh) || elf_getphdrnum(e, &phnum)) {
		ampfw_err(path, "libelf: %s", elf_errmsg(-1));
		if (e)
			elf_end(e);
		return AMPFW_EXIT_INVALID;
	}
	o_str(o, "class", eh.e_ident[EI_CLASS] == ELFCLASS64 ? "ELF64" : "ELF32");
	o_str(o, "byte_order", eh.e_ident[EI_DATA] == ELFDATA2MSB ? "big-endian" : "little-endian");
	o_u64(o, "machine", eh.e_machine);
	o_str(o, "machine_name", machine_name(eh.e_machine));
	o_hex(o, "entry", eh.e_entry);
	o_hex(o, "flags", eh.e_flags);
	o_open(o, "segments", true);
	for (i = 0; i < phnum; i++) {
		if (!gelf_getphdr(e, (int)i, &ph))
			continue;
		o_open(o, o->json ? NULL : "-", false);
		o_u64(o, "index", i);
		seg_type(type, sizeof(type), ph.p_type);
		o_str(o, "type", type);
		o_hex(o, "da", ph.p_paddr);
		o_hex(o, "vaddr", ph.p_vaddr);
		o_hex(o, "offset", ph.p_offset);
		o_hex(o, "filesz", ph.p_filesz);
		o_hex(o, "memsz", ph.p_memsz);
		o_hex(o, "flags", ph.p_flags);
		o_bool(o, "qcom_hash", (int)i == elf->hash_index);
		o_close(o, false);
	}
	o_close(o, true);
	if (elf->hash_index >= 0 && gelf_getphdr(e, elf->hash_index, &ph)) {
		o_open(o, "qcom_hash_segment", false);
		o_u64(o, "index", (uint64_t)elf->hash_index);
		o_hex(o, "offset", ph.p_offset);
		o_hex(o, "filesz", ph.p_filesz);
		o_bool(o, "relocatable", elf->relocatable);
		o_close(o, false);
	}
	if (elf->has_rsc)
		show_rsc(o, elf);
	else
		o_str(o, "resource_table", "none");
	elf_end(e);
	return AMPFW_EXIT_OK;
}

static int show_bundle(struct out *o, const struct ampfw_image *img,
		       const struct amp_bundle *bp)
{
	const struct amp_bundle b = *bp;
	struct amp_bundle_entry ent;
	char signer[256];
	unsigned int i;

	ampfw_cms_signer(b.sig, b.sig_size, signer, sizeof(signer));
	o_open(o, "bundle", false);
	o_u64(o, "format_version", b.version);
	o_strn(o, "target", b.target, b.target_len);
	o_u64(o, "security_version", b.security_version);
	o_str(o, "signer", signer);
	o_u64(o, "signed_bytes", b.signed_size);
	o_u64(o, "elf_offset", (uint64_t)(b.elf_data - b.data));
	o_u64(o, "elf_size", b.elf_size);
	o_u64(o, "signature_size", b.sig_size);
	o_bytes(o, "headers_sha256", b.headers_digest, AMP_BUNDLE_DIGEST_SIZE);
	o_bytes(o, "rest_sha256", b.rest_digest, AMP_BUNDLE_DIGEST_SIZE);
	o_open(o, "manifest", true);
	for (i = 0; i < b.nr_entries; i++) {
		amp_bundle_entry(&b, i, &ent);
		o_open(o, o->json ? NULL : "-", false);
		o_u64(o, "phdr", ent.index);
		o_hex(o, "da", ent.da);
		o_hex(o, "filesz", ent.filesz);
		o_hex(o, "memsz", ent.memsz);
		o_bytes(o, "sha256", ent.digest, AMP_BUNDLE_DIGEST_SIZE);
		o_close(o, false);
	}
	o_close(o, true);
	o_close(o, false);
	o_open(o, "elf", false);
	i = (unsigned int)show_elf(o, img->path, b.elf_data, b.elf_size, &b.elf);
	o_close(o, false);
	return (int)i;
}

int ampfw_cmd_inspect(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct amp_bundle_diag diag;
	struct ampfw_image img;
	struct amp_bundle b;
	struct amp_fw_elf elf;
	struct out o = { .json = false };
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'h':
			fputs(help, stdout);
			return AMPFW_EXIT_OK;
		default:
			fputs(help, stderr);
			return AMPFW_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "ampfw inspect: exactly one FILE is required\n");
		fputs(help, stderr);
		return AMPFW_EXIT_USAGE;
	}
	if (ampfw_image_open(&img, argv[optind]))
		return AMPFW_EXIT_IO;
	/* Validate before printing anything, so errors leave no half output. */
	if (img.kind != AMPFW_KIND_BUNDLE &&
	    ampfw_elf_check(img.path, img.data, img.size, &elf)) {
		ampfw_image_close(&img);
		return AMPFW_EXIT_INVALID;
	}
	if (img.kind == AMPFW_KIND_BUNDLE &&
	    amp_bundle_parse(&b, img.data, img.size, NULL, &diag)) {
		ampfw_report_bundle(img.path, &diag);
		ampfw_image_close(&img);
		return AMPFW_EXIT_INVALID;
	}
	if (o.json)
		ampfw_json_begin(&o.j, stdout);
	o_str(&o, "file", img.path);
	o_str(&o, "kind", ampfw_kind_name(img.kind));
	o_u64(&o, "size", img.size);
	if (img.kind == AMPFW_KIND_MDT)
		o_u64(&o, "split_parts", img.nr_parts);
	if (img.kind == AMPFW_KIND_BUNDLE)
		ret = show_bundle(&o, &img, &b);
	else
		ret = show_elf(&o, img.path, img.data, img.size, &elf);
	if (o.json)
		ampfw_json_end(&o.j);
	ampfw_image_close(&img);
	return ret;
}
