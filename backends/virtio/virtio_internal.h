/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: amp_rproc_virtio internals.
 */
#ifndef AMPIPC_VIRTIO_INTERNAL_H
#define AMPIPC_VIRTIO_INTERNAL_H

/*
 * The hand-off from the amp_rproc core (rproc_glue.c) is built only when the
 * core exports it; see backends/virtio/Kbuild.
 */
#ifdef AMP_RPROC_VIRTIO_GLUE
int amp_rproc_virtio_glue_init(void);
void amp_rproc_virtio_glue_exit(void);
#else
static inline int amp_rproc_virtio_glue_init(void)
{
	return 0;
}

static inline void amp_rproc_virtio_glue_exit(void)
{
}
#endif

#endif /* AMPIPC_VIRTIO_INTERNAL_H */
