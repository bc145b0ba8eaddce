// SPDX-License-Identifier: GPL-2.0
/*
 * amp-rpmsg export and unexport: add channel names to, or remove them from,
 * amp_rpmsg_char's allow-list (its module parameter "export"; root only).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "amp_rpmsg_cli.h"

static int change(int argc, char **argv, char op)
{
	static const struct option lo[] = {
		{ "link", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *help = op == '+' ?
		"usage: amp-rpmsg export [--link LINK] NAME...\n\n"
		"Gives the channels NAME (on LINK only, or on every link) a\n"
		"/dev/amp_rpmsgN: adds them to the allow-list in " AMP_EXPORT_PARAM ".\n"
		"Needs root. The list lasts until amp_rpmsg_char is unloaded; for a\n"
		"permanent one see amp-rpmsg(1), FILES.\n" :
		"usage: amp-rpmsg unexport [--link LINK] NAME...\n\n"
		"Removes allow-list entries added by export (the same NAME and LINK).\n"
		"Their nodes go away; open files get EPIPE. Needs root.\n";
	const char *link = NULL;
	char entry[512], buf[4096];
	size_t len = 0;
	ssize_t n;
	int c, fd, i, err;

	optind = 1;
	while ((c = getopt_long(argc, argv, "l:h", lo, NULL)) != -1) {
		switch (c) {
		case 'l':
			link = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return EX_OK;
		default:
			fputs(help, stderr);
			return EX_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(help, stderr);
		return EX_USAGE;
	}
	buf[len++] = op;
	for (i = optind; i < argc; i++) {
		if (!argv[i][0] || strlen(argv[i]) > 31 || strpbrk(argv[i], "/, \t\n"))
			return amp_err(EX_USAGE, NULL, "NAME",
				       "'%s': 1 to 31 characters, no '/', ',' or blanks",
				       argv[i]);
		if (link && (!link[0] || strlen(link) > 63 ||
			     strpbrk(link, "/, \t\n")))
			return amp_err(EX_USAGE, NULL, "--link",
				       "'%s': 1 to 63 characters, no '/', ',' or blanks",
				       link);
		snprintf(entry, sizeof(entry), "%s%s%s%s", i > optind ? "," : "",
			 link ?: "", link ? "/" : "", argv[i]);
		if (len + strlen(entry) >= sizeof(buf))
			return amp_err(EX_USAGE, NULL, "NAME", "too many names");
		memcpy(buf + len, entry, strlen(entry));
		len += strlen(entry);
	}
	fd = open(AMP_EXPORT_PARAM, O_WRONLY);
	if (fd < 0) {
		err = errno;
		return amp_err(err == ENOENT ? EX_NOCHAN : amp_errno_code(err) == EX_PERM ?
			       EX_PERM : EX_FILE, AMP_EXPORT_PARAM, "open", "%s%s",
			       strerror(err), err == ENOENT ?
			       " (is amp_rpmsg_char loaded?)" : "");
	}
	n = write(fd, buf, len);
	err = errno;
	close(fd);
	if (n != (ssize_t)len)
		return amp_err(err == ENOENT ? EX_NOCHAN : amp_errno_code(err) == EX_PERM ?
			       EX_PERM : EX_FAIL, AMP_EXPORT_PARAM, "write", "%s%s",
			       strerror(err), err == ENOENT ?
			       " (a name is not on the allow-list)" : "");
	return EX_OK;
}

int cmd_export(int argc, char **argv)
{
	return change(argc, argv, '+');
}

int cmd_unexport(int argc, char **argv)
{
	return change(argc, argv, '-');
}
