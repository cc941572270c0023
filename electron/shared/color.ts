/** An image's stored average colour (0xRRGGBB, LibraryImage.avgColor) as CSS. Pure: main, the CLI and the renderer share it. */

/** `#rrggbb`, or null for no colour (or a value that is not one). */
export function rgbHex(rgb: number | null | undefined): string | null {
  if (rgb === null || rgb === undefined || !Number.isInteger(rgb) || rgb < 0 || rgb > 0xffffff) return null
  return `#${rgb.toString(16).padStart(6, '0')}`
}
