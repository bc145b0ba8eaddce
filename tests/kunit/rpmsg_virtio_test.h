/* SPDX-License-Identifier: GPL-2.0 */
/* ampipc: the amp_rpmsg_virtio suite's cases that live in their own files. */
#ifndef AMP_RPMSG_VIRTIO_TEST_H
#define AMP_RPMSG_VIRTIO_TEST_H

struct kunit;

/* rpmsg_virtio_hostile_test.c */
void hostile_used_len(struct kunit *test);
void hostile_header_len(struct kunit *test);
void hostile_unknown_dst(struct kunit *test);
void hostile_vring_index_out_of_range(struct kunit *test);
void hostile_used_id_out_of_range(struct kunit *test);
void hostile_used_id_not_with_remote(struct kunit *test);
void hostile_used_index_run_ahead(struct kunit *test);
void hostile_tx_used_lies(struct kunit *test);
void hostile_rewritten_after_read(struct kunit *test);
void hostile_descriptors_rewritten(struct kunit *test);
void hostile_descriptor_flags(struct kunit *test);
void hostile_fuzz_rx_headers(struct kunit *test);

#endif
