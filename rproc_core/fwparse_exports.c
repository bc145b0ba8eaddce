// SPDX-License-Identifier: GPL-2.0
/*
 * Exports of the shared firmware validator. Its sources in fwparse/ are
 * freestanding (the host tools compile them too), so they cannot carry
 * EXPORT_SYMBOL themselves; the functions are documented at their
 * definitions there. Each export follows a typeof() redeclaration of its
 * symbol, which keeps it next to a declaration without restating the
 * signature.
 */
#include <linux/export.h>

#include <ampipc/bundle.h>
#include <ampipc/fwparse.h>

typeof(amp_fw_status_str) amp_fw_status_str;
EXPORT_SYMBOL_GPL(amp_fw_status_str);

typeof(amp_fw_status_errno) amp_fw_status_errno;
EXPORT_SYMBOL_GPL(amp_fw_status_errno);

typeof(amp_fw_elf_parse) amp_fw_elf_parse;
EXPORT_SYMBOL_GPL(amp_fw_elf_parse);

typeof(amp_fw_elf_phdr) amp_fw_elf_phdr;
EXPORT_SYMBOL_GPL(amp_fw_elf_phdr);

typeof(amp_fw_elf_next_load) amp_fw_elf_next_load;
EXPORT_SYMBOL_GPL(amp_fw_elf_next_load);

typeof(amp_fw_rsc_check) amp_fw_rsc_check;
EXPORT_SYMBOL_GPL(amp_fw_rsc_check);

typeof(amp_fw_rsc_next) amp_fw_rsc_next;
EXPORT_SYMBOL_GPL(amp_fw_rsc_next);

typeof(amp_bundle_status_str) amp_bundle_status_str;
EXPORT_SYMBOL_GPL(amp_bundle_status_str);

typeof(amp_bundle_status_errno) amp_bundle_status_errno;
EXPORT_SYMBOL_GPL(amp_bundle_status_errno);

typeof(amp_bundle_is_bundle) amp_bundle_is_bundle;
EXPORT_SYMBOL_GPL(amp_bundle_is_bundle);

typeof(amp_bundle_parse) amp_bundle_parse;
EXPORT_SYMBOL_GPL(amp_bundle_parse);

typeof(amp_bundle_entry) amp_bundle_entry;
EXPORT_SYMBOL_GPL(amp_bundle_entry);

typeof(amp_bundle_next_gap) amp_bundle_next_gap;
EXPORT_SYMBOL_GPL(amp_bundle_next_gap);

typeof(amp_bundle_headers) amp_bundle_headers;
EXPORT_SYMBOL_GPL(amp_bundle_headers);
