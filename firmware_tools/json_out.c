// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal streaming JSON writer for `ampfw inspect --json`: objects,
 * arrays, strings (escaped per RFC 8259), numbers and booleans.
 */
#include <inttypes.h>
#include <string.h>

#include "ampfw.h"

static void indent(struct ampfw_json *j)
{
	unsigned int i;

	if (j->need_comma)
		fputc(',', j->f);
	if (j->depth)
		fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

static void put_string(FILE *f, const char *s, size_t len)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void key(struct ampfw_json *j, const char *k)
{
	indent(j);
	if (k) {
		put_string(j->f, k, strlen(k));
		fputs(": ", j->f);
	}
	j->need_comma = true;
}

void ampfw_json_begin(struct ampfw_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma = false;
	fputc('{', f);
	j->depth = 1;
}

void ampfw_json_end(struct ampfw_json *j)
{
	j->need_comma = false;
	fputs("\n}\n", j->f);
}

void ampfw_json_obj(struct ampfw_json *j, const char *k)
{
	key(j, k);
	fputc('{', j->f);
	j->depth++;
	j->need_comma = false;
}

void ampfw_json_arr(struct ampfw_json *j, const char *k)
{
	key(j, k);
	fputc('[', j->f);
	j->depth++;
	j->need_comma = false;
}

static void close_with(struct ampfw_json *j, char c)
{
	unsigned int i;

	j->depth--;
	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
	fputc(c, j->f);
	j->need_comma = true;
}

void ampfw_json_close_obj(struct ampfw_json *j)
{
	close_with(j, '}');
}

void ampfw_json_close_arr(struct ampfw_json *j)
{
	close_with(j, ']');
}

void ampfw_json_strn(struct ampfw_json *j, const char *k, const char *val,
		     size_t len)
{
	key(j, k);
	put_string(j->f, val, len);
}

void ampfw_json_str(struct ampfw_json *j, const char *k, const char *val)
{
	ampfw_json_strn(j, k, val, strlen(val));
}

void ampfw_json_u64(struct ampfw_json *j, const char *k, uint64_t val)
{
	key(j, k);
	fprintf(j->f, "%" PRIu64, val);
}

void ampfw_json_hex(struct ampfw_json *j, const char *k, uint64_t val)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, val);
	ampfw_json_str(j, k, buf);
}

void ampfw_json_bool(struct ampfw_json *j, const char *k, bool val)
{
	key(j, k);
	fputs(val ? "true" : "false", j->f);
}

void ampfw_json_bytes(struct ampfw_json *j, const char *k, const uint8_t *p,
		      size_t len)
{
	size_t i;

	key(j, k);
	fputc('"', j->f);
	for (i = 0; i < len; i++)
		fprintf(j->f, "%02x", p[i]);
	fputc('"', j->f);
}
