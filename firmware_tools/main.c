// SPDX-License-Identifier: GPL-2.0
/*
 * ampfw: make, check, inspect and unpack signed firmware bundles
 * (docs/bundle-format.md). This file dispatches to the subcommands and
 * holds the error helpers they share.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "ampfw.h"

static const char usage[] =
	"usage: ampfw COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  create IMAGE -o BUNDLE --key KEY --cert CERT --target STR [--security-version N]\n"
	"  verify BUNDLE (--cert CERT | --cert-dir DIR) [--target STR] [--min-version N]\n"
	"  inspect FILE [--json]\n"
	"  extract BUNDLE -o IMAGE\n"
	"  genkey --key KEY.pem --cert CERT.pem [--bits N] [--cn NAME]\n"
	"\n"
	"'ampfw COMMAND --help' describes a command. See ampfw(1).\n"
	"\n"
	"exit codes: 0 ok, 1 malformed input, 2 usage, 3 I/O error,\n"
	"  4 key/certificate/OpenSSL error, 5 bad or untrusted signature,\n"
	"  6 wrong target or security version below the floor, 7 digest mismatch\n";

void ampfw_err(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ampfw: %s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void ampfw_ossl_err(const char *file, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "no OpenSSL error queued";

	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	ampfw_err(file, "%s: %s", what, buf);
	ERR_clear_error();
}

bool ampfw_parse_u32(const char *s, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "create", ampfw_cmd_create },
		{ "verify", ampfw_cmd_verify },
		{ "inspect", ampfw_cmd_inspect },
		{ "extract", ampfw_cmd_extract },
		{ "genkey", ampfw_cmd_genkey },
	};
	size_t i;

	if (argc < 2) {
		fputs(usage, stderr);
		return AMPFW_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage, stdout);
		return AMPFW_EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "ampfw: unknown command '%s'\n", argv[1]);
	fputs(usage, stderr);
	return AMPFW_EXIT_USAGE;
}
