/** Limits of a reference image, shared by main's checks and the window's early refusals. */

/** The largest reference file or payload accepted (main checks it again). */
export const MAX_REFERENCE_FILE_BYTES = 50 * 1024 * 1024

/** Image types a reference may be (what main's decoder accepts); SVG and PDF are not. */
export const REFERENCE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/tiff'] as const
